import type { Queryable } from '../../../shared/db/types.js';
import type { CreditPromisesOptions } from './credit-promises.js';
import { creditToPromises, type CreditablePromise } from '../domain/promise-credit.js';
import {
  creditable,
  insertPromiseCredits,
  lockOpenPromisesOf,
  type PromiseCreditInsert,
} from '../store.js';

/** A newly posted payment (its reference never credited before). */
export type NewPaymentCredit = Omit<CreditPromisesOptions, 'tx'>;

export type CreditNewPaymentsOptions = {
  tx: Queryable;
  /** in posting order: earlier payments of an account are credited first */
  payments: readonly NewPaymentCredit[];
};

/**
 * creditPromises for many newly posted payments at once (statement reconciliation): the open
 * promises of all their accounts are locked in one statement, each payment is credited by the
 * same rule (creditToPromises) in order, and the credits are written in one statement. Returns
 * the credits per payment reference.
 */
export async function creditNewPayments(
  opts: CreditNewPaymentsOptions,
): Promise<Map<string, { promiseId: bigint; amountMinor: bigint }[]>> {
  const key = (portfolioId: bigint, accountId: string) => `${portfolioId}|${accountId}`;
  const accounts = new Map<string, { portfolioId: bigint; accountId: string }>();
  for (const p of opts.payments)
    accounts.set(key(p.portfolioId, p.accountId), {
      portfolioId: p.portfolioId,
      accountId: p.accountId,
    });
  const open = new Map<string, CreditablePromise[]>();
  for (const row of await lockOpenPromisesOf(opts.tx, [...accounts.values()])) {
    const k = key(row.portfolio_id, row.account_id);
    const list = open.get(k);
    if (list) list.push(creditable(row));
    else open.set(k, [creditable(row)]);
  }
  const result = new Map<string, { promiseId: bigint; amountMinor: bigint }[]>();
  const inserts: PromiseCreditInsert[] = [];
  for (const p of opts.payments) {
    const list = open.get(key(p.portfolioId, p.accountId));
    const credits = list === undefined ? [] : creditToPromises(list, p);
    result.set(
      p.paymentRef,
      credits.map((c) => ({ ...c })),
    );
    for (const c of credits)
      inserts.push({
        portfolioId: p.portfolioId,
        promiseId: c.promiseId,
        paymentRef: p.paymentRef,
        amountMinor: c.amountMinor,
        paidOn: p.paidOn,
      });
  }
  await insertPromiseCredits(opts.tx, inserts);
  return result;
}
