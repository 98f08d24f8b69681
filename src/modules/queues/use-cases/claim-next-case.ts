import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { excludedWork, getCollector, type CollectorRow, type Unit } from '../../people/index.js';
import {
  countHeldCases,
  lockDebtorActions,
  lockNextCandidate,
  markClaimed,
  tryLockCase,
  hasUnrankedActions,
  rankNewActions,
  type QueueScope,
} from '../store.js';
import { loadCase, type WorkCase } from './load-case.js';

export const defaultClaimMinutes = 30;

export type ClaimNextCaseOptions = {
  db: Db;
  collectorId: string;
  unit: Unit;
  today: CalendarDate;
  /** how long a claim lasts before another collector may take the case */
  claimMinutes?: number;
};

/** Debtors passed over in one claim (being claimed by someone else at the same moment). */
const maxContended = 20;

/**
 * Claims the next case of the unit's queue for the collector: oldest due first, then the highest
 * balance, among the debtors whose language the collector speaks and whose work their skills
 * allow, in the collector's queue (in-house, or their agency's placed accounts). The next action
 * is taken with FOR UPDATE SKIP LOCKED; its debtor's case with a per-case transaction lock (a
 * claimer never waits for another); then every workable action of the case is locked and checked
 * afresh before it is claimed, so two collectors never hold the same case. Null when the queue has nothing for them; conflict at
 * capacity or outside their unit.
 */
export async function claimNextCase(opts: ClaimNextCaseOptions): Promise<WorkCase | null> {
  const minutes = opts.claimMinutes ?? defaultClaimMinutes;
  // new work from the cycle takes its place in the queues' order once (the first claim after it)
  if (await hasUnrankedActions(opts.db)) await opts.db.transaction((tx) => rankNewActions(tx));
  return opts.db.transaction(async (tx) => {
    const collector = await getCollector({ db: tx, collectorId: opts.collectorId, lock: true });
    checkMayClaim(collector, opts.unit);
    const held = await countHeldCases(tx, collector.collector_id);
    if (held >= collector.capacity)
      throw new AppError(
        'conflict',
        `collector "${collector.collector_id}" is at capacity (${held} of ${collector.capacity} cases held): finish or release a case first`,
        { collector_id: collector.collector_id, held, capacity: collector.capacity },
      );
    const excluded = excludedWork(collector.skills);
    const scope: QueueScope = {
      unit: opts.unit,
      agencyId: collector.agency_id,
      languages: collector.languages,
      excludedChannels: excluded.channels,
      excludedKinds: excluded.kinds,
      today: opts.today,
    };
    const claimed = await claimInScope(tx, scope, collector.collector_id, minutes);
    if (!claimed) return null;
    return loadCase(tx, { unit: opts.unit, ...claimed });
  });
}

function checkMayClaim(collector: CollectorRow, unit: Unit): void {
  if (!collector.active)
    throw new AppError('conflict', `collector "${collector.collector_id}" is not active`, {
      collector_id: collector.collector_id,
    });
  if (collector.unit !== unit && collector.role !== 'supervisor')
    throw new AppError(
      'conflict',
      `collector "${collector.collector_id}" works in the ${collector.unit} unit, not ${unit}`,
      { collector_id: collector.collector_id, unit: collector.unit },
    );
}

async function claimInScope(
  tx: Queryable,
  scope: QueueScope,
  collectorId: string,
  minutes: number,
): Promise<{ portfolioId: bigint; debtorId: string; actionIds: bigint[] } | null> {
  const skip: string[] = [];
  while (skip.length < maxContended) {
    // a debtor passed over gives back the row lock taken on it (so no claimer waits on it)
    await tx.exec('SAVEPOINT claim_candidate');
    const candidate = await lockNextCandidate(tx, scope, skip);
    if (!candidate) return null;
    const { portfolio_id: portfolioId, debtor_id: debtorId } = candidate;
    if (await tryLockCase(tx, scope.unit, portfolioId, debtorId)) {
      const { actionIds, held } = await lockDebtorActions(tx, scope, portfolioId, debtorId);
      if (!held && actionIds.length > 0) {
        await markClaimed(tx, portfolioId, actionIds, collectorId, minutes);
        return { portfolioId, debtorId, actionIds };
      }
    }
    // another collector is claiming or holds this debtor's case: leave it to them
    await tx.exec('ROLLBACK TO SAVEPOINT claim_candidate');
    skip.push(`${portfolioId}:${debtorId}`);
  }
  return null;
}
