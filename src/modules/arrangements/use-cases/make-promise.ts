import { daysBetween, isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import type { Queryable } from '../../../shared/db/types.js';
import { findAccountRef } from '../../portfolio/index.js';
import { insertPromise, type PromiseRow } from '../store.js';

/** The furthest a promise may reach: a promise months away is a plan, not a promise. */
export const maxPromiseDays = 90;

export type MakePromiseOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  amountMinor: bigint;
  currency: string;
  /** the last day on which payment keeps the promise */
  promisedOn: CalendarDate;
  /** the day the debtor made it (the account's calendar) */
  madeOn: CalendarDate;
  attemptId?: bigint | null;
  collectorId?: string | null;
};

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { field });
}

/** Records a promise to pay on an account, validated against the account. */
export async function makePromise(
  opts: MakePromiseOptions,
): Promise<{ promiseId: bigint; promise: PromiseRow }> {
  const { tx, portfolioId, accountId, amountMinor, currency, promisedOn, madeOn } = opts;
  if (amountMinor <= 0n) throw invalid('amount_minor', `must be > 0 (got ${amountMinor})`);
  if (!isCalendarDate(madeOn)) throw invalid('made_on', `"${madeOn}" is not a YYYY-MM-DD date`);
  if (!isCalendarDate(promisedOn))
    throw invalid('promised_on', `"${promisedOn}" is not a YYYY-MM-DD date`);
  const days = daysBetween(madeOn, promisedOn);
  if (days < 0)
    throw invalid('promised_on', `${promisedOn} is before the day it was made (${madeOn})`);
  if (days > maxPromiseDays)
    throw invalid(
      'promised_on',
      `${promisedOn} is ${days} days away; a promise reaches at most ${maxPromiseDays} days (propose an installment plan instead)`,
    );
  const account = await findAccountRef({ tx, portfolioId, accountId });
  if (account === null)
    throw new AppError('not_found', `account ${accountId} not found in portfolio ${portfolioId}`, {
      portfolio_id: String(portfolioId),
      account_id: accountId,
    });
  if (currency !== account.currency)
    throw invalid('currency', `${currency} differs from the account currency ${account.currency}`);
  const promise = await insertPromise(tx, {
    portfolioId,
    accountId,
    debtorId: account.debtorId,
    attemptId: opts.attemptId ?? null,
    collectorId: opts.collectorId ?? null,
    currency,
    amountMinor,
    madeOn,
    promisedOn,
  });
  return { promiseId: promise.promise_id, promise };
}
