/** The analytics HTTP edge: the war-room briefing as JSON, CSV or PDF. */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { briefingCsv } from './briefing-csv.js';
import { briefingPdf } from './briefing-pdf.js';
import { briefingJson } from './domain/briefing.js';
import { adminActorOf, principal } from '../auth/index.js';
import type { BuildBriefingOptions } from './use-cases/build-briefing.js';
import { exportBriefing } from './use-cases/export-briefing.js';
import { buildTrends } from './use-cases/build-trends.js';

export type AnalyticsRoutesOptions = {
  db: Db;
  timeZone: string;
  kpisByUnit?: BuildBriefingOptions['kpisByUnit'];
  /** the clock of the exports recorded in the evidence log (tests fix it) */
  now?: () => Date;
};

const minor = z
  .string()
  .regex(/^-?\d+$/)
  .describe('minor units');
const amount = z.object({ currency: z.string(), minor });
const count = z.object({ key: z.string(), count: z.number().int() });
const accountLine = z.object({
  portfolio: z.string(),
  account_id: z.string(),
  debtor_id: z.string(),
  bucket: z.string(),
  dpd: z.number().int(),
  currency: z.string(),
  amount_minor: minor,
});
const promiseLine = z.object({
  portfolio: z.string(),
  promise_id: minor.describe('promise id'),
  account_id: z.string(),
  collector_id: z.string().nullable(),
  currency: z.string(),
  amount_minor: minor,
  paid_minor: minor,
  promised_on: z.iso.date(),
});
const bps = z.number().int().nullable().describe('basis points (1% = 100), null when undefined');

export const briefingSchema = z
  .object({
    as_of: z.iso.date(),
    portfolio: z.string().nullable(),
    new_delinquencies: z.object({
      accounts: z.number().int(),
      overdue: z.array(amount),
      largest: z.array(accountLine),
    }),
    yesterday: z.object({
      date: z.iso.date(),
      actions_done: z.array(count).describe('key: unit:channel'),
      attempts: z.number().int(),
      outcomes: z.array(count).describe("key: the outcome, 'pending' while none is recorded"),
    }),
    promises_due_today: z.object({
      count: z.number().int(),
      amount: z.array(amount),
      paid: z.array(amount),
      items: z.array(promiseLine),
    }),
    broken_promises: z.object({
      count: z.number().int(),
      amount: z.array(amount),
      items: z.array(promiseLine),
    }),
    escalations: z.object({ count: z.number().int(), by_rule: z.array(count) }),
    actions_planned: z.object({ count: z.number().int(), by_unit: z.array(count) }),
    segments: z
      .object({
        debtors: z.number().int(),
        by_segment: z.array(
          z.object({ segment: z.string(), debtors: z.number().int(), share_bps: z.number().int() }),
        ),
      })
      .describe('the current assignment of every delinquent debtor'),
    top_red_accounts: z.array(accountLine),
    kpis_by_unit: z.array(
      z.object({
        unit: z.string(),
        collectors: z.number().int(),
        attempts: z.number().int(),
        contact_rate_bps: bps,
        promise_kept_rate_bps: bps,
        recovered: z.array(amount),
        target: z.array(amount),
        recovery_rate_bps: bps,
      }),
    ),
  })
  .meta({ id: 'Briefing' });

