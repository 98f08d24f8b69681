/**
 * SQL for the cycle's own tables: cycle_runs (one row per as-of date).
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';

export type CycleRunRow = {
  run_id: string;
  as_of: CalendarDate;
  status: 'completed';
  accounts_aged: number;
  accounts_changed: number;
  bucket_changes: number;
  summary: Record<string, unknown>;
  started_at: Date;
  finished_at: Date;
};

// reads

const cycleRunColumns = `run_id, as_of, status, accounts_aged, accounts_changed, bucket_changes,
  summary, started_at, finished_at`;

/** The newest runs first. */
export async function listCycleRuns(db: Queryable, limit: number): Promise<CycleRunRow[]> {
  return db.query<CycleRunRow>(
    `SELECT ${cycleRunColumns} FROM cycle_runs ORDER BY as_of DESC LIMIT $1`,
    [limit],
  );
}

export async function findCycleRun(
  db: Queryable,
  asOf: CalendarDate,
): Promise<CycleRunRow | undefined> {
  const [row] = await db.query<CycleRunRow>(
    `SELECT ${cycleRunColumns} FROM cycle_runs WHERE as_of = $1::date`,
    [asOf],
  );
  return row;
}

/** The as-of date of the latest cycle run before `asOf`; null when there is none. */
export async function findPreviousCycleDate(
  db: Queryable,
  asOf: CalendarDate,
): Promise<CalendarDate | null> {
  const [row] = await db.query<{ as_of: CalendarDate }>(
    'SELECT max(as_of) AS as_of FROM cycle_runs WHERE as_of < $1::date',
    [asOf],
  );
  return row?.as_of ?? null;
}
