/**
 * Who is acting, until sessions land (issue 6): x-collector-id names the person and, for
 * approvals, x-collector-role their role in the authority matrix. The one place this module reads
 * them; issue 6 replaces this function with the session's user and role.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

function header(request: FastifyRequest, name: string): string {
  const v = request.headers[name];
  const value = Array.isArray(v) ? v[0] : v;
  if (value === undefined || !/^[\x21-\x7e]{1,64}$/.test(value))
    throw new AppError('validation_failed', `the ${name} header is required`, { field: name });
  return value;
}

export function actingUser(
  request: FastifyRequest,
  withRole = false,
): { userId: string; role: string } {
  return {
    userId: header(request, 'x-collector-id'),
    role: withRole ? header(request, 'x-collector-role') : 'collector',
  };
}
