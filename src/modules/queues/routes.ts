/**
 * The queues' HTTP edge: claim the next case, release it, the load of every queue, a collector's
 * cases and completing tasks. The acting collector comes from actingCollectorId (the
 * x-collector-id header until sign-in lands). Cases carry no personal data.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, instant } from '../../http/schemas.js';
import { dateInZone, type CalendarDate } from '../../shared/calendar.js';
import type { Db } from '../../shared/db/types.js';
import { segmentAssignmentSchema } from '../strategy/index.js';
import { actingCollectorId, units } from '../people/index.js';
import type { HeldCaseRow } from './store.js';
import { caseId } from './domain/case-id.js';
import { claimNextCase, defaultClaimMinutes } from './use-cases/claim-next-case.js';
import { completeTask } from './use-cases/complete-task.js';
import { getQueueLoad } from './use-cases/get-queue-load.js';
import { listHeldCases } from './use-cases/list-held-cases.js';
import type { WorkCase } from './use-cases/load-case.js';
import { releaseCase } from './use-cases/release-case.js';
import { recordOutcome } from './use-cases/record-outcome.js';
import { recordPromisePayment } from './use-cases/record-promise-payment.js';
import { outcomeInputSchema, outcomes } from './domain/outcomes.js';
import { kpiGroupings, type Amount, type KpiRow } from './domain/kpi-rollup.js';
import { computeKpis } from './use-cases/compute-kpis.js';
import { AppError } from '../../shared/errors.js';
import { principal } from '../auth/index.js';

export type QueueRoutesOptions = {
  db: Db;
  /** minutes a claim lasts (default 30) */
  claimMinutes?: number;
  /** the bank's zone: "today" for due work (default Asia/Shanghai) */
  timeZone?: string;
  /** today's date, for tests (default: the date in timeZone now) */
  today?: () => CalendarDate;
};

const date = z.iso.date();
const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse };

