import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { QueueRefusal } from '../domain/refusals.js';
import { getCollector } from '../../people/index.js';
import { isTask } from '../domain/outcomes.js';
import { currentAgencyOf, findActionById, insertTaskReport, markDone } from '../store.js';

export type CompleteTaskOptions = { db: Db; collectorId: string; actionId: bigint; note: string };

/**
 * Completes a task that is not a contact (field visit report, legal review, cash-flow check,
 * face-to-face meeting) with the collector's note. The collector must hold the action's case.
 */
export async function completeTask({
  db,
  collectorId,
  actionId,
  note,
}: CompleteTaskOptions): Promise<{ actionId: bigint; completedAt: Date }> {
  return db.transaction(async (tx) => {
    const collector = await getCollector({ db: tx, collectorId });
    const action = await findActionById(tx, actionId, true);
    if (!action)
      throw new AppError('not_found', `no action ${actionId}`, { action_id: String(actionId) });
    if (!isTask(action.channel, action.kind))
      throw new AppError(
        'conflict',
        `action ${actionId} is a ${action.channel} contact: record the attempt's outcome instead`,
        {
          action_id: String(actionId),
          channel: action.channel,
          reason: 'record_outcome_instead' satisfies QueueRefusal,
        },
      );
    if (action.status === 'done' || action.status === 'cancelled')
      throw new AppError('conflict', `action ${actionId} is already ${action.status}`, {
        action_id: String(actionId),
        status: action.status,
        reason: 'already_done' satisfies QueueRefusal,
      });
    if (!(action.claim_active && action.claimed_by === collectorId)) {
      const holder = action.claim_active ? action.claimed_by : null;
      throw new AppError(
        'conflict',
        holder
          ? `action ${actionId} is in a case held by ${holder}`
          : `claim the case of action ${actionId} before completing it`,
        {
          action_id: String(actionId),
          held_by: holder,
          reason: holder
            ? ('held_by_other' satisfies QueueRefusal)
            : ('not_claimed' satisfies QueueRefusal),
        },
      );
    }
    if ((await currentAgencyOf(tx, action.portfolio_id, action.account_id)) !== collector.agency_id)
      throw new AppError(
        'conflict',
        `action ${actionId} is not in your queue (placement changed)`,
        { action_id: String(actionId), reason: 'not_in_queue' satisfies QueueRefusal },
      );
    await markDone(tx, action.portfolio_id, actionId, collectorId);
    const completedAt = await insertTaskReport(
      tx,
      action.portfolio_id,
      actionId,
      collectorId,
      note,
    );
    return { actionId, completedAt };
  });
}
