/** SQL for promises to pay and what paid them (tables promises, promise_payments). */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';
import type { CreditablePromise } from './domain/promise-credit.js';

export type PromiseRow = {
  portfolio_id: bigint;
  promise_id: bigint;
  account_id: string;
  debtor_id: string;
  attempt_id: bigint | null;
  collector_id: string | null;
  currency: string;
  amount_minor: bigint;
  made_on: CalendarDate;
  promised_on: CalendarDate;
  paid_minor: bigint;
  status: 'open' | 'kept' | 'broken' | 'cancelled';
  resolved_on: CalendarDate | null;
};

const promiseColumns = `portfolio_id, promise_id, account_id, debtor_id, attempt_id, collector_id,
  currency, amount_minor, made_on, promised_on, paid_minor, status, resolved_on`;

export type NewPromise = {
  portfolioId: bigint;
  accountId: string;
  debtorId: string;
  attemptId: bigint | null;
  collectorId: string | null;
  currency: string;
  amountMinor: bigint;
  madeOn: CalendarDate;
  promisedOn: CalendarDate;
};

export async function insertPromise(tx: Queryable, p: NewPromise): Promise<PromiseRow> {
  const [row] = await tx.query<PromiseRow>(
    `INSERT INTO promises (portfolio_id, account_id, debtor_id, attempt_id, collector_id, currency,
       amount_minor, made_on, promised_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${promiseColumns}`,
    [
      p.portfolioId,
      p.accountId,
      p.debtorId,
      p.attemptId,
      p.collectorId,
      p.currency,
      p.amountMinor,
      p.madeOn,
      p.promisedOn,
    ],
  );
  return row as PromiseRow;
}

export async function findPromise(
  tx: Queryable,
  portfolioId: bigint,
  promiseId: bigint,
): Promise<PromiseRow | null> {
  const [row] = await tx.query<PromiseRow>(
    `SELECT ${promiseColumns} FROM promises WHERE portfolio_id = $1 AND promise_id = $2`,
    [portfolioId, promiseId],
  );
  return row ?? null;
}

/** The account's open promises a payment on `paidOn` counts toward, oldest due first, locked. */
export async function lockCreditablePromises(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
  currency: string,
  paidOn: CalendarDate,
): Promise<PromiseRow[]> {
  return tx.query<PromiseRow>(
    `SELECT ${promiseColumns} FROM promises
      WHERE portfolio_id = $1 AND account_id = $2 AND currency = $3 AND status = 'open'
        AND made_on <= $4 AND promised_on >= $4
      ORDER BY promised_on, promise_id
      FOR UPDATE`,
    [portfolioId, accountId, currency, paidOn],
  );
}

export type PromiseCredit = { promise_id: bigint; amount_minor: bigint };

/** Credits already made for a payment reference on an account's promises. */
export async function creditsOfPayment(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
  paymentRef: string,
): Promise<PromiseCredit[]> {
  return tx.query<PromiseCredit>(
    `SELECT pp.promise_id, pp.amount_minor
       FROM promise_payments pp
       JOIN promises p ON p.portfolio_id = pp.portfolio_id AND p.promise_id = pp.promise_id
      WHERE pp.portfolio_id = $1 AND p.account_id = $2 AND pp.payment_ref = $3
      ORDER BY pp.promise_id`,
    [portfolioId, accountId, paymentRef],
  );
}

export async function insertPromisePayment(
  tx: Queryable,
  portfolioId: bigint,
  promiseId: bigint,
  paymentRef: string,
  amountMinor: bigint,
  paidOn: CalendarDate,
): Promise<void> {
  await tx.execute(
    `INSERT INTO promise_payments (portfolio_id, promise_id, payment_ref, amount_minor, paid_on)
     VALUES ($1, $2, $3, $4, $5)`,
    [portfolioId, promiseId, paymentRef, amountMinor, paidOn],
  );
  await tx.execute(
    `UPDATE promises SET paid_minor = paid_minor + $3 WHERE portfolio_id = $1 AND promise_id = $2`,
    [portfolioId, promiseId, amountMinor],
  );
}

export type PromiseToResolve = PromiseRow & {
  /** payments as "amount:paid_on" joined by ','; null when none */
  payments: string | null;
};

/** Open promises the cycle on `asOf` may resolve: due before it, or with something paid. */
export async function promisesToResolve(
  tx: Queryable,
  asOf: CalendarDate,
): Promise<PromiseToResolve[]> {
  return tx.query<PromiseToResolve>(
    `SELECT p.portfolio_id, p.promise_id, p.account_id, p.debtor_id, p.attempt_id,
            p.collector_id, p.currency, p.amount_minor, p.made_on, p.promised_on, p.paid_minor,
            p.status, p.resolved_on,
            (SELECT string_agg(pp.amount_minor::text || ':' || pp.paid_on::text, ',')
               FROM promise_payments pp
              WHERE pp.portfolio_id = p.portfolio_id AND pp.promise_id = p.promise_id) AS payments
       FROM promises p
      WHERE p.status = 'open' AND (p.promised_on < $1 OR p.paid_minor > 0)
      ORDER BY p.portfolio_id, p.promise_id
      FOR UPDATE OF p`,
    [asOf],
  );
}

