import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { selectQueueLoad, type QueueLoadRow } from '../store.js';

export type GetQueueLoadOptions = { db: Queryable; today: CalendarDate };

/**
 * Work due by today per unit and queue (agency_id null: in-house): open cases and actions, cases
 * held, open cases already overdue, the oldest open due date.
 */
export function getQueueLoad({ db, today }: GetQueueLoadOptions): Promise<QueueLoadRow[]> {
  return selectQueueLoad(db, today);
}
