/**
 * Who is acting, as a collector: the signed-in user's collector (issue 6). A user who works as no
 * collector (an administrator, an auditor) is refused where a collector must act.
 */
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { PeopleRefusal } from './domain/refusals.js';
import { principal } from '../auth/index.js';
import type { CollectorRow } from './store.js';
import { getCollector } from './use-cases/get-collector.js';

/** The acting collector's id: forbidden when the signed-in user works as no collector. */
export function actingCollectorId(request: FastifyRequest): string {
  const p = principal(request);
  if (!p.collectorId)
    throw new AppError('forbidden', `user "${p.username}" does not work as a collector`, {
      reason: 'not_a_collector',
    });
  return p.collectorId;
}

/** The acting collector (not_found when unknown, conflict when deactivated). */
export async function actingCollector(
  request: FastifyRequest,
  db: Queryable,
): Promise<CollectorRow> {
  const collector = await getCollector({ db, collectorId: actingCollectorId(request) });
  if (!collector.active)
    throw new AppError('conflict', `collector "${collector.collector_id}" is not active`, {
      collector_id: collector.collector_id,
      reason: 'collector_inactive' satisfies PeopleRefusal,
    });
  return collector;
}
