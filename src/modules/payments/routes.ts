/**
 * The payments HTTP edge: post a payment, reverse one, read an account's ledger. Posting and
 * reversing move money: they require an Idempotency-Key (src/http/idempotency.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  requireIdempotencyKey,
  runIdempotent,
  sendIdempotent,
  type IdempotentResult,
} from '../../http/idempotency.js';
import { calendarDate, errorResponse, instant, wholeNumberParam } from '../../http/schemas.js';
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../shared/db/types.js';
import { balancesJson, ledgerJson, paymentJson } from './payment-json.js';
import { postPaymentRequest } from './payment-request.js';
import { actingCollector } from './acting-collector.js';
import { reviewEntryJson, statementImportJson } from './payment-json.js';
import { getAccountLedger } from './use-cases/get-account-ledger.js';
import { importStatement } from './use-cases/import-statement.js';
import { listReviewEntries } from './use-cases/list-review-entries.js';
import { resolveReviewEntry } from './use-cases/resolve-review-entry.js';
import { reversePayment } from './use-cases/reverse-payment.js';

export type PaymentRoutesOptions = {
  db: Db;
  /**
   * false only to measure what the idempotency claim costs (bench/payments.ts): the key is then
   * neither required nor stored. Never false in a server.
   */
  idempotency?: boolean;
};

const minor = z
  .string()
  .regex(/^-?\d+$/)
  .describe('amount in minor units, as a string');
const component = z.enum(['fee', 'penalty_interest', 'interest', 'principal']);

const balancesSchema = z.object({
  principal_outstanding_minor: minor,
  interest_outstanding_minor: minor,
  fees_outstanding_minor: minor,
  overdue_amount_minor: minor,
  oldest_unpaid_due_date: z.string().nullable(),
});

const paymentSchema = z
  .object({
    payment_id: z.number().int(),
    portfolio_id: z.number().int(),
    account_id: z.string(),
    currency: z.string(),
    amount_minor: minor,
    applied_minor: minor,
    unapplied_minor: minor.describe('the overpayment held for the debtor'),
    paid_on: z.string(),
    reference: z.string().nullable(),
    channel: z.string().nullable(),
    source: z.string(),
    status: z.enum(['posted', 'reversed']),
    posting_id: z.number().int(),
    reversal_posting_id: z.number().int().nullable(),
    reversed_on: z.string().nullable(),
  })
  .meta({ id: 'Payment' });

const postedSchema = paymentSchema
  .extend({
    allocation: z.array(
      z.object({
        charge_id: z.string(),
        component,
        due_date: z.string(),
        amount_minor: minor,
      }),
    ),
    account: balancesSchema,
    promises_credited: z
      .array(z.object({ promise_id: z.number().int(), amount_minor: minor }))
      .describe('open promises to pay this payment counted toward'),
  })
  .meta({ id: 'PostedPayment' });

const reversedSchema = paymentSchema.extend({ account: balancesSchema }).meta({
  id: 'ReversedPayment',
});

