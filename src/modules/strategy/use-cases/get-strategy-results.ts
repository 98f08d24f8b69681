import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import type { Queryable } from '../../../shared/db/types.js';
import { selectStrategyResults } from '../store.js';

export type GetStrategyResultsOptions = { db: Queryable; from: CalendarDate; to: CalendarDate };

export type StrategyResult = {
  strategy_id: string;
  strategy_version: number;
  arm: 'champion' | 'challenger';
  /** accounts with an action planned in the period under this version and arm */
  accounts: number;
  actions_planned: number;
  actions_done: number;
  /** promises of those accounts made in the period, and resolved in it */
  promises_made: number;
  promises_kept: number;
  promises_broken: number;
  /** accounts that left their treatment cured in the period */
  accounts_cured: number;
};

/** Results per strategy version and arm over a period of cycle dates (inclusive). */
export async function getStrategyResults({
  db,
  from,
  to,
}: GetStrategyResultsOptions): Promise<{ from: string; to: string; results: StrategyResult[] }> {
  for (const [name, d] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isCalendarDate(d))
      throw new AppError('validation_failed', `${name} must be a YYYY-MM-DD date`, {
        path: [name],
      });
  if (from > to)
    throw new AppError('validation_failed', `from ${from} is after to ${to}`, { path: ['from'] });
  return { from, to, results: await selectStrategyResults(db, from, to) };
}
