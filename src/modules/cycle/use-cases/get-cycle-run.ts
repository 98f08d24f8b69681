import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findCycleRun, type CycleRunRow } from '../store.js';

export type GetCycleRunOptions = { db: Queryable; asOf: CalendarDate };

/** The daily cycle run for one as-of date; not_found when the cycle has not run for it. */
export async function getCycleRun({ db, asOf }: GetCycleRunOptions): Promise<CycleRunRow> {
  const run = await findCycleRun(db, asOf);
  if (!run) throw new AppError('not_found', `no cycle run as of ${asOf}`, { as_of: asOf });
  return run;
}
