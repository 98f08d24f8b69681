import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { evaluatePromise, type PromiseTolerance } from '../../payments/domain/promise.js';
import { promisesToResolve, resolvePromise } from '../store.js';

export type ResolvePromisesOptions = {
  tx: Queryable;
  asOf: CalendarDate;
  /** an allowed shortfall (minor units and/or basis points); none by default */
  tolerance?: PromiseTolerance;
};

export type ResolvePromisesResult = { kept: number; broken: number };

/**
 * Resolves open promises as of a date: kept once in-time payments cover the amount less the
 * tolerance (resolved on the day of the covering payment), broken when the promised date has
 * passed uncovered (resolved on the day after it). Called by the daily cycle; a rerun for the
 * same date finds nothing left to resolve.
 */
export async function resolvePromises({
  tx,
  asOf,
  tolerance = {},
}: ResolvePromisesOptions): Promise<ResolvePromisesResult> {
  let kept = 0;
  let broken = 0;
  for (const p of await promisesToResolve(tx, asOf)) {
    const payments = (p.payments ?? '')
      .split(',')
      .filter((s) => s !== '')
      .map((s) => {
        const [amount, paidOn] = s.split(':') as [string, string];
        return { amountMinor: BigInt(amount), currency: p.currency, paidOn };
      });
    const e = evaluatePromise(
      {
        amountMinor: p.amount_minor,
        currency: p.currency,
        promisedOn: p.made_on,
        dueDate: p.promised_on,
      },
      payments,
      asOf,
      tolerance,
    );
    if (e.status === 'kept' && e.keptOn !== null) {
      await resolvePromise(tx, p.portfolio_id, p.promise_id, 'kept', e.keptOn);
      kept++;
    } else if (e.status === 'broken' && e.brokenOn !== null) {
      await resolvePromise(tx, p.portfolio_id, p.promise_id, 'broken', e.brokenOn);
      broken++;
    }
  }
  return { kept, broken };
}
