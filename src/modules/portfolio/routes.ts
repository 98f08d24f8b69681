/**
 * The portfolio's HTTP edge: portfolios, accounts (filtered, paged by cursor), one account with
 * its history, and the summary the web page draws. Amounts leave as decimal strings at their
 * currency's precision; personal information never leaves at all.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { booleanParam, errorResponse, instant, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { buckets, riskClasses } from '../cycle/index.js';
import { segmentAssignmentSchema } from '../strategy/index.js';
import { accountJson, amountOf } from './account-json.js';
import type { BucketEventRow, MonthEndSnapshotRow, PortfolioRow } from './store.js';
import { getAccount, type AccountDetail } from './use-cases/get-account.js';
import { listAccounts, maxPageSize } from './use-cases/list-accounts.js';
import { listPortfolios } from './use-cases/list-portfolios.js';
import {
  summarizePortfolio,
  type CurrencyTotals,
  type PortfolioSummary,
  type Tally,
} from './use-cases/summarize-portfolio.js';

export type PortfolioRoutesOptions = { db: Db };

const amount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('decimal amount in major units, with exactly the digits of its currency');
const date = z.iso.date();
const bucket = z.enum(buckets);
const riskClass = z.enum(riskClasses);
const portfolioName = z.string().min(1).max(200);

const portfolioSchema = z
  .object({
    portfolio_id: z.number().int(),
    name: z.string(),
    account_count: z.number().int(),
    created_at: instant,
  })
  .meta({ id: 'Portfolio' });

const accountSchema = z
  .object({
    account_id: z.string(),
    portfolio: z.string(),
    debtor_id: z.string(),
    debtor_name: z.string(),
    product: z.string(),
    currency: z.string(),
    principal_outstanding: amount,
    interest_outstanding: amount,
    fees_outstanding: amount,
    overdue_amount: amount,
    next_due_amount: amount.nullable(),
    credit_limit: amount.nullable(),
    oldest_unpaid_due_date: date.nullable(),
    next_due_date: date.nullable(),
    origination_date: date.nullable(),
    branch: z.string().nullable(),
    region: z.string().nullable(),
    timezone: z.string(),
    dpd: z.number().int().nullable(),
    bucket: bucket.nullable(),
    pre_due: z.boolean().nullable(),
    risk_class: riskClass.nullable(),
    aged_as_of: date.nullable(),
  })
  .meta({ id: 'Account' });

const accountDetailSchema = accountSchema
  .extend({
    bucket_events: z.array(
      z.object({ as_of: date, from_bucket: bucket.nullable(), to_bucket: bucket }),
    ),
    month_end_snapshots: z.array(
      z.object({
        month_end: date,
        currency: z.string(),
        dpd: z.number().int(),
        bucket,
        risk_class: riskClass,
        overdue_amount: amount,
        balance: amount,
      }),
    ),
    segment: segmentAssignmentSchema
      .nullable()
      .describe("the debtor's current segment with the rule and facts that assigned it"),
  })
  .meta({ id: 'AccountDetail' });

const currencyAmounts = z.array(z.object({ currency: z.string(), amount }));
const tallySchema = z.object({
  accounts: z.number().int(),
  overdue: currencyAmounts,
  balance: currencyAmounts,
});

const summarySchema = z
  .object({
    portfolio: z.string().nullable(),
    aged_as_of: date.nullable(),
    total: tallySchema,
    not_aged: tallySchema,
    by_bucket: z.array(z.object({ bucket, ...tallySchema.shape })),
    pre_due: tallySchema,
    by_risk_class: z.array(z.object({ risk_class: riskClass, ...tallySchema.shape })),
    non_performing: tallySchema,
  })
  .meta({ id: 'PortfolioSummary' });

const accountsQuery = z.strictObject({
  portfolio: portfolioName.optional(),
  bucket: bucket.optional(),
  risk_class: riskClass.optional(),
  pre_due: booleanParam.optional(),
  dpd_min: wholeNumberParam(0, 1_000_000).optional(),
  dpd_max: wholeNumberParam(0, 1_000_000).optional(),
  limit: wholeNumberParam(1, maxPageSize).default(100),
  cursor: z.string().min(1).max(1000).optional().describe('next_cursor of the previous page'),
});

const errors = { 400: errorResponse, 404: errorResponse };

function portfolioJson(p: PortfolioRow): z.output<typeof portfolioSchema> {
  return {
    portfolio_id: Number(p.portfolio_id),
    name: p.name,
    account_count: Number(p.account_count),
    created_at: p.created_at.toISOString(),
  };
}

function snapshotJson(s: MonthEndSnapshotRow) {
  return {
    month_end: s.month_end,
    currency: s.currency,
    dpd: s.dpd,
    bucket: s.bucket,
    risk_class: s.risk_class,
    overdue_amount: amountOf(s.overdue_amount_minor, s.currency),
    balance: amountOf(s.balance_minor, s.currency),
  };
}

function accountDetailJson(d: AccountDetail): z.output<typeof accountDetailSchema> {
  return {
    ...accountJson(d.account),
    bucket_events: d.bucketEvents.map((e: BucketEventRow) => ({ ...e })),
    month_end_snapshots: d.monthEndSnapshots.map(snapshotJson),
    segment: d.segment,
  };
}

function currencyAmountsJson(totals: CurrencyTotals) {
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, minor]) => ({ currency, amount: amountOf(minor, currency) }));
}

function tallyJson(t: Tally): z.output<typeof tallySchema> {
  return {
    accounts: t.accounts,
    overdue: currencyAmountsJson(t.overdue),
    balance: currencyAmountsJson(t.balance),
  };
}

function summaryJson(s: PortfolioSummary): z.output<typeof summarySchema> {
  return {
    portfolio: s.portfolio,
    aged_as_of: s.agedAsOf,
    total: tallyJson(s.total),
    not_aged: tallyJson(s.notAged),
    by_bucket: s.byBucket.map((b) => ({ bucket: b.bucket, ...tallyJson(b.tally) })),
    pre_due: tallyJson(s.preDue),
    by_risk_class: s.byRiskClass.map((c) => ({ risk_class: c.riskClass, ...tallyJson(c.tally) })),
    non_performing: tallyJson(s.nonPerforming),
  };
}

/** Registers GET /api/v1/portfolios, /accounts, /accounts/:accountId and /portfolio-summary. */
export const portfolioRoutes: FastifyPluginAsyncZod<PortfolioRoutesOptions> = async (
  app,
  { db },
) => {
  app.get(
    '/api/v1/portfolios',
    {
      config: { permission: 'portfolio.read' },
      schema: {
        summary: 'List portfolios with their account counts',
        tags: ['portfolio'],
        response: { 200: z.object({ items: z.array(portfolioSchema) }) },
      },
    },
    async () => ({ items: (await listPortfolios({ db })).map(portfolioJson) }),
  );

  app.get(
    '/api/v1/accounts',
    {
      config: { permission: 'portfolio.read' },
      schema: {
        summary: 'List accounts, filtered, one page at a time',
        tags: ['portfolio'],
        querystring: accountsQuery,
        response: {
          200: z.object({ items: z.array(accountSchema), next_cursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listAccounts({
        db,
        portfolio: q.portfolio,
        bucket: q.bucket,
        riskClass: q.risk_class,
        preDue: q.pre_due,
        dpdMin: q.dpd_min,
        dpdMax: q.dpd_max,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(accountJson), next_cursor: page.next_cursor };
    },
  );

  app.get(
    '/api/v1/accounts/:accountId',
    {
      config: { permission: 'portfolio.read' },
      schema: {
        summary: "One account with its bucket history, month-end snapshots and debtor's segment",
        tags: ['portfolio'],
        params: z.strictObject({ accountId: z.string().min(1).max(64) }),
        querystring: z.strictObject({ portfolio: portfolioName.optional() }),
        response: { 200: accountDetailSchema, ...errors, 409: errorResponse },
      },
    },
    async (request) =>
      accountDetailJson(
        await getAccount({
          db,
          accountId: request.params.accountId,
          portfolio: request.query.portfolio,
        }),
      ),
  );

  app.get(
    '/api/v1/portfolio-summary',
    {
      config: { permission: 'portfolio.read' },
      schema: {
        summary: 'Accounts and amounts by bucket, pre-due and risk class',
        tags: ['portfolio'],
        querystring: z.strictObject({ portfolio: portfolioName.optional() }),
        response: { 200: summarySchema, ...errors },
      },
    },
    async (request) =>
      summaryJson(await summarizePortfolio({ db, portfolio: request.query.portfolio })),
  );
};
