/**
 * The people HTTP edge: collectors, agencies, placements with agencies, bonus rules and unit
 * targets. Money travels as strings of minor units with its currency.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, instant } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { bonusRulesSchema } from '../../modules/strategy/index.js';
import { languages, roles, skills, units } from './domain/people.js';
import { selectUnitTargets, upsertUnitTarget, type CollectorRow } from './store.js';
import { getBonusRules, setBonusRules } from './use-cases/bonus-rules.js';
import { createAgency } from './use-cases/create-agency.js';
import { createCollector } from './use-cases/create-collector.js';
import { listAgencies } from './use-cases/list-agencies.js';
import { listCollectors } from './use-cases/list-collectors.js';
import { placeAccounts } from './use-cases/place-accounts.js';
import { recallAccounts } from './use-cases/recall-accounts.js';
import { updateCollector } from './use-cases/update-collector.js';
import { getCollector } from './use-cases/get-collector.js';
import { principal } from '../auth/index.js';

export type PeopleRoutesOptions = { db: Db };

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1 to 64)');
const minor = z
  .string()
  .regex(/^\d{1,18}$/, 'must be a whole number of minor units, as a string')
  .transform(BigInt);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');
const unit = z.enum(units);

const collectorSchema = z
  .object({
    collector_id: z.string(),
    display_name: z.string(),
    role: z.enum(roles),
    unit,
    agency_id: z.string().nullable(),
    languages: z.array(z.enum(languages)),
    skills: z.array(z.string()),
    capacity: z.number().int(),
    currency: z.string(),
    monthly_target_minor: z.string(),
    monthly_bonus_base_minor: z.string(),
    active: z.boolean(),
    created_at: instant,
    updated_at: instant,
  })
  .meta({ id: 'Collector' });

const collectorFields = {
  display_name: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  unit,
  agency_id: id.nullable(),
  languages: z.array(z.enum(languages)).min(1).max(2),
  skills: z.array(z.enum(skills)).max(skills.length),
  capacity: z.number().int().min(1).max(10_000),
  currency,
  monthly_target_minor: minor,
  monthly_bonus_base_minor: minor,
  active: z.boolean(),
};

const newCollectorBody = z.strictObject({
  collector_id: id,
  ...collectorFields,
  agency_id: id.nullable().default(null),
  skills: collectorFields.skills.default([]),
  monthly_target_minor: minor.default(0n),
  monthly_bonus_base_minor: minor.default(0n),
  active: z.boolean().default(true),
});

const collectorPatchBody = z.strictObject(
  Object.fromEntries(Object.entries(collectorFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof collectorFields]: z.ZodOptional<(typeof collectorFields)[K]>;
  },
);

const agencySchema = z
  .object({
    agency_id: z.string(),
    name: z.string(),
    active: z.boolean(),
    collectors: z.number().int(),
    placed_accounts: z.number().int(),
    created_at: instant,
  })
  .meta({ id: 'Agency' });

const accountIds = z.array(z.string().min(1).max(64)).min(1).max(10_000);

export function collectorJson(c: CollectorRow): z.output<typeof collectorSchema> {
  return {
    ...c,
    languages: [...c.languages],
    skills: [...c.skills],
    monthly_target_minor: c.monthly_target_minor.toString(),
    monthly_bonus_base_minor: c.monthly_bonus_base_minor.toString(),
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}

const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse };

/** Registers collectors, agencies, placements, bonus rules and unit targets under /api/v1. */
export const peopleRoutes: FastifyPluginAsyncZod<PeopleRoutesOptions> = async (app, { db }) => {
  app.get(
    '/api/v1/collectors',
    {
      config: { permission: 'people.read' },
      schema: {
        summary: 'List collectors, optionally of one unit or agency',
        tags: ['people'],
        querystring: z.strictObject({ unit: unit.optional(), agency_id: id.optional() }),
        response: { 200: z.object({ items: z.array(collectorSchema) }), 400: errorResponse },
      },
    },
    async (request) => ({
      items: (
        await listCollectors({ db, unit: request.query.unit, agencyId: request.query.agency_id })
      ).map(collectorJson),
    }),
  );

  app.get(
    '/api/v1/me/collector',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary:
          'The signed-in user as a collector: their unit and agency (null for non-collectors)',
        tags: ['people'],
        response: { 200: z.object({ collector: collectorSchema.nullable() }), 401: errorResponse },
      },
    },
    async (request) => {
      const id = principal(request).collectorId;
      return {
        collector: id === null ? null : collectorJson(await getCollector({ db, collectorId: id })),
      };
    },
  );

  app.post(
    '/api/v1/collectors',
    {
      config: { permission: 'people.manage' },
      schema: {
        summary: 'Add a collector (in-house, or of an agency)',
        tags: ['people'],
        body: newCollectorBody,
        response: { 201: collectorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await createCollector({ db, collector: request.body });
      return reply.code(201).send(collectorJson(row));
    },
  );

  app.patch(
    '/api/v1/collectors/:id',
    {
      config: { permission: 'people.manage' },
      schema: {
        summary: "Change a collector's fields (deactivate with active: false)",
        tags: ['people'],
        params: z.strictObject({ id }),
        body: collectorPatchBody,
        response: { 200: collectorSchema, ...errors },
      },
    },
    async (request) =>
      collectorJson(
        await updateCollector({ db, collectorId: request.params.id, patch: request.body }),
      ),
  );

  app.get(
    '/api/v1/agencies',
    {
      config: { permission: 'people.read' },
      schema: {
        summary: 'List agencies with their collectors and currently placed accounts',
        tags: ['people'],
        response: { 200: z.object({ items: z.array(agencySchema) }) },
      },
    },
    async () => ({
      items: (await listAgencies({ db })).map((a) => ({
        ...a,
        created_at: a.created_at.toISOString(),
      })),
    }),
  );

  app.post(
    '/api/v1/agencies',
    {
      config: { permission: 'people.manage' },
      schema: {
        summary: 'Add an external collection agency',
        tags: ['people'],
        body: z.strictObject({ agency_id: id, name: z.string().trim().min(1).max(200) }),
        response: { 201: agencySchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await createAgency({
        db,
        agencyId: request.body.agency_id,
        name: request.body.name,
      });
      return reply
        .code(201)
        .send({ ...a, created_at: a.created_at.toISOString(), collectors: 0, placed_accounts: 0 });
    },
  );

  app.post(
    '/api/v1/placements',
    {
      config: { permission: 'placements.manage' },
      schema: {
        summary:
          'Place accounts with an agency (its collectors then work them; in-house queues do not)',
        tags: ['people'],
        body: z.strictObject({
          portfolio: z.string().min(1).max(200),
          agency_id: id,
          account_ids: accountIds,
          placed_on: calendarDate,
        }),
        response: {
          200: z.object({ placed: z.number().int(), already_placed: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const b = request.body;
      const r = await placeAccounts({
        db,
        portfolio: b.portfolio,
        agencyId: b.agency_id,
        accountIds: b.account_ids,
        placedOn: b.placed_on,
      });
      return { placed: r.placed, already_placed: r.alreadyPlaced };
    },
  );

  app.post(
    '/api/v1/placements/recall',
    {
      config: { permission: 'placements.manage' },
      schema: {
        summary: 'Recall accounts from their agency: its collectors lose access at once',
        tags: ['people'],
        body: z.strictObject({
          portfolio: z.string().min(1).max(200),
          account_ids: accountIds,
          recalled_on: calendarDate,
        }),
        response: { 200: z.object({ recalled: z.number().int() }), ...errors },
      },
    },
    async (request) =>
      recallAccounts({
        db,
        portfolio: request.body.portfolio,
        accountIds: request.body.account_ids,
        recalledOn: request.body.recalled_on,
      }),
  );

  app.get(
    '/api/v1/settings/bonus-rules',
    {
      config: { permission: 'people.read' },
      schema: {
        summary: 'The bonus rules (default: 20% of the bonus base at >= 90% of target)',
        tags: ['people'],
        response: { 200: bonusRulesSchema },
      },
    },
    async () => getBonusRules({ db }),
  );

  app.put(
    '/api/v1/settings/bonus-rules',
    {
      config: { permission: 'people.manage' },
      schema: {
        summary: 'Replace the bonus rules (tiers by attainment in basis points)',
        tags: ['people'],
        body: z.unknown(),
        response: { 200: bonusRulesSchema, 400: errorResponse },
      },
    },
    async (request) => setBonusRules({ db, rules: request.body }),
  );

  const unitTargetSchema = z.object({
    unit,
    currency: z.string(),
    monthly_target_minor: z.string(),
  });
  app.get(
    '/api/v1/unit-targets',
    {
      config: { permission: 'people.read' },
      schema: {
        summary: "Units' monthly recovery targets",
        tags: ['people'],
        response: { 200: z.object({ items: z.array(unitTargetSchema) }) },
      },
    },
    async () => ({
      items: (await selectUnitTargets(db)).map((t) => ({
        ...t,
        monthly_target_minor: t.monthly_target_minor.toString(),
      })),
    }),
  );

  app.put(
    '/api/v1/unit-targets/:unit',
    {
      config: { permission: 'people.manage' },
      schema: {
        summary: "Set a unit's monthly recovery target in one currency",
        tags: ['people'],
        params: z.strictObject({ unit }),
        body: z.strictObject({ currency, monthly_target_minor: minor }),
        response: { 200: unitTargetSchema, 400: errorResponse },
      },
    },
    async (request) => {
      const t = { unit: request.params.unit, ...request.body };
      await upsertUnitTarget(db, t);
      return { ...t, monthly_target_minor: t.monthly_target_minor.toString() };
    },
  );
};
