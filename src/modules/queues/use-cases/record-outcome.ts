import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { QueueRefusal } from '../domain/refusals.js';
import { makePromise } from '../../arrangements/index.js';
import { documentEvidence, findReferencedDocuments } from '../../documents/index.js';
import { getCollector, type CollectorRow } from '../../people/index.js';
import { outcomeEffects, type DebtorFlag, type OutcomeInput } from '../domain/outcomes.js';
import {
  currentAgencyOf,
  findActionById,
  findAttemptForUpdate,
  insertDebtorFlag,
  markDone,
  otherHolders,
  writeOutcome,
  type AttemptRow,
} from '../store.js';

export type RecordOutcomeOptions = {
  db: Db;
  collectorId: string;
  attemptId: bigint;
  input: OutcomeInput;
};

export type RecordOutcomeResult = {
  attemptId: bigint;
  outcome: OutcomeInput['outcome'];
  answered: boolean;
  conversation: boolean;
  flags: DebtorFlag[];
  promiseId: bigint | null;
  actionDone: bigint | null;
  recordedAt: Date;
};

/**
 * Records the outcome of a contact attempt in one transaction: the attempt's answered,
 * conversation and outcome; the debtor flags the outcome implies; the promise to pay; the
 * uploaded documents a hardship claim names (the debtor's, by id and hash); the
 * attempt's action done. Refused (conflict) when someone else holds the case, when the attempt
 * was made by another collector, when the account is not in the collector's queue (placed with
 * another agency, or recalled), or when the outcome is already recorded.
 */
export async function recordOutcome(opts: RecordOutcomeOptions): Promise<RecordOutcomeResult> {
  const { collectorId, attemptId, input } = opts;
  return opts.db.transaction(async (tx) => {
    const collector = await getCollector({ db: tx, collectorId });
    const attempt = await findAttemptForUpdate(tx, attemptId);
    if (!attempt)
      throw new AppError('not_found', `no contact attempt ${attemptId}`, {
        attempt_id: String(attemptId),
      });
    await checkMayRecord(tx, collector, attempt);
    const ceaseContact = 'cease_contact_requested' in input && input.cease_contact_requested;
    const effects = outcomeEffects(input.outcome, ceaseContact === true);
    const { outcome, ...given } = input;
    // a hardship claim names the uploaded documents: the debtor's, with the hash recorded
    const details =
      input.outcome === 'hardship_claimed'
        ? {
            ...given,
            documents: (
              await findReferencedDocuments({
                db: tx,
                portfolioId: attempt.portfolio_id,
                debtorId: attempt.debtor_id,
                references: input.documents,
              })
            ).map(documentEvidence),
          }
        : given;
    const recordedAt = await writeOutcome(tx, {
      portfolioId: attempt.portfolio_id,
      attemptId,
      collectorId,
      answered: effects.answered,
      conversation: effects.conversation,
      outcome,
      details,
    });
    for (const flag of effects.flags)
      await insertDebtorFlag(tx, {
        portfolioId: attempt.portfolio_id,
        debtorId: attempt.debtor_id,
        flag,
        source: `attempt:${attemptId}`,
        details:
          input.outcome === 'represented'
            ? { power_of_attorney_ref: input.power_of_attorney_ref }
            : {},
      });
    let promiseId: bigint | null = null;
    if (input.outcome === 'promise_to_pay')
      promiseId = (
        await makePromise({
          tx,
          portfolioId: attempt.portfolio_id,
          accountId: attempt.account_id,
          amountMinor: BigInt(input.amount_minor),
          currency: input.currency,
          promisedOn: input.promised_on,
          madeOn: attempt.local_date,
          attemptId,
          collectorId,
        })
      ).promiseId;
    let actionDone: bigint | null = null;
    if (attempt.action_id !== null) {
      // the action was done when the attempt was made
      await markDone(
        tx,
        attempt.portfolio_id,
        attempt.action_id,
        collectorId,
        attempt.attempted_at,
      );
      actionDone = attempt.action_id;
    }
    return {
      attemptId,
      outcome,
      answered: effects.answered,
      conversation: effects.conversation,
      flags: effects.flags,
      promiseId,
      actionDone,
      recordedAt,
    };
  });
}

async function checkMayRecord(
  tx: Queryable,
  collector: CollectorRow,
  attempt: AttemptRow,
): Promise<void> {
  const id = String(attempt.attempt_id);
  if (attempt.outcome !== null)
    throw new AppError('conflict', `attempt ${id} already has an outcome (${attempt.outcome})`, {
      attempt_id: id,
      outcome: attempt.outcome,
      reason: 'outcome_recorded' satisfies QueueRefusal,
    });
  if (attempt.collector_id !== null && attempt.collector_id !== collector.collector_id)
    throw new AppError('conflict', `attempt ${id} was made by ${attempt.collector_id}`, {
      attempt_id: id,
      made_by: attempt.collector_id,
      reason: 'not_your_attempt' satisfies QueueRefusal,
    });
  const agency = await currentAgencyOf(tx, attempt.portfolio_id, attempt.account_id);
  if (agency !== collector.agency_id)
    throw new AppError(
      'conflict',
      agency === null
        ? `account ${attempt.account_id} is not placed with agency ${collector.agency_id}`
        : `account ${attempt.account_id} is placed with an agency: it is not in your queue`,
      {
        attempt_id: id,
        account_id: attempt.account_id,
        reason: 'not_in_queue' satisfies QueueRefusal,
      },
    );
  let holders: string[];
  if (attempt.action_id !== null) {
    const action = await findActionById(tx, attempt.action_id, true);
    holders =
      action?.claim_active && action.claimed_by !== collector.collector_id && action.claimed_by
        ? [action.claimed_by]
        : [];
  } else
    holders = await otherHolders(
      tx,
      attempt.portfolio_id,
      attempt.debtor_id,
      null,
      collector.collector_id,
    );
  if (holders.length > 0)
    throw new AppError(
      'conflict',
      `the case of attempt ${id} is held by ${holders.join(', ')}: only they can record its outcome`,
      { attempt_id: id, held_by: holders, reason: 'held_by_other' satisfies QueueRefusal },
    );
}
