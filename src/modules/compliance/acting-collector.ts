/**
 * Who acts, until sessions (issue 6): the request header `x-collector-id` names a collector.
 * Every route that acts on behalf of a collector calls this one function; issue 6 replaces it
 * with the session's user.
 */
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';

/** Whether a collector id is known (the collectors' module answers; none until it exists). */
export type CollectorLookup = (db: Queryable, collectorId: string) => Promise<boolean>;

const collectorId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * The acting collector's id: 400 validation_failed when the header is missing or malformed,
 * 404 not_found when the lookup does not know the collector.
 */
export async function actingCollector(
  request: FastifyRequest,
  db: Queryable,
  lookup: CollectorLookup | undefined,
): Promise<string> {
  const header = request.headers['x-collector-id'];
  const id = Array.isArray(header) ? header[0] : header;
  if (id === undefined || id === '')
    throw new AppError(
      'validation_failed',
      'the x-collector-id header names the acting collector',
      {
        field: 'x-collector-id',
      },
    );
  if (!collectorId.test(id))
    throw new AppError(
      'validation_failed',
      'x-collector-id must be 1-64 letters, digits, dots, colons, dashes or underscores',
      { field: 'x-collector-id' },
    );
  if (lookup && !(await lookup(db, id)))
    throw new AppError('not_found', `no collector ${id}`, { collector_id: id });
  return id;
}
