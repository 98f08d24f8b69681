/**
 * Installment plans and settlements over HTTP: a collector proposes (x-collector-id), a checker
 * decides (x-collector-id and x-collector-role, until sessions land). Money as strings of minor
 * units.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { actingUser } from './acting-user.js';
import type { InstallmentRow, PlanRow, SettlementRow } from './arrangement-store.js';
import { decidePlan } from './use-cases/decide-plan.js';
import { decideSettlement } from './use-cases/decide-settlement.js';
import { listPlans, listSettlements } from './use-cases/list-arrangements.js';
import { previewPlan, proposePlan } from './use-cases/propose-plan.js';
import { proposeSettlement } from './use-cases/propose-settlement.js';
import { documentReferenceSchema } from '../documents/index.js';
import { principal } from '../auth/index.js';
import { requireInScope } from '../portfolio/index.js';

export type ArrangementRoutesOptions = { db: Db };

const minor = z.string().regex(/^\d{1,18}$/, 'must be a whole number of minor units, as a string');
const treatment = z.enum(['accrue', 'freeze', 'waive']);
const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse };
const idParam = wholeNumberParam(1, Number.MAX_SAFE_INTEGER);

const planSchema = z
  .object({
    plan_id: z.number().int(),
    portfolio_id: z.number().int(),
    account_id: z.string(),
    status: z.string(),
    currency: z.string(),
    agreed_on: z.string(),
    installment_count: z.number().int(),
    total_minor: z.string(),
    waived_minor: z.string(),
    penalty_interest: treatment,
    fees: treatment,
    grace_days: z.number().int(),
    hardship: z.record(z.string(), z.unknown()),
    proposed_by: z.string(),
    required_role: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_role: z.string().nullable(),
    ended_on: z.string().nullable(),
    schedule: z
      .array(z.object({ number: z.number().int(), due_on: z.string(), amount_minor: z.string() }))
      .optional(),
  })
  .meta({ id: 'InstallmentPlan' });

const settlementSchema = z
  .object({
    settlement_id: z.number().int(),
    portfolio_id: z.number().int(),
    account_id: z.string(),
    status: z.string(),
    currency: z.string(),
    balance_minor: z.string(),
    amount_minor: z.string(),
    forgiven_minor: z.string(),
    discount_bps: z.number().int().describe('the discount in basis points, rounded up'),
    offered_on: z.string(),
    expires_on: z.string(),
    proposed_by: z.string(),
    required_role: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_role: z.string().nullable(),
    settled_on: z.string().nullable(),
  })
  .meta({ id: 'Settlement' });

function planJson(p: PlanRow, schedule?: InstallmentRow[]): z.output<typeof planSchema> {
  return {
    plan_id: Number(p.plan_id),
    portfolio_id: Number(p.portfolio_id),
    account_id: p.account_id,
    status: p.status,
    currency: p.currency,
    agreed_on: p.agreed_on,
    installment_count: p.installment_count,
    total_minor: p.total_minor.toString(),
    waived_minor: p.waived_minor.toString(),
    penalty_interest: p.penalty_interest,
    fees: p.fees,
    grace_days: p.grace_days,
    hardship: p.hardship,
    proposed_by: p.proposed_by,
    required_role: p.required_role,
    decided_by: p.decided_by,
    decided_role: p.decided_role,
    ended_on: p.ended_on,
    ...(schedule
      ? {
          schedule: schedule.map((i) => ({
            number: i.number,
            due_on: i.due_on,
            amount_minor: i.amount_minor.toString(),
          })),
        }
      : {}),
  };
}

function settlementJson(s: SettlementRow): z.output<typeof settlementSchema> {
  return {
    settlement_id: Number(s.settlement_id),
    portfolio_id: Number(s.portfolio_id),
    account_id: s.account_id,
    status: s.status,
    currency: s.currency,
    balance_minor: s.balance_minor.toString(),
    amount_minor: s.amount_minor.toString(),
    forgiven_minor: s.forgiven_minor.toString(),
    discount_bps: s.discount_bps,
    offered_on: s.offered_on,
    expires_on: s.expires_on,
    proposed_by: s.proposed_by,
    required_role: s.required_role,
    decided_by: s.decided_by,
    decided_role: s.decided_role,
    settled_on: s.settled_on,
  };
}

const decisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().min(1).max(500).optional(),
  decided_on: calendarDate,
});

const planBody = z.strictObject({
  portfolio_id: z.number().int().positive(),
  account_id: z.string().min(1).max(64),
  agreed_on: calendarDate,
  installment_count: z.number().int(),
  first_due_on: calendarDate,
  down_payment_minor: minor.optional(),
  down_payment_due_on: calendarDate.optional(),
  penalty_interest: treatment.default('freeze'),
  fees: treatment.default('freeze'),
  grace_days: z.number().int().min(0).max(60).default(5),
  hardship: z
    .strictObject({
      kind: z.string().min(1).max(50),
      // an uploaded document of the debtor, or a reference to one held elsewhere
      documents: z.array(z.union([documentReferenceSchema, z.string().min(1).max(200)])).max(50),
      note: z.string().max(2000).optional(),
    })
    .optional(),
});

const previewSchema = z
  .object({
    account_id: z.string(),
    currency: z.string(),
    total_minor: z.string(),
    waived_minor: z.string(),
    required_role: z.string().nullable(),
    schedule: z.array(
      z.object({ number: z.number().int(), due_on: z.string(), amount_minor: z.string() }),
    ),
  })
  .meta({ id: 'InstallmentPlanPreview' });

/** The plan terms of a proposal's body, as the use cases take them. */
function planTerms(b: z.output<typeof planBody>) {
  return {
    portfolioId: BigInt(b.portfolio_id),
    accountId: b.account_id,
    agreedOn: b.agreed_on,
    installmentCount: b.installment_count,
    firstDueOn: b.first_due_on,
    downPaymentMinor: b.down_payment_minor === undefined ? undefined : BigInt(b.down_payment_minor),
    downPaymentDueOn: b.down_payment_due_on,
    penaltyInterest: b.penalty_interest,
    fees: b.fees,
    graceDays: b.grace_days,
  };
}

