/**
 * Retention and access requests over HTTP: a person's data exported for an access request
 * (logged), and the retention rules: a portfolio's period, and a run previewed or applied.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { PiiCipher } from '../../shared/pii-cipher.js';
import { adminActorOf, principal } from '../auth/index.js';
import { findPortfolio, revealPurposes } from '../portfolio/index.js';
import { maxRetentionMonths, minRetentionMonths } from './domain/retention.js';
import { applyRetention } from './use-cases/apply-retention.js';
import { exportPersonalData } from './use-cases/export-personal-data.js';
import { getRetentionPeriod, type RetentionPeriod } from './use-cases/get-retention-period.js';
import { setRetentionPeriod } from './use-cases/set-retention-period.js';

export type PrivacyRoutesOptions = { db: Db; cipher: PiiCipher; now?: () => Date };

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

const portfolioParams = z.strictObject({
  portfolioId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER),
});

const exportSchema = z
  .looseObject({
    format: z.literal('recourse-personal-data-export/1'),
    debtor_id: z.string(),
    read_id: z.string(),
    anonymised: z.object({ at: z.string(), statement: z.string() }).nullable(),
  })
  .meta({ id: 'PersonalDataExport' });

const periodSchema = z
  .object({
    portfolio_id: z.string(),
    retention_months: z.number().int(),
    version: z.number().int(),
    history: z.array(
      z.object({
        version: z.number().int(),
        retention_months: z.number().int(),
        changed_by: z.string(),
        reason: z.string().nullable(),
        changed_at: z.string(),
      }),
    ),
  })
  .meta({ id: 'RetentionPeriod' });

const holdSchema = z.object({
  code: z.enum(['dispute', 'complaint', 'legal_review']),
  reason: z.string(),
});

const runSchema = z
  .object({
    as_of: z.string(),
    dry_run: z.boolean(),
    portfolios: z.array(
      z.object({ portfolio: z.string(), portfolio_id: z.string(), retention_months: z.number() }),
    ),
    counts: z.object({
      considered: z.number(),
      anonymised: z.number(),
      eligible: z.number(),
      held: z.number(),
      retained: z.number(),
      open: z.number(),
      already_anonymised: z.number(),
    }),
    debtors: z.array(
      z.object({
        portfolio: z.string(),
        portfolio_id: z.string(),
        debtor_id: z.string(),
        status: z.enum(['eligible', 'anonymised', 'held']),
        closed_since: z.string(),
        retained_until: z.string(),
        holds: z.array(holdSchema),
      }),
    ),
  })
  .meta({ id: 'RetentionRun' });

function periodJson(portfolioId: bigint, p: RetentionPeriod): z.output<typeof periodSchema> {
  return {
    portfolio_id: portfolioId.toString(),
    retention_months: p.retentionMonths,
    version: p.version,
    history: p.history.map((h) => ({ ...h, changed_at: h.changed_at.toISOString() })),
  };
}

export const privacyRoutes: FastifyPluginAsyncZod<PrivacyRoutesOptions> = async (
  app,
  { db, cipher, now = () => new Date() },
) => {
  app.get(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/personal-data/export',
    {
      config: { permission: 'personal_data.export' },
      schema: {
        summary:
          'Everything held about one person, for an access request (logged with who, when and why)',
        tags: ['personal data'],
        params: portfolioParams.extend({ debtorId: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          purpose: z.enum(revealPurposes),
          note: z.string().min(1).max(500).optional(),
        }),
        response: { 200: exportSchema, ...errors },
      },
    },
    async (request) =>
      exportPersonalData({
        db,
        cipher,
        actor: principal(request),
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
        purpose: request.query.purpose,
        note: request.query.note ?? null,
        at: now(),
      }),
  );

  app.get(
    '/api/v1/portfolios/:portfolioId/retention',
    {
      config: { permission: 'retention.manage' },
      schema: {
        summary: "A portfolio's retention period after its debtors' last account closed",
        tags: ['retention'],
        params: portfolioParams,
        response: { 200: periodSchema, ...errors },
      },
    },
    async (request) => {
      const portfolioId = BigInt(request.params.portfolioId);
      if (!(await findPortfolio({ db, portfolioId })))
        throw new AppError('not_found', `no portfolio ${portfolioId}`);
      return periodJson(portfolioId, await getRetentionPeriod({ db, portfolioId }));
    },
  );

  app.put(
    '/api/v1/portfolios/:portfolioId/retention',
    {
      config: { permission: 'retention.manage' },
      schema: {
        summary: "Set a portfolio's retention period (months), as a new version",
        tags: ['retention'],
        params: portfolioParams,
        body: z.strictObject({
          retention_months: z.number().int().min(minRetentionMonths).max(maxRetentionMonths),
          reason: z.string().min(1).max(1000).optional(),
        }),
        response: { 200: periodSchema, ...errors },
      },
    },
    async (request) => {
      const portfolioId = BigInt(request.params.portfolioId);
      return periodJson(
        portfolioId,
        await setRetentionPeriod({
          db,
          portfolioId,
          months: request.body.retention_months,
          reason: request.body.reason ?? null,
          actor: adminActorOf(principal(request)),
          at: now(),
        }),
      );
    },
  );

  app.post(
    '/api/v1/portfolios/:portfolioId/retention/runs',
    {
      config: { permission: 'retention.manage' },
      schema: {
        summary:
          'Preview (dry_run) or apply the retention rules as of a date: who is anonymised, who is held and why',
        tags: ['retention'],
        params: portfolioParams,
        body: z.strictObject({ as_of: calendarDate, dry_run: z.boolean() }),
        response: { 200: runSchema, ...errors },
      },
    },
    async (request) => {
      const portfolioId = BigInt(request.params.portfolioId);
      const portfolio = await findPortfolio({ db, portfolioId });
      if (!portfolio) throw new AppError('not_found', `no portfolio ${portfolioId}`);
      return applyRetention({
        db,
        asOf: request.body.as_of,
        dryRun: request.body.dry_run,
        portfolio: portfolio.name,
        actor: adminActorOf(principal(request)),
        now,
      });
    },
  );
};
