/**
 * Who is acting: until sign-in lands (issue 6), the request header `x-collector-id` names the
 * collector. This is the one place that reads it; the session will replace it here.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

const collectorId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function actingCollector(request: FastifyRequest): string {
  const value = request.headers['x-collector-id'];
  if (typeof value !== 'string' || value.length === 0)
    throw new AppError(
      'validation_failed',
      'the x-collector-id header names the acting collector',
      [{ field: 'x-collector-id', message: 'required' }],
    );
  if (!collectorId.test(value))
    throw new AppError('validation_failed', 'x-collector-id is not a collector id', [
      { field: 'x-collector-id', message: 'letters, digits and . _ : - (1-64)' },
    ]);
  return value;
}
