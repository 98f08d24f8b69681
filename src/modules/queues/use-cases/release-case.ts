import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { getCollector } from '../../people/index.js';
import { parseCaseId } from '../domain/case-id.js';
import { otherHolders, releaseActions, selectHeldActions } from '../store.js';

export type ReleaseCaseOptions = { db: Db; collectorId: string; caseId: string };

/** Gives a held case back to its queue; not_found when the collector does not hold it. */
export async function releaseCase({
  db,
  collectorId,
  caseId,
}: ReleaseCaseOptions): Promise<{ released: number }> {
  const key = parseCaseId(caseId);
  if (!key)
    throw new AppError('validation_failed', `"${caseId}" is not a case id`, [
      { field: 'case_id', message: 'must be unit:portfolio_id:debtor_id' },
    ]);
  return db.transaction(async (tx) => {
    await getCollector({ db: tx, collectorId });
    const held = await selectHeldActions(
      tx,
      collectorId,
      key.unit,
      key.portfolioId,
      key.debtorId,
      true,
    );
    if (held.length === 0) {
      const others = await otherHolders(tx, key.portfolioId, key.debtorId, key.unit, collectorId);
      if (others.length > 0)
        throw new AppError('conflict', `case ${caseId} is held by ${others.join(', ')}`, {
          case_id: caseId,
          held_by: others,
        });
      throw new AppError('not_found', `collector "${collectorId}" holds no case ${caseId}`, {
        case_id: caseId,
      });
    }
    const released = await releaseActions(
      tx,
      key.portfolioId,
      held.map((a) => a.action_id),
    );
    return { released };
  });
}
