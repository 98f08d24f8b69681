/**
 * The secrets of sign-in: session tokens (the cookie's value), API tokens (`rct_<id>_<secret>`)
 * and the CSRF token derived from a session token. Only SHA-256 digests are stored. Pure apart
 * from hashing: the random bytes are arguments.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function sessionToken(random32: Buffer): string {
  return random32.toString('base64url');
}

/**
 * The CSRF token of a session: a digest of its token under a label, so it is fixed for the
 * session, differs from the cookie, and cannot be turned back into it. Sent by the web app in
 * `x-csrf-token` on every request that changes something.
 */
export function csrfToken(sessionTokenValue: string): string {
  return createHash('sha256')
    .update('recourse-csrf-v1\0')
    .update(sessionTokenValue)
    .digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const apiTokenPattern = /^rct_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function apiToken(tokenId: string, random32: Buffer): string {
  return `rct_${tokenId}_${random32.toString('base64url')}`;
}

/** The id of a well-formed API token, or null. */
export function apiTokenId(token: string): string | null {
  return apiTokenPattern.exec(token)?.[1] ?? null;
}

/** A token id: 12 characters of [a-z0-9] from 12 random bytes. */
export function tokenIdFrom(random12: Buffer): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...random12].map((b) => alphabet[b % alphabet.length]).join('');
}
