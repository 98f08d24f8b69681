/** The strategy's HTTP edge: segment counts with their shares, strategy versions, splits, results. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { adminActorOf, principal } from '../auth/index.js';
import { segments } from './domain/index.js';
import type { StrategyAudit } from './strategy-audit.js';
import { activateStrategyVersion } from './use-cases/activate-strategy-version.js';
import { amendStrategyDraft } from './use-cases/amend-strategy-draft.js';
import { countSegments } from './use-cases/count-segments.js';
import { createStrategyVersion } from './use-cases/create-strategy-version.js';
import { createStrategy } from './use-cases/create-strategy.js';
import { getStrategyResults } from './use-cases/get-strategy-results.js';
import { getStrategySplit } from './use-cases/get-strategy-split.js';
import { getStrategy } from './use-cases/get-strategy.js';
import { listStrategies } from './use-cases/list-strategies.js';
import { setStrategySplit } from './use-cases/set-strategy-split.js';

export type SegmentRoutesOptions = { db: Db };

const segment = z.enum(segments);

/** A debtor's segment with why: the rule that fired and the facts it tested. */
export const segmentAssignmentSchema = z
  .object({
    segment,
    rule: z.string(),
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    as_of: z.iso.date(),
  })
  .meta({ id: 'SegmentAssignment' });

const segmentCountsSchema = z
  .object({
    portfolio: z.string().nullable(),
    as_of: z.iso.date().nullable(),
    debtors: z.number().int(),
    by_segment: z.array(
      z.object({
        segment,
        debtors: z.number().int(),
        share_bps: z.number().int().describe('share of debtors in basis points, rounded down'),
      }),
    ),
  })
  .meta({ id: 'SegmentCounts' });

/** Registers GET /api/v1/segments. */
export const segmentRoutes: FastifyPluginAsyncZod<SegmentRoutesOptions> = async (app, { db }) => {
  app.get(
    '/api/v1/segments',
    {
      config: { permission: 'segments.read' },
      schema: {
        summary: 'Delinquent debtors per segment (green, yellow, red) with their shares',
        tags: ['strategy'],
        querystring: z.strictObject({ portfolio: z.string().min(1).max(200).optional() }),
        response: { 200: segmentCountsSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => countSegments({ db, portfolio: request.query.portfolio }),
  );
};

export type StrategyRoutesOptions = {
  db: Db;
  /** the clock of the changes recorded in the evidence log (tests fix it) */
  now?: () => Date;
};

const strategyId = z.string().min(1).max(64);
const definitionNote =
  'name, rules, escalations, preDue as in the strategy domain; money as strings of minor units';

/** A strategy version: its definition (rules, escalations, preDue) with identity and status. */
const strategyVersionSchema = z
  .looseObject({
    id: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'active', 'retired']),
    name: z.string(),
    rules: z.array(z.unknown()),
    escalations: z.array(z.unknown()),
    created_at: z.string(),
    activated_at: z.string().nullable(),
    retired_at: z.string().nullable(),
  })
  .meta({ id: 'StrategyVersion' });

const strategySummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    active_version: z.number().int().nullable(),
    latest_version: z.number().int(),
    versions: z.array(z.object({ version: z.number().int(), status: z.string() })),
    active: strategyVersionSchema.nullable(),
  })
  .meta({ id: 'StrategySummary' });

const ref = z.object({ id: z.string(), version: z.number().int() });
const splitSchema = z
  .object({
    effective_from: z.iso.date(),
    experiment: z.string(),
    champion: ref,
    challengers: z.array(z.object({ strategy: ref, shareBps: z.number().int() })),
    created_at: z.string(),
  })
  .meta({ id: 'StrategySplit' });

const resultSchema = z
  .object({
    strategy_id: z.string(),
    strategy_version: z.number().int(),
    arm: z.enum(['champion', 'challenger']),
    accounts: z.number().int(),
    actions_planned: z.number().int(),
    actions_done: z.number().int(),
    promises_made: z.number().int(),
    promises_kept: z.number().int(),
    promises_broken: z.number().int(),
    accounts_cured: z.number().int(),
  })
  .meta({ id: 'StrategyResult' });

const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse };
const body = z.record(z.string(), z.unknown()).describe(definitionNote);
const versionParams = z.strictObject({ id: strategyId, version: wholeNumberParam(1, 1_000_000) });

/**
 * Registers the strategy versions (list, one strategy, create, revise, amend a draft, activate),
 * the champion/challenger split of a portfolio and the results per version and arm.
 */
