import type { Db, Queryable } from './types.js';

/** Whether a store handle is a database (that can open transactions) rather than a transaction. */
export function isDb(q: Queryable | Db): q is Db {
  return typeof (q as Partial<Db>).transaction === 'function';
}

/**
 * Runs fn in the caller's transaction when given one, or in a new transaction of the database:
 * for use cases that write several statements which must commit together (a change and its
 * evidence entry) and are called both on their own and inside a larger transaction.
 */
export async function inTransaction<T>(
  db: Queryable | Db,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return isDb(db) ? db.transaction(fn) : fn(db);
}