const ledgerSchema = z
  .object({
    portfolio_id: z.number().int(),
    account_id: z.string(),
    currency: z.string().nullable(),
    summary: z.object({
      net_minor: minor.describe('sum of every entry: always 0'),
      charged_minor: minor,
      paid_minor: minor,
      written_off_minor: minor,
      unapplied_minor: minor,
      balance_minor: minor.describe('charged - paid - written off'),
    }),
    postings: z.array(
      z.object({
        posting_id: z.number().int(),
        kind: z.enum(['charge', 'payment', 'reversal', 'write_off']),
        currency: z.string(),
        posted_on: z.string(),
        reverses_posting_id: z.number().int().nullable(),
        memo: z.string(),
        created_at: instant,
        entries: z.array(
          z.object({
            line: z.number().int(),
            ledger_account: z.string(),
            charge_id: z.string().nullable(),
            component: component.nullable(),
            amount_minor: minor,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'AccountLedger' });

export const postPaymentBody = z.strictObject({
  portfolio_id: z.number().int().positive(),
  account_id: z.string().min(1).max(64),
  amount_minor: z
    .string()
    .regex(/^-?\d{1,18}$/, 'must be a whole number of minor units, as a string'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  paid_on: calendarDate,
  reference: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(50).optional(),
});

const reversalBody = z.strictObject({
  reversed_on: calendarDate,
  reason: z.string().min(1).max(500).optional(),
});

const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().describe('required: the retry key (1-255 characters)'),
});

const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse };

/** A 100k-entry camt.053 is ~100 MB. */
const statementBodyLimit = 512 * 1024 * 1024;

const statementImportSchema = z
  .object({
    import_id: z.number().int(),
    format: z.enum(['camt053', 'csv']),
    entries: z.number().int(),
    posted: z.number().int(),
    review: z.number().int(),
    ignored: z.number().int(),
    duplicates: z.number().int().describe('entries an earlier import recorded: not posted again'),
  })
  .meta({ id: 'StatementImport' });

const reviewEntrySchema = z
  .object({
    entry_id: z.number().int(),
    import_id: z.number().int(),
    status: z.enum(['posted', 'review', 'resolved', 'dismissed', 'ignored']),
    statement_id: z.string(),
    bank_account: z.string(),
    entry_reference: z.string().nullable(),
    amount_minor: minor,
    currency: z.string(),
    direction: z.enum(['credit', 'debit']),
    booking_date: z.string().nullable(),
    value_date: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    reason: z.string().nullable(),
    candidates: z.array(
      z.object({
        portfolio_id: z.number().int(),
        account_id: z.string(),
        rule: z.string(),
        score: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
    portfolio_id: z.number().int().nullable(),
    account_id: z.string().nullable(),
    payment_id: z.number().int().nullable(),
    resolved_by: z.string().nullable(),
  })
  .meta({ id: 'StatementEntry' });

type Idempotent = (
  scope: string,
  request: { headers: Record<string, unknown> },
  payload: unknown,
  run: (tx: Queryable) => Promise<{ status: number; body: unknown }>,
) => Promise<IdempotentResult>;

/** Runs work under the request's Idempotency-Key, or (benchmark only) in a plain transaction. */
function idempotentRunner(db: Db, enabled: boolean): Idempotent {
  return async (scope, request, payload, run) => {
    if (!enabled) return { ...(await db.transaction(run)), replayed: false };
    const key = requireIdempotencyKey(request as Parameters<typeof requireIdempotencyKey>[0]);
    return runIdempotent({ db, scope, key, request: payload, run });
  };
}

/** Registers POST /api/v1/payments, POST /api/v1/payments/:paymentId/reversal and the ledger. */
export const paymentRoutes: FastifyPluginAsyncZod<PaymentRoutesOptions> = async (app, opts) => {
  const { db } = opts;
  const idempotencyOn = opts.idempotency ?? true;
  const idempotent = idempotentRunner(db, idempotencyOn);

  app.post(
    '/api/v1/payments',
    {
      config: { permission: 'payments.post' },
      schema: {
        summary: 'Post a payment (allocated by the waterfall, double-entry); idempotent',
        tags: ['payments'],
        headers: idempotencyHeaders,
        body: postPaymentBody,
        response: { 201: postedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const key = idempotencyOn ? requireIdempotencyKey(request) : null;
      const result = await postPaymentRequest({ db, key, request: request.body, source: 'api' });
      return sendIdempotent(reply, result);
    },
  );

  app.post(
    '/api/v1/payments/:paymentId/reversal',
    {
      config: { permission: 'payments.reverse' },
      schema: {
        summary: 'Reverse a payment (bounced): restores exactly what it reduced; idempotent',
        tags: ['payments'],
        headers: idempotencyHeaders,
        params: z.strictObject({ paymentId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER) }),
        body: reversalBody,
        response: { 200: reversedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { paymentId } = request.params;
      const b = request.body;
      const result = await idempotent(
        'POST /api/v1/payments/:paymentId/reversal',
        request,
        { paymentId, ...b },
        async (tx) => {
          const r = await reversePayment({
            tx,
            paymentId: BigInt(paymentId),
            reversedOn: b.reversed_on,
            reason: b.reason ?? null,
          });
          return {
            status: 200,
            body: { ...paymentJson(r.payment), account: balancesJson(r.account) },
          };
        },
      );
      return sendIdempotent(reply, result);
    },
  );

  app.get(
    '/api/v1/portfolios/:portfolioId/accounts/:accountId/ledger',
    {
      config: { permission: 'payments.read' },
      schema: {
        summary: "An account's ledger: postings, entries and the balances they prove",
        tags: ['payments'],
        params: z.strictObject({
          portfolioId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER),
          accountId: z.string().min(1).max(64),
        }),
        response: { 200: ledgerSchema, ...errors },
      },
    },
    async (request) =>
      ledgerJson(
        await getAccountLedger({
          db,
          portfolioId: BigInt(request.params.portfolioId),
          accountId: request.params.accountId,
        }),
      ),
  );

  // Statements arrive as the file itself: camt.053 XML or the statement CSV.
  app.addContentTypeParser(
    ['application/xml', 'text/xml', 'text/csv', 'text/plain', 'application/octet-stream'],
    { parseAs: 'string', bodyLimit: statementBodyLimit },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/statements',
    {
      config: { permission: 'reconciliation.manage' },
      bodyLimit: statementBodyLimit,
      schema: {
        summary: 'Import a bank statement (camt.053 XML or statement CSV as the request body)',
        description:
          'A malformed file is refused whole, naming the element or line. Entries are recorded ' +
          'once: importing the same statement again posts nothing. Idempotency-Key is optional ' +
          '(a retry with it returns the first response).',
        tags: ['payments'],
        querystring: z.strictObject({
          format: z.enum(['camt053', 'csv']).optional(),
          portfolio: z.string().min(1).max(200).optional(),
        }),
        body: z.string().min(1).describe('the statement file'),
        response: { 200: statementImportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const text = request.body;
      const q = request.query;
      const work = async (tx: Queryable) => ({
        status: 200,
        body: statementImportJson(
          await importStatement({
            tx,
            text,
            format: q.format,
            portfolio: q.portfolio,
            sourceName: 'api',
          }),
        ),
      });
      const key = request.headers['idempotency-key'];
      if (key === undefined) return reply.code(200).send((await db.transaction(work)).body);
      const result = await runIdempotent({
        db,
        scope: 'POST /api/v1/statements',
        key: Array.isArray(key) ? (key[0] ?? '') : key,
        request: { query: q, sha256: createHash('sha256').update(text).digest('hex') },
        run: work,
      });
      return sendIdempotent(reply, result);
    },
  );

  app.get(
    '/api/v1/reconciliation/review',
    {
      config: { permission: 'reconciliation.manage' },
      schema: {
        summary: 'Statement entries waiting for review, with suggested matches',
        tags: ['payments'],
        querystring: z.strictObject({
          limit: wholeNumberParam(1, 1000).default(100),
          after: wholeNumberParam(0, Number.MAX_SAFE_INTEGER).optional(),
        }),
        response: {
          200: z.object({ items: z.array(reviewEntrySchema), next_after: z.number().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const page = await listReviewEntries({
        db,
        limit: request.query.limit,
        afterId: request.query.after === undefined ? undefined : BigInt(request.query.after),
      });
      return {
        items: page.items.map(reviewEntryJson),
        next_after: page.nextAfter === null ? null : Number(page.nextAfter),
      };
    },
  );

  app.post(
    '/api/v1/reconciliation/review/:entryId/resolve',
    {
      config: { permission: 'reconciliation.manage' },
      schema: {
        summary: 'Resolve a reviewed entry: post it to an account, or dismiss it; idempotent',
        tags: ['payments'],
        headers: idempotencyHeaders,
        params: z.strictObject({ entryId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER) }),
        body: z.discriminatedUnion('action', [
          z.strictObject({
            action: z.literal('post'),
            portfolio_id: z.number().int().positive(),
            account_id: z.string().min(1).max(64),
          }),
          z.strictObject({ action: z.literal('dismiss'), reason: z.string().min(1).max(500) }),
        ]),
        response: { 200: reviewEntrySchema, ...errors },
      },
    },
    async (request, reply) => {
      const resolvedBy = actingCollector(request);
      const b = request.body;
      const entryId = BigInt(request.params.entryId);
      const result = await idempotent(
        'POST /api/v1/reconciliation/review/:entryId/resolve',
        request,
        { entryId: request.params.entryId, resolvedBy, ...b },
        async (tx) => ({
          status: 200,
          body: reviewEntryJson(
            await resolveReviewEntry(
              b.action === 'post'
                ? {
                    tx,
                    entryId,
                    resolvedBy,
                    action: 'post',
                    portfolioId: BigInt(b.portfolio_id),
                    accountId: b.account_id,
                  }
                : { tx, entryId, resolvedBy, action: 'dismiss', reason: b.reason },
            ),
          ),
        }),
      );
      return sendIdempotent(reply, result);
    },
  );
};
