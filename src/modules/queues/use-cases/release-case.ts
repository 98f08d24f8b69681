import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { QueueRefusal } from '../domain/refusals.js';
import { getCollector } from '../../people/index.js';
import { parseCaseId } from '../domain/case-id.js';
import { otherHolders, releaseHeldCase } from '../store.js';

export type ReleaseCaseOptions = { db: Db; collectorId: string; caseId: string };

/**
 * Gives a held case back to its queue in one statement; when nothing was released, says why:
 * not_found for an unknown collector or a case they do not hold, conflict when someone else
 * holds it.
 */
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
  const released = await releaseHeldCase(db, collectorId, key.unit, key.portfolioId, key.debtorId);
  if (released > 0) return { released };
  await getCollector({ db, collectorId });
  const others = await otherHolders(db, key.portfolioId, key.debtorId, key.unit, collectorId);
  if (others.length > 0)
    throw new AppError('conflict', `case ${caseId} is held by ${others.join(', ')}`, {
      case_id: caseId,
      held_by: others,
      reason: 'held_by_other' satisfies QueueRefusal,
    });
  throw new AppError('not_found', `collector "${collectorId}" holds no case ${caseId}`, {
    case_id: caseId,
  });
}
