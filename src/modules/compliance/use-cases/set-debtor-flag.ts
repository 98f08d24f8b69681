import { createHash } from 'node:crypto';
import { appendEvidence } from '../../audit/index.js';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findDebtorLocale } from '../../portfolio/index.js';
import type { FlagName } from '../domain/vocabulary.js';
import { debtorLockKey } from '../gate-attempt.js';
import { insertFlagRow, lockKey } from '../store.js';

export type SetDebtorFlagOptions = {
  db: Db;
  portfolioId: bigint;
  debtorId: string;
  flag: FlagName;
  /** true sets the flag from `at` on, false clears it. */
  value: boolean;
  at: Date;
  /** What set it: 'api', 'attempt:<id>', 'arrangement:<id>' ... */
  source: string;
  /** Why, in words (no personal data). */
  reason?: string | undefined;
  /** Who did it, for the evidence log. */
  actor: string;
};

export type SetDebtorFlagResult = { flagSeq: bigint; evidenceSeq: bigint };

/**
 * Sets or clears a debtor flag (cease_contact, represented, dispute, arrangement_active,
 * consent_late_hours, deceased) from an instant on, and appends the change to the evidence log,
 * in one transaction under the debtor's contact lock: an attempt decided concurrently sees the
 * flag either entirely or not at all.
 */
export async function setDebtorFlag(o: SetDebtorFlagOptions): Promise<SetDebtorFlagResult> {
  if (Number.isNaN(o.at.getTime()))
    throw new AppError('validation_failed', 'at must be a valid instant', { field: 'at' });
  return o.db.transaction(async (tx) => {
    await lockKey(tx, debtorLockKey(o.portfolioId, o.debtorId));
    const locale = await findDebtorLocale({
      db: tx,
      portfolioId: o.portfolioId,
      debtorId: o.debtorId,
    });
    if (!locale)
      throw new AppError('not_found', `no debtor ${o.debtorId} in portfolio ${o.portfolioId}`, {
        debtor_id: o.debtorId,
      });
    const details = o.reason === undefined ? {} : { reason: o.reason };
    const flagSeq = await insertFlagRow(tx, {
      portfolioId: o.portfolioId,
      debtorId: o.debtorId,
      flag: o.flag,
      value: o.value,
      at: o.at,
      source: o.source,
      details,
    });
    const [entry] = await appendEvidence({
      db: tx,
      entries: [
        {
          kind: 'debtor_flag',
          portfolioId: o.portfolioId,
          debtorId: o.debtorId,
          actor: o.actor,
          occurredAt: o.at,
          payload: {
            flag: o.flag,
            value: o.value,
            source: o.source,
            // the reason is free text about a person: the flag's row keeps it (erased under the
            // retention rules); the evidence log, which is never erased, keeps only its digest
            reason_sha256:
              o.reason === undefined
                ? null
                : createHash('sha256').update(o.reason, 'utf8').digest('hex'),
            flag_seq: flagSeq,
          },
        },
      ],
    });
    return { flagSeq, evidenceSeq: (entry as { seq: bigint }).seq };
  });
}