/** Registers GET /api/v1/briefing and GET /api/v1/analytics/trends. */
export const analyticsRoutes: FastifyPluginAsyncZod<AnalyticsRoutesOptions> = async (
  app,
  { db, timeZone, kpisByUnit, now = () => new Date() },
) => {
  app.get(
    '/api/v1/briefing',
    {
      config: { permission: 'analytics.read' },
      schema: {
        summary: 'The morning war-room briefing (JSON, or CSV / PDF with format)',
        description:
          'New delinquencies, yesterday’s actions and outcomes, promises due today and broken, ' +
          'escalations, segment shares, the largest red balances and KPIs per unit. as_of ' +
          'defaults to the latest daily cycle. Every briefing handed out is recorded in the ' +
          'administration trail (admin_briefing_exported).',
        tags: ['analytics'],
        querystring: z.strictObject({
          as_of: calendarDate.optional(),
          portfolio: z.string().min(1).max(200).optional(),
          format: z.enum(['json', 'csv', 'pdf']).default('json'),
        }),
        response: {
          200: briefingSchema.describe('format=json; CSV (text/csv) or PDF otherwise'),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const { as_of, portfolio, format } = request.query;
      const b = await exportBriefing({
        db,
        asOf: as_of,
        portfolio,
        timeZone,
        kpisByUnit,
        format,
        via: 'api',
        audit: { actor: adminActorOf(principal(request)), at: now() },
      });
      const name = `briefing-${b.as_of}`;
      // CSV and PDF bypass the JSON schema's serializer with their own.
      const raw = reply as unknown as FastifyReply;
      if (format === 'csv')
        return raw
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .serializer((p: unknown) => p as string)
          .send(briefingCsv(b));
      if (format === 'pdf')
        return raw
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${name}.pdf"`)
          .serializer((p: unknown) => p as string)
          .send(await briefingPdf(b));
      return briefingJson(b);
    },
  );

  app.get(
    '/api/v1/analytics/trends',
    {
      config: { permission: 'analytics.read' },
      schema: {
        summary: 'Roll rates month over month and the recovery trend',
        description:
          'For the months ending with as_of (default the latest daily cycle): per month whose end ' +
          'has passed and per bucket, of the accounts in the bucket at the month end before, how ' +
          'many rolled forward (a worse bucket), stayed, cured (a better bucket) or exited (no ' +
          'snapshot) at its end; and per month and currency, the posted payments (reversals ' +
          'excluded) against the overdue amount at the month end before. Rates in basis points ' +
          'rounded down, null when there is nothing to divide by.',
        tags: ['analytics'],
        querystring: z.strictObject({
          as_of: calendarDate.optional(),
          portfolio: z.string().min(1).max(200).optional(),
          months: wholeNumberParam(1, 24).default(6),
        }),
        response: {
          200: z
            .object({
              as_of: z.iso.date().nullable(),
              portfolio: z.string().nullable(),
              months: z.array(z.string().describe('YYYY-MM')),
              roll_rates: z.array(
                z.object({
                  month: z.string(),
                  bucket: z.string(),
                  accounts: z.number().int(),
                  rolled_forward: z.number().int(),
                  stayed: z.number().int(),
                  cured: z.number().int(),
                  exited: z.number().int(),
                  roll_rate_bps: bps,
                  cure_rate_bps: bps,
                }),
              ),
              recovery: z.array(
                z.object({
                  month: z.string(),
                  currency: z.string(),
                  recovered_minor: minor,
                  overdue_at_start_minor: minor.nullable(),
                  recovery_rate_bps: bps,
                }),
              ),
            })
            .meta({ id: 'Trends' }),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const t = await buildTrends({ db, asOf: q.as_of, portfolio: q.portfolio, months: q.months });
      return {
        as_of: t.as_of,
        portfolio: q.portfolio ?? null,
        months: t.months,
        roll_rates: t.rollRates.map((r) => ({
          month: r.month,
          bucket: r.bucket,
          accounts: r.accounts,
          rolled_forward: r.rolledForward,
          stayed: r.stayed,
          cured: r.cured,
          exited: r.exited,
          roll_rate_bps: r.rollRateBps,
          cure_rate_bps: r.cureRateBps,
        })),
        recovery: t.recovery.map((r) => ({
          month: r.month,
          currency: r.currency,
          recovered_minor: r.recoveredMinor.toString(),
          overdue_at_start_minor: r.overdueAtStartMinor?.toString() ?? null,
          recovery_rate_bps: r.recoveryRateBps,
        })),
      };
    },
  );
};
