import type { Db, Queryable } from '../../../shared/db/types.js';
import { gateAttempt, type AttemptInput, type AttemptResult } from '../gate-attempt.js';
import type { NumberDigester } from '../gate-state.js';

export type AttemptContactOptions = AttemptInput & {
  /**
   * A Db: the attempt runs in a transaction of its own. A transaction: the attempt is part of it
   * (an automated send queues its message and closes its action in the same transaction).
   */
  db: Db | Queryable;
  /** Keys the digest of the number dialled (the PII cipher). */
  cipher: NumberDigester;
};

/**
 * Every contact with a person passes here first: in one transaction, the debtor is locked, the
 * gate decides on the portfolio's pack, the debtor's flags and recent history, the decision
 * (allowed or blocked, with every blocking rule and the pack version) is appended to the
 * evidence log, and an allowed attempt is inserted into contact_attempts. A blocked attempt
 * did not happen: it is in the evidence log only.
 */
export async function attemptContact(o: AttemptContactOptions): Promise<AttemptResult> {
  const { db, cipher, ...input } = o;
  if ('transaction' in db) return db.transaction((tx) => gateAttempt(tx, input, cipher, true));
  return gateAttempt(db, input, cipher, true);
}
