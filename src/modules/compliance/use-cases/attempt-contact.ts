import type { Db } from '../../../shared/db/types.js';
import { gateAttempt, type AttemptInput, type AttemptResult } from '../gate-attempt.js';
import type { NumberDigester } from '../gate-state.js';

export type AttemptContactOptions = AttemptInput & {
  db: Db;
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
  return db.transaction((tx) => gateAttempt(tx, input, cipher, true));
}
