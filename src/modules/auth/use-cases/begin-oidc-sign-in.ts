import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Queryable } from '../../../shared/db/types.js';
import { sessionToken, sha256 } from '../domain/secrets.js';
import type { OidcClient } from '../oidc-client.js';
import { insertOidcSignIn } from '../store.js';

export type BeginOidcSignInOptions = { db: Queryable; client: OidcClient; now: Date };

export type OidcSignInStarted = {
  /** the browser's proof that it started this sign-in (a short-lived cookie) */
  loginId: string;
  expiresAt: Date;
  /** where the browser goes to sign in at the provider */
  authorizationUrl: URL;
};

/** How long the person has to sign in at the provider and come back. */
export const oidcSignInMinutes = 10;

/**
 * Starts a sign-in at the bank's identity provider: the authorization-code flow with PKCE (S256),
 * a fresh state and nonce, all kept server-side under the hash of a random id the browser holds.
 */
export async function beginOidcSignIn(o: BeginOidcSignInOptions): Promise<OidcSignInStarted> {
  const config = await o.client.configuration();
  const loginId = sessionToken(randomBytes(32));
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const expiresAt = new Date(o.now.getTime() + oidcSignInMinutes * 60_000);
  await insertOidcSignIn(o.db, {
    loginHash: sha256(loginId),
    state,
    nonce,
    codeVerifier,
    now: o.now,
    expiresAt,
  });
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: o.client.settings.redirectUri,
    scope: o.client.settings.scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { loginId, expiresAt, authorizationUrl };
}
