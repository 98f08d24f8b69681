/**
 * Who is acting, until sessions land (issue 6): the x-collector-id request header. The one place
 * this module reads it; issue 6 replaces this function with the session's user.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

export function actingCollector(request: FastifyRequest): string {
  const v = request.headers['x-collector-id'];
  const id = Array.isArray(v) ? v[0] : v;
  if (id === undefined || !/^[\x21-\x7e]{1,64}$/.test(id))
    throw new AppError('validation_failed', 'the x-collector-id header is required', {
      field: 'x-collector-id',
    });
  return id;
}
