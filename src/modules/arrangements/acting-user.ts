/**
 * Who is acting on an arrangement: the signed-in user as maker, or as checker with the approval
 * authority the bank delegated to them (their level in the authority matrix). A checker without
 * an authority is refused.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { actorOf, principal } from '../auth/index.js';

export function actingUser(
  request: FastifyRequest,
  withRole = false,
): { userId: string; role: string } {
  const p = principal(request);
  if (withRole && !p.approvalAuthority)
    throw new AppError('forbidden', `user "${p.username}" holds no approval authority`, {
      reason: 'no_approval_authority',
    });
  return { userId: actorOf(p), role: withRole ? p.approvalAuthority! : 'collector' };
}