export const strategyRoutes: FastifyPluginAsyncZod<StrategyRoutesOptions> = async (
  app,
  { db, now = () => new Date() },
) => {
  // who changes a strategy, and when: for the evidence log
  const audit = (request: FastifyRequest): StrategyAudit => ({
    actor: adminActorOf(principal(request)),
    at: now(),
  });
  app.get(
    '/api/v1/strategies',
    {
      config: { permission: 'strategy.read' },
      schema: {
        summary: 'Strategies with their versions and active version',
        tags: ['strategy'],
        response: { 200: z.object({ strategies: z.array(strategySummarySchema) }) },
      },
    },
    async () => ({ strategies: await listStrategies({ db }) }),
  );
  app.get(
    '/api/v1/strategies/:id',
    {
      config: { permission: 'strategy.read' },
      schema: {
        summary: 'A strategy with every version, oldest first',
        tags: ['strategy'],
        params: z.strictObject({ id: strategyId }),
        response: {
          200: z.object({ id: z.string(), versions: z.array(strategyVersionSchema) }),
          ...errors,
        },
      },
    },
    async (request) => getStrategy({ db, strategyId: request.params.id }),
  );
  app.post(
    '/api/v1/strategies',
    {
      config: { permission: 'strategy.write' },
      schema: {
        summary: 'A new strategy, as draft version 1',
        tags: ['strategy'],
        body,
        response: { 201: strategyVersionSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createStrategy({ db, input: request.body, audit: audit(request) });
    },
  );
  app.post(
    '/api/v1/strategies/:id/versions',
    {
      config: { permission: 'strategy.write' },
      schema: {
        summary: 'Revise a version (default: the newest) into a new draft version',
        tags: ['strategy'],
        params: z.strictObject({ id: strategyId }),
        querystring: z.strictObject({ from: wholeNumberParam(1, 1_000_000).optional() }),
        body,
        response: { 201: strategyVersionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = await createStrategyVersion({
        db,
        strategyId: request.params.id,
        from: request.query.from,
        edits: request.body,
        audit: audit(request),
      });
      reply.code(201);
      return version;
    },
  );
  app.patch(
    '/api/v1/strategies/:id/versions/:version',
    {
      config: { permission: 'strategy.write' },
      schema: {
        summary: 'Amend a draft version (409 when active or retired: revise it instead)',
        tags: ['strategy'],
        params: versionParams,
        body,
        response: { 200: strategyVersionSchema, ...errors },
      },
    },
    async (request) =>
      amendStrategyDraft({
        db,
        strategyId: request.params.id,
        version: request.params.version,
        edits: request.body,
        audit: audit(request),
      }),
  );
  app.post(
    '/api/v1/strategies/:id/versions/:version/activate',
    {
      config: { permission: 'strategy.activate' },
      schema: {
        summary: 'Activate a draft version; the active version it replaces is retired',
        tags: ['strategy'],
        params: versionParams,
        response: { 200: strategyVersionSchema, ...errors },
      },
    },
    async (request) =>
      activateStrategyVersion({
        db,
        strategyId: request.params.id,
        version: request.params.version,
        audit: audit(request),
      }),
  );
  app.get(
    '/api/v1/portfolios/:id/strategy-split',
    {
      config: { permission: 'strategy.read' },
      schema: {
        summary: 'The champion/challenger splits of a portfolio (by name), newest first',
        tags: ['strategy'],
        params: z.strictObject({ id: z.string().min(1).max(200) }),
        response: {
          200: z.object({
            portfolio: z.string(),
            default_strategy: z.string(),
            splits: z.array(splitSchema),
          }),
          ...errors,
        },
      },
    },
    async (request) => getStrategySplit({ db, portfolio: request.params.id }),
  );
  app.put(
    '/api/v1/portfolios/:id/strategy-split',
    {
      config: { permission: 'strategy.activate' },
      schema: {
        summary: 'Set the champion/challenger split of a portfolio from a date on',
        tags: ['strategy'],
        params: z.strictObject({ id: z.string().min(1).max(200) }),
        body: z.looseObject({ effective_from: calendarDate }),
        response: { 200: splitSchema, ...errors },
      },
    },
    async (request) => {
      const { effective_from: effectiveFrom, ...split } = request.body;
      return setStrategySplit({
        db,
        portfolio: request.params.id,
        effectiveFrom,
        split,
        audit: audit(request),
      });
    },
  );
  app.get(
    '/api/v1/strategy-results',
    {
      config: { permission: 'strategy.read' },
      schema: {
        summary: 'Results per strategy version and arm over cycle dates from..to',
        tags: ['strategy'],
        querystring: z.strictObject({ from: calendarDate, to: calendarDate }),
        response: {
          200: z.object({ from: z.string(), to: z.string(), results: z.array(resultSchema) }),
          ...errors,
        },
      },
    },
    async (request) => getStrategyResults({ db, from: request.query.from, to: request.query.to }),
  );
};
