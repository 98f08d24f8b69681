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
import type { Db, Queryable } from '../../shared/db/types.js';
import { balancesJson, ledgerJson, paymentJson } from './payment-json.js';
import { postPaymentRequest } from './payment-request.js';
import { getAccountLedger } from './use-cases/get-account-ledger.js';
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
};