export const arrangementRoutes: FastifyPluginAsyncZod<ArrangementRoutesOptions> = async (
  app,
  { db },
) => {
  app.post(
    '/api/v1/installment-plans/preview',
    {
      config: { permission: 'arrangements.propose' },
      schema: {
        summary:
          'The schedule a proposal would make, its total, waiver and approver; nothing is recorded',
        tags: ['arrangements'],
        body: planBody,
        response: { 200: previewSchema, ...errors },
      },
    },
    async (request) => {
      const b = request.body;
      await requireInScope({
        db,
        scope: principal(request).scope,
        portfolioId: BigInt(b.portfolio_id),
        accountId: b.account_id,
      });
      const p = await previewPlan({ tx: db, ...planTerms(b) });
      return {
        account_id: b.account_id,
        currency: p.plan.currency,
        total_minor: p.plan.totalMinor.toString(),
        waived_minor: p.waivedMinor.toString(),
        required_role: p.requiredRole,
        schedule: p.plan.schedule.map((i) => ({
          number: i.number,
          due_on: i.dueDate,
          amount_minor: i.amountMinor.toString(),
        })),
      };
    },
  );

  app.post(
    '/api/v1/installment-plans',
    {
      config: { permission: 'arrangements.propose' },
      schema: {
        summary: 'Propose an installment plan (x-collector-id: the maker)',
        tags: ['arrangements'],
        body: planBody,
        response: { 201: planSchema, ...errors },
      },
    },
    async (request, reply) => {
      const maker = actingUser(request);
      const b = request.body;
      await requireInScope({
        db,
        scope: principal(request).scope,
        portfolioId: BigInt(b.portfolio_id),
        accountId: b.account_id,
      });
      const r = await db.transaction((tx) =>
        proposePlan({ tx, ...planTerms(b), proposedBy: maker.userId, hardship: b.hardship }),
      );
      return reply.code(201).send(planJson(r.plan, r.installments));
    },
  );

  app.post(
    '/api/v1/installment-plans/:planId/decision',
    {
      config: { permission: 'arrangements.approve' },
      schema: {
        summary: 'Approve or reject a plan (x-collector-id and x-collector-role: the checker)',
        tags: ['arrangements'],
        params: z.strictObject({ planId: idParam }),
        body: decisionBody,
        response: { 200: planSchema, ...errors },
      },
    },
    async (request) => {
      const checker = actingUser(request, true);
      const b = request.body;
      return planJson(
        await db.transaction((tx) =>
          decidePlan({
            tx,
            planId: BigInt(request.params.planId),
            checker,
            decision: b.decision,
            reason: b.reason,
            decidedOn: b.decided_on,
          }),
        ),
      );
    },
  );

  app.post(
    '/api/v1/settlements',
    {
      config: { permission: 'arrangements.propose' },
      schema: {
        summary: 'Propose a settlement offer (x-collector-id: the maker)',
        tags: ['arrangements'],
        body: z.union([
          z.strictObject({
            portfolio_id: z.number().int().positive(),
            account_id: z.string().min(1).max(64),
            offered_on: calendarDate,
            expires_on: calendarDate,
            amount_minor: minor,
          }),
          z.strictObject({
            portfolio_id: z.number().int().positive(),
            account_id: z.string().min(1).max(64),
            offered_on: calendarDate,
            expires_on: calendarDate,
            discount_bps: z.number().int(),
          }),
        ]),
        response: { 201: settlementSchema, ...errors },
      },
    },
    async (request, reply) => {
      const maker = actingUser(request);
      const b = request.body;
      await requireInScope({
        db,
        scope: principal(request).scope,
        portfolioId: BigInt(b.portfolio_id),
        accountId: b.account_id,
      });
      const s = await db.transaction((tx) =>
        proposeSettlement({
          tx,
          portfolioId: BigInt(b.portfolio_id),
          accountId: b.account_id,
          proposedBy: maker.userId,
          offeredOn: b.offered_on,
          expiresOn: b.expires_on,
          ...('amount_minor' in b
            ? { amountMinor: BigInt(b.amount_minor) }
            : { discountBps: b.discount_bps }),
        }),
      );
      return reply.code(201).send(settlementJson(s));
    },
  );

  app.post(
    '/api/v1/settlements/:settlementId/decision',
    {
      config: { permission: 'arrangements.approve' },
      schema: {
        summary: 'Approve or reject a settlement (x-collector-id and x-collector-role)',
        tags: ['arrangements'],
        params: z.strictObject({ settlementId: idParam }),
        body: decisionBody,
        response: { 200: settlementSchema, ...errors },
      },
    },
    async (request) => {
      const checker = actingUser(request, true);
      const b = request.body;
      return settlementJson(
        await db.transaction((tx) =>
          decideSettlement({
            tx,
            settlementId: BigInt(request.params.settlementId),
            checker,
            decision: b.decision,
            reason: b.reason,
          }),
        ),
      );
    },
  );

  // Read-only lists (the supervisor's approvals, the account view).
  const listQuery = z.strictObject({
    status: z
      .string()
      .regex(/^[a-z_]{1,20}$/, 'a status name')
      .optional(),
    portfolio_id: wholeNumberParam(1, Number.MAX_SAFE_INTEGER).optional(),
    account_id: z.string().min(1).max(64).optional(),
    limit: wholeNumberParam(1, 500).default(100),
  });
  const filterOf = (q: z.output<typeof listQuery>) => ({
    status: q.status,
    portfolioId: q.portfolio_id === undefined ? undefined : BigInt(q.portfolio_id),
    accountId: q.account_id,
    limit: q.limit,
  });

  app.get(
    '/api/v1/installment-plans',
    {
      config: { permission: 'arrangements.read' },
      schema: {
        summary: 'Installment plans with their schedules (status=proposed: waiting for a checker)',
        tags: ['arrangements'],
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(planSchema) }), 400: errorResponse },
      },
    },
    async (request) => {
      const rows = await listPlans({ db, ...filterOf(request.query) });
      return { items: rows.map((r) => planJson(r.plan, r.schedule)) };
    },
  );

  app.get(
    '/api/v1/settlements',
    {
      config: { permission: 'arrangements.read' },
      schema: {
        summary: 'Settlement offers (status=proposed: waiting for a checker)',
        tags: ['arrangements'],
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(settlementSchema) }), 400: errorResponse },
      },
    },
    async (request) => {
      const rows = await listSettlements({ db, ...filterOf(request.query) });
      return { items: rows.map(settlementJson) };
    },
  );
};
