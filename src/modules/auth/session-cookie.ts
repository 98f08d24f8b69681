/**
 * The session cookie as every sign-in sets it (password or identity provider): HttpOnly,
 * SameSite=Strict, Secure per configuration, for the whole site.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../shared/db/types.js';
import { sessionCookie } from './access-control.js';
import { signOut } from './use-cases/sign-out.js';

/** Secure cookies: always, never, or 'auto' (when the request came over HTTPS). */
export type SecureCookies = boolean | 'auto';

export function sessionCookieOptions(secure: SecureCookies) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure };
}

/** Ends whatever session the browser brought: a sign-in never adopts a planted session id. */
export async function endBroughtSession(request: FastifyRequest, db: Db, now: Date): Promise<void> {
  const brought = request.cookies[sessionCookie];
  if (brought)
    await signOut({ db, token: brought, now, clientAddress: request.ip, reason: 'new_sign_in' });
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: SecureCookies): void {
  void reply.setCookie(sessionCookie, token, sessionCookieOptions(secure));
}

export function clearSessionCookie(reply: FastifyReply, secure: SecureCookies): void {
  void reply.clearCookie(sessionCookie, sessionCookieOptions(secure));
}
