/**
 * Who is acting: until sign-in lands (issue 6), the acting collector is named by the request header
 * x-collector-id. This is the one place that reads it; the session will replace it.
 */
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { CollectorRow } from './store.js';
import { getCollector } from './use-cases/get-collector.js';

export const collectorHeader = 'x-collector-id';

/** The acting collector's id from the request: validation_failed when missing or malformed. */
export function actingCollectorId(request: FastifyRequest): string {
  const value = request.headers[collectorHeader];
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(value))
    throw new AppError('validation_failed', `the ${collectorHeader} header must name a collector`, [
      {
        field: collectorHeader,
        message: value === undefined ? 'required' : 'invalid collector id',
      },
    ]);
  return value;
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
    });
  return collector;
}