const caseSchema = z
  .object({
    case_id: z.string(),
    unit: z.enum(units),
    portfolio: z.string(),
    debtor_id: z.string(),
    language: z.string(),
    timezone: z.string(),
    segment: segmentAssignmentSchema.nullable(),
    claim_expires_at: instant.nullable(),
    accounts: z.array(
      z.object({
        account_id: z.string(),
        product: z.string(),
        currency: z.string(),
        balance_minor: z.string(),
        overdue_amount_minor: z.string(),
        dpd: z.number().int().nullable(),
        bucket: z.string().nullable(),
        risk_class: z.string().nullable(),
        agency_id: z.string().nullable(),
      }),
    ),
    actions: z.array(
      z.object({
        action_id: z.string(),
        account_id: z.string(),
        kind: z.string(),
        channel: z.string(),
        template_id: z.string().nullable(),
        due_on: date,
        reason: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'WorkCase' });

export function caseJson(c: WorkCase): z.output<typeof caseSchema> {
  return {
    case_id: c.caseId,
    unit: c.unit,
    portfolio: c.portfolio,
    debtor_id: c.debtorId,
    language: c.language,
    timezone: c.timezone,
    segment: c.segment,
    claim_expires_at: c.claimExpiresAt?.toISOString() ?? null,
    accounts: c.accounts.map((a) => ({
      ...a,
      balance_minor: a.balance_minor.toString(),
      overdue_amount_minor: a.overdue_amount_minor.toString(),
    })),
    actions: c.actions.map((a) => ({
      action_id: a.action_id.toString(),
      account_id: a.account_id,
      kind: a.kind,
      channel: a.channel,
      template_id: a.template_id,
      due_on: a.due_on,
      reason: a.reason,
    })),
  };
}

function heldCaseJson(h: HeldCaseRow) {
  return {
    case_id: caseId({
      unit: h.unit as (typeof units)[number],
      portfolioId: h.portfolio_id,
      debtorId: h.debtor_id,
    }),
    unit: h.unit,
    debtor_id: h.debtor_id,
    actions: h.actions,
    oldest_due_on: h.oldest_due_on,
    claimed_at: h.claimed_at.toISOString(),
    claim_expires_at: h.claim_expires_at.toISOString(),
  };
}

/** Registers the queue routes. */
export const queueRoutes: FastifyPluginAsyncZod<QueueRoutesOptions> = async (app, opts) => {
  const { db } = opts;
  const zone = opts.timeZone ?? 'Asia/Shanghai';
  // the zone's date, formatted at most once a second (an Intl formatter per claim cost ~0.3 ms)
  let day = { at: 0, date: '' as CalendarDate };
  const today =
    opts.today ??
    (() => {
      const now = Date.now();
      if (now - day.at >= 1000) day = { at: now, date: dateInZone(new Date(now), zone) };
      return day.date;
    });
  const claimMinutes = opts.claimMinutes ?? defaultClaimMinutes;

  app.post(
    '/api/v1/queues/:unit/claim',
    {
      config: { permission: 'queues.work' },
      schema: {
        summary: "Claim the next case of a unit's queue for the acting collector",
        description:
          "Oldest due first, then the highest balance, among debtors whose language the collector speaks, work their skills allow, in their queue (in-house, or their agency's placed accounts). Two collectors never get the same case. 409 at capacity. `case` is null when nothing is left for them. The claim lapses after the configured minutes (default 30).",
        tags: ['queues'],
        params: z.strictObject({ unit: z.enum(units) }),
        response: { 200: z.object({ case: caseSchema.nullable() }), ...errors },
      },
    },
    async (request) => {
      const c = await claimNextCase({
        db,
        collectorId: actingCollectorId(request),
        unit: request.params.unit,
        today: today(),
        claimMinutes,
      });
      return { case: c ? caseJson(c) : null };
    },
  );

  app.post(
    '/api/v1/cases/release',
    {
      config: { permission: 'queues.work' },
      schema: {
        summary: 'Give a held case back to its queue',
        tags: ['queues'],
        body: z.strictObject({ case_id: z.string().min(1).max(200) }),
        response: { 200: z.object({ released: z.number().int() }), ...errors },
      },
    },
    async (request) =>
      releaseCase({ db, collectorId: actingCollectorId(request), caseId: request.body.case_id }),
  );

  app.get(
    '/api/v1/queues',
    {
      config: { permission: 'queues.read' },
      schema: {
        summary: 'Load per unit and queue (agency_id null: in-house)',
        description:
          'Work due by today: open cases and actions (lapsed claims count as open), cases held, open cases already overdue, the oldest open due date.',
        tags: ['queues'],
        response: {
          200: z.object({
            today: date,
            items: z.array(
              z.object({
                unit: z.string(),
                agency_id: z.string().nullable(),
                open_cases: z.number().int(),
                open_actions: z.number().int(),
                claimed_cases: z.number().int(),
                overdue_cases: z.number().int(),
                oldest_due_on: date.nullable(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const t = today();
      return { today: t, items: await getQueueLoad({ db, today: t }) };
    },
  );

  app.get(
    '/api/v1/collectors/:id/cases',
    {
      config: { permission: 'queues.work' },
      schema: {
        summary: 'The cases a collector holds now',
        tags: ['queues'],
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                case_id: z.string(),
                unit: z.string(),
                debtor_id: z.string(),
                actions: z.number().int(),
                oldest_due_on: date,
                claimed_at: instant,
                claim_expires_at: instant,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const p = principal(request);
      // someone else's cases are for those who see everything (supervisors ...)
      if (p.scope.kind !== 'all' && p.collectorId !== request.params.id)
        throw new AppError('forbidden', 'you may see only your own cases', {
          reason: 'out_of_scope',
        });
      return {
        items: (await listHeldCases({ db, collectorId: request.params.id })).map(heldCaseJson),
      };
    },
  );

  app.post(
    '/api/v1/actions/:id/complete',
    {
      config: { permission: 'queues.work' },
      schema: {
        summary:
          'Complete a task that is not a contact (field visit, legal review, cash-flow check)',
        tags: ['queues'],
        params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'must be an action id') }),
        body: z.strictObject({ note: z.string().trim().min(1).max(4000) }),
        response: {
          200: z.object({
            action_id: z.string(),
            status: z.literal('done'),
            completed_at: instant,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const r = await completeTask({
        db,
        collectorId: actingCollectorId(request),
        actionId: BigInt(request.params.id),
        note: request.body.note,
      });
      return {
        action_id: r.actionId.toString(),
        status: 'done' as const,
        completed_at: r.completedAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/contact-attempts/:id/outcome',
    {
      config: { permission: 'queues.work' },
      schema: {
        summary: "Record a contact attempt's outcome",
        description:
          "Sets answered and conversation, writes the debtor flags the outcome implies (represented, dispute, deceased; cease_contact when a refusal or complaint asks for contact to stop), records a promise to pay, and marks the attempt's action done, in one transaction. 409 when someone else holds the case (naming who), when the outcome is already recorded, or when the account is not in the collector's queue.",
        tags: ['queues'],
        params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'must be an attempt id') }),
        body: outcomeInputSchema,
        response: {
          200: z.object({
            attempt_id: z.string(),
            outcome: z.enum(outcomes),
            answered: z.boolean(),
            conversation: z.boolean(),
            flags: z.array(z.string()),
            promise_id: z.string().nullable(),
            action_done: z.string().nullable(),
            recorded_at: instant,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const r = await recordOutcome({
        db,
        collectorId: actingCollectorId(request),
        attemptId: BigInt(request.params.id),
        input: request.body,
      });
      return {
        attempt_id: r.attemptId.toString(),
        outcome: r.outcome,
        answered: r.answered,
        conversation: r.conversation,
        flags: r.flags,
        promise_id: r.promiseId?.toString() ?? null,
        action_done: r.actionDone?.toString() ?? null,
        recorded_at: r.recordedAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/promises/:id/payments',
    {
      config: { permission: 'payments.post' },
      schema: {
        summary: 'Record a payment toward a promise (until payments are posted from statements)',
        description:
          "Credits the open promises of the promise's account, oldest due first. The Idempotency-Key header is required: the same key recorded again changes nothing.",
        tags: ['queues'],
        headers: z.object({ 'idempotency-key': z.string().min(1).max(190) }),
        params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'must be a promise id') }),
        body: z.strictObject({
          amount_minor: z
            .string()
            .regex(
              /^[1-9]\d{0,17}$/,
              'must be a positive whole number of minor units, as a string',
            ),
          paid_on: calendarDate,
        }),
        response: {
          200: z.object({
            currency: z.string(),
            credited: z.array(z.object({ promise_id: z.string(), amount_minor: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const r = await recordPromisePayment({
        db,
        promiseId: BigInt(request.params.id),
        amountMinor: BigInt(request.body.amount_minor),
        paidOn: request.body.paid_on,
        paymentRef: request.headers['idempotency-key'],
      });
      return {
        currency: r.currency,
        credited: r.credited.map((c) => ({
          promise_id: c.promiseId.toString(),
          amount_minor: c.amountMinor.toString(),
        })),
      };
    },
  );

  const amounts = z.array(z.object({ currency: z.string(), amount_minor: z.string() }));
  const amountsJson = (list: readonly Amount[]) =>
    list.map((a) => ({ currency: a.currency, amount_minor: a.minor.toString() }));
  const kpiJson = (r: KpiRow) => ({
    key: r.key,
    collectors: r.collectors,
    attempts: r.attempts,
    accounts_attempted: r.accountsAttempted,
    accounts_reached: r.accountsReached,
    contact_rate_bps: r.contactRateBps,
    promises_kept: r.promisesKept,
    promises_broken: r.promisesBroken,
    promise_kept_rate_bps: r.promiseKeptRateBps,
    recovered: amountsJson(r.recovered),
    target: amountsJson(r.target),
    recovery_rate_bps: r.recoveryRateBps,
    bonus: amountsJson(r.bonus),
    days_to_judgment: null,
  });

  app.get(
    '/api/v1/kpis',
    {
      config: { permission: 'kpis.read' },
      schema: {
        summary: 'KPIs per collector, unit or agency over a period',
        description:
          "An agency manager sees only their agency's collectors. Over the days from..to (inclusive, at most 366): cash recovered (payments toward the promises each collector took, until payments are posted from statements), target (monthly targets prorated by day; a unit target replaces its collectors' sum), recovery rate against target (basis points; null when the target is not in one currency), contact rate (distinct accounts with a conversation over accounts attempted), promise kept rate (kept over kept + broken, by the day they were resolved), attempts, and the bonus from the configured rules (default: 20% of the bonus base at >= 90% of target; summed over a group's members). Rates are basis points rounded down. days_to_judgment is always null: there is no litigation data until the legal module lands. by=agency groups in-house collectors under \"in_house\".",
        tags: ['queues'],
        querystring: z.strictObject({
          from: calendarDate,
          to: calendarDate,
          by: z.enum(kpiGroupings).default('collector'),
        }),
        response: {
          200: z.object({
            from: date,
            to: date,
            by: z.enum(kpiGroupings),
            items: z.array(
              z.object({
                key: z.string(),
                collectors: z.number().int(),
                attempts: z.number().int(),
                accounts_attempted: z.number().int(),
                accounts_reached: z.number().int(),
                contact_rate_bps: z.number().int().nullable(),
                promises_kept: z.number().int(),
                promises_broken: z.number().int(),
                promise_kept_rate_bps: z.number().int().nullable(),
                recovered: amounts,
                target: amounts,
                recovery_rate_bps: z.number().int().nullable(),
                bonus: amounts,
                days_to_judgment: z
                  .null()
                  .describe('always null until litigation lands (no judgments recorded yet)'),
              }),
            ),
          }),
          400: errorResponse,
        },
      },
    },
    async (request) => {
      const { from, to, by } = request.query;
      // an agency manager sees their own agency's collectors only (an agency scope with no
      // agency sees no one)
      const scope = principal(request).scope;
      const rows = await computeKpis({
        db,
        from,
        to,
        by,
        ...(scope.kind === 'agency' ? { agencyId: scope.agencyId ?? '' } : {}),
      });
      return { from, to, by, items: rows.map(kpiJson) };
    },
  );
};
