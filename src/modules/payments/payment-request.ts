/**
 * A payment request as the API takes it (snake_case, money as a string of minor units), posted
 * under an idempotency key: shared by POST /api/v1/payments and `recourse payments post`, so a
 * retry through either replays the first result.
 */
import { runIdempotent, type IdempotentResult } from '../../http/idempotency.js';
import type { CalendarDate } from '../../shared/calendar.js';
import type { Db, Queryable } from '../../shared/db/types.js';
import { allocationJson, balancesJson, paymentJson } from './payment-json.js';
import type { PaymentSource } from './store.js';
import { postPayment } from './use-cases/post-payment.js';

export type PaymentRequest = {
  portfolio_id: number;
  account_id: string;
  amount_minor: string;
  currency: string;
  paid_on: CalendarDate;
  reference?: string | undefined;
  channel?: string | undefined;
};

export const postPaymentScope = 'POST /api/v1/payments';

async function post(tx: Queryable, b: PaymentRequest, source: PaymentSource) {
  const posted = await postPayment({
    tx,
    portfolioId: BigInt(b.portfolio_id),
    accountId: b.account_id,
    amountMinor: BigInt(b.amount_minor),
    currency: b.currency,
    paidOn: b.paid_on,
    reference: b.reference ?? null,
    channel: b.channel ?? null,
    source,
  });
  return {
    status: 201,
    body: {
      ...paymentJson(posted.payment),
      allocation: allocationJson(posted.allocation),
      account: balancesJson(posted.account),
      promises_credited: posted.promisesCredited.map((c) => ({
        promise_id: Number(c.promiseId),
        amount_minor: c.amountMinor.toString(),
      })),
    },
  };
}

/**
 * Posts the request under the key (null: no idempotency claim at all, which only the benchmark
 * uses to measure the claim's cost).
 */
export async function postPaymentRequest(opts: {
  db: Db;
  key: string | null;
  request: PaymentRequest;
  source: PaymentSource;
}): Promise<IdempotentResult> {
  const { db, key, request, source } = opts;
  if (key === null)
    return { ...(await db.transaction((tx) => post(tx, request, source))), replayed: false };
  return runIdempotent({
    db,
    scope: postPaymentScope,
    key,
    request,
    run: (tx) => post(tx, request, source),
  });
}
