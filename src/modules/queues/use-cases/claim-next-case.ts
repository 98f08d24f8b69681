import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { QueueRefusal } from '../domain/refusals.js';
import { excludedWork, getCollector, type CollectorRow, type Unit } from '../../people/index.js';
import { claimNextCaseRow, type QueueScope } from '../store.js';
import { workCaseOf, type WorkCase } from './load-case.js';

export const defaultClaimMinutes = 30;

export type ClaimNextCaseOptions = {
  db: Db;
  collectorId: string;
  unit: Unit;
  today: CalendarDate;
  /** how long a claim lasts before another collector may take the case */
  claimMinutes?: number;
};

/** Claim statements tried at most (each lost race on a case passes its debtor over). */
const maxAttempts = 20;

/**
 * Claims the next case of the unit's queue for the collector: oldest due first, then the highest
 * balance, among the debtors whose language the collector speaks and whose work their skills
 * allow, in the collector's queue (in-house, or their agency's placed accounts), up to their
 * capacity. One statement does it (see claimNextCaseRow): the next action is taken with FOR
 * UPDATE SKIP LOCKED, its debtor's case with a per-case lock taken without waiting, then every
 * action of the case is locked and checked afresh before the workable ones are claimed, so two
 * collectors never hold the same case; one collector's claims are serialised by a counter, so
 * two at once cannot pass their capacity. A lost race is tried again with the next case. Null
 * when the queue has nothing for them; conflict at capacity or outside their unit.
 */
export async function claimNextCase(opts: ClaimNextCaseOptions): Promise<WorkCase | null> {
  const minutes = opts.claimMinutes ?? defaultClaimMinutes;
  const collector = await getCollector({ db: opts.db, collectorId: opts.collectorId });
  checkMayClaim(collector, opts.unit);
  const excluded = excludedWork(collector.skills);
  const scope: QueueScope = {
    unit: opts.unit,
    agencyId: collector.agency_id,
    languages: collector.languages,
    excludedChannels: excluded.channels,
    excludedKinds: excluded.kinds,
    today: opts.today,
  };
  const skip: string[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const r = await claimNextCaseRow(opts.db, scope, {
      collectorId: collector.collector_id,
      capacity: collector.capacity,
      claimMinutes: minutes,
      skip,
    });
    if (r.kind === 'empty') return null;
    if (r.kind === 'at_capacity')
      throw new AppError(
        'conflict',
        `collector "${collector.collector_id}" is at capacity (${r.held} of ${collector.capacity} cases held): finish or release a case first`,
        {
          collector_id: collector.collector_id,
          held: r.held,
          capacity: collector.capacity,
          reason: 'at_capacity' satisfies QueueRefusal,
        },
      );
    if (r.kind === 'claimed') return workCaseOf({ unit: opts.unit, ...r });
    // another claimer has this debtor's case (or this collector claimed at the same moment)
    if (r.portfolioId !== null) skip.push(`${r.portfolioId}:${r.debtorId}`);
  }
  return null;
}
function checkMayClaim(collector: CollectorRow, unit: Unit): void {
  if (!collector.active)
    throw new AppError('conflict', `collector "${collector.collector_id}" is not active`, {
      collector_id: collector.collector_id,
      reason: 'collector_inactive' satisfies QueueRefusal,
    });
  if (collector.unit !== unit && collector.role !== 'supervisor')
    throw new AppError(
      'conflict',
      `collector "${collector.collector_id}" works in the ${collector.unit} unit, not ${unit}`,
      {
        collector_id: collector.collector_id,
        unit: collector.unit,
        reason: 'wrong_unit' satisfies QueueRefusal,
      },
    );
}
