/**
 * Who is acting (resolving a reconciliation item): the signed-in user, as their collector id or
 * `user:<name>` (see the auth module's actorOf).
 */
import type { FastifyRequest } from 'fastify';
import { actorOf, principal } from '../auth/index.js';

export function actingCollector(request: FastifyRequest): string {
  return actorOf(principal(request));
}