export async function resolvePromise(
  tx: Queryable,
  portfolioId: bigint,
  promiseId: bigint,
  status: 'kept' | 'broken',
  resolvedOn: CalendarDate,
): Promise<void> {
  await tx.execute(
    `UPDATE promises SET status = $3, resolved_on = $4
      WHERE portfolio_id = $1 AND promise_id = $2 AND status = 'open'`,
    [portfolioId, promiseId, status, resolvedOn],
  );
}

export type TakenBackCredit = {
  promise_id: bigint;
  amount_minor: bigint;
  prior_status: PromiseRow['status'];
};

/**
 * Takes back what a payment reference credited to the account's promises (a reversed payment):
 * the promises are locked first (as creditPromises locks them), the credits removed and recorded
 * in promise_credit_reversals, paid_minor reduced, and a kept promise reopened. A second call for
 * the same reference finds nothing left to take back.
 */
export async function takeBackCredits(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
  paymentRef: string,
  reversedOn: CalendarDate,
): Promise<TakenBackCredit[]> {
  await tx.query(
    `SELECT p.promise_id FROM promises p
      WHERE p.portfolio_id = $1 AND p.account_id = $2
        AND EXISTS (SELECT 1 FROM promise_payments pp WHERE pp.portfolio_id = p.portfolio_id
                      AND pp.promise_id = p.promise_id AND pp.payment_ref = $3)
      ORDER BY p.promise_id
      FOR UPDATE`,
    [portfolioId, accountId, paymentRef],
  );
  return tx.query<TakenBackCredit>(
    `WITH gone AS (
       DELETE FROM promise_payments pp USING promises p
        WHERE pp.portfolio_id = $1 AND pp.payment_ref = $3
          AND p.portfolio_id = pp.portfolio_id AND p.promise_id = pp.promise_id
          AND p.account_id = $2
       RETURNING pp.promise_id, pp.amount_minor, pp.paid_on, p.status AS prior_status),
     reopened AS (
       UPDATE promises p SET paid_minor = p.paid_minor - g.amount_minor,
         status = CASE WHEN p.status = 'kept' THEN 'open' ELSE p.status END,
         resolved_on = CASE WHEN p.status = 'kept' THEN NULL ELSE p.resolved_on END
        FROM gone g
        WHERE p.portfolio_id = $1 AND p.promise_id = g.promise_id
        RETURNING p.promise_id),
     recorded AS (
       INSERT INTO promise_credit_reversals
         (portfolio_id, promise_id, payment_ref, amount_minor, paid_on, reversed_on, prior_status)
       SELECT $1, promise_id, $3, amount_minor, paid_on, $4, prior_status FROM gone
       RETURNING promise_id)
     SELECT promise_id, amount_minor, prior_status FROM gone ORDER BY promise_id`,
    [portfolioId, accountId, paymentRef, reversedOn],
  );
}

/** A promise row as the pure crediting rule sees it. */
export function creditable(p: PromiseRow): CreditablePromise {
  return {
    promiseId: p.promise_id,
    currency: p.currency,
    madeOn: p.made_on,
    promisedOn: p.promised_on,
    amountMinor: p.amount_minor,
    paidMinor: p.paid_minor,
  };
}

/** Every open promise of these accounts (portfolio id and account id pairs), locked. */
export async function lockOpenPromisesOf(
  tx: Queryable,
  accounts: readonly { portfolioId: bigint; accountId: string }[],
): Promise<PromiseRow[]> {
  if (accounts.length === 0) return [];
  return tx.query<PromiseRow>(
    `SELECT ${promiseColumns} FROM promises
      WHERE status = 'open' AND (portfolio_id, account_id) IN
        (SELECT * FROM unnest($1::int8[], $2::text[]))
      ORDER BY portfolio_id, account_id, promised_on, promise_id
      FOR UPDATE`,
    [accounts.map((a) => String(a.portfolioId)), accounts.map((a) => a.accountId)],
  );
}

export type PromiseCreditInsert = {
  portfolioId: bigint;
  promiseId: bigint;
  paymentRef: string;
  amountMinor: bigint;
  paidOn: CalendarDate;
};

/** Records many credits at once and adds them to the promises' paid amounts. */
export async function insertPromiseCredits(
  tx: Queryable,
  credits: readonly PromiseCreditInsert[],
): Promise<void> {
  if (credits.length === 0) return;
  const col = <K extends keyof PromiseCreditInsert>(k: K) => credits.map((c) => String(c[k]));
  await tx.execute(
    `WITH c AS (
       SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::int8[], $5::date[])
         AS c (portfolio_id, promise_id, payment_ref, amount_minor, paid_on)),
     ins AS (
       INSERT INTO promise_payments (portfolio_id, promise_id, payment_ref, amount_minor, paid_on)
       SELECT * FROM c RETURNING 1)
     UPDATE promises p SET paid_minor = p.paid_minor + t.total
       FROM (SELECT portfolio_id, promise_id, sum(amount_minor)::int8 AS total FROM c
             GROUP BY portfolio_id, promise_id) t
      WHERE p.portfolio_id = t.portfolio_id AND p.promise_id = t.promise_id`,
    [col('portfolioId'), col('promiseId'), col('paymentRef'), col('amountMinor'), col('paidOn')],
  );
}
