import * as oidc from 'openid-client';
import type { Db } from '../../../shared/db/types.js';
import { recordAdministration } from '../../audit/index.js';
import { AppError } from '../../../shared/errors.js';
import {
  claimedUsername,
  isOidcRefusal,
  linkOidcIdentity,
  type OidcCandidate,
  type OidcFailure,
} from '../domain/oidc-link.js';
import { sha256 } from '../domain/secrets.js';
import type { OidcClient } from '../oidc-client.js';
import { principalOf } from '../principal.js';
import {
  findUserBySubject,
  findUserForSignIn,
  pinOidcSubject,
  takeOidcSignIn,
  type UserWithPermissions,
} from '../store.js';
import type { SignedIn } from './sign-in.js';
import { startSession, type SessionPolicy } from './start-session.js';

export type SignInOidcOptions = {
  db: Db;
  client: OidcClient;
  /** the id of the browser's sign-in cookie; undefined when it brought none */
  loginId: string | undefined;
  /** the query string of the provider's callback (code, state, iss; or error) */
  callbackQuery: string;
  now: Date;
  /** The client's address as the server sees it (recorded with the sign-in). */
  clientAddress: string;
  sessionPolicy?: SessionPolicy;
};

export type SignedInOidc = SignedIn & { subject: string };

/**
 * The failure of an OpenID Connect sign-in: unauthenticated, with the reason in details (for the
 * log; the person is told only "refused" or "failed", never whether a user exists).
 */
function failure(reason: OidcFailure, cause?: unknown): AppError {
  return new AppError(
    'unauthenticated',
    isOidcRefusal(reason)
      ? 'no active user is linked to this identity: ask your administrator'
      : 'the single sign-on did not complete: try again',
    { reason, ...(cause === undefined ? {} : { cause: causeText(cause) }) },
  );
}

/**
 * What went wrong, for the log: the messages of an error and its causes, and the claim or
 * parameter a check named ("invalid response encountered: unexpected "state" response parameter
 * value").
 */
function causeText(e: unknown): string {
  const parts: string[] = [];
  let c: unknown = e;
  for (let depth = 0; depth < 5 && c !== undefined && c !== null; depth++) {
    if (c instanceof Error) {
      parts.push(c.message);
      c = c.cause;
      continue;
    }
    const named =
      typeof c === 'object'
        ? ((c as Record<string, unknown>).claim ?? (c as Record<string, unknown>).parameter)
        : c;
    if (typeof named === 'string') parts.push(named);
    break;
  }
  return parts.join(': ');
}

/** false for a unique violation (another user got the subject first); other errors stay. */
function uniqueViolation(e: unknown): false {
  if ((e as { code?: string }).code === '23505') return false;
  throw e;
}

function candidate(u: UserWithPermissions | undefined): OidcCandidate | undefined {
  return u && { userId: u.user_id, active: u.active, oidcSubject: u.oidc_subject };
}

/**
 * Completes a sign-in at the bank's identity provider: takes the sign-in in flight the browser's
 * cookie names (once: a replayed callback finds nothing), exchanges the code with its PKCE
 * verifier and checks state, nonce and the ID token, links the identity to an existing, active
 * user (linkOidcIdentity), and starts the same session as a password sign-in. Success and every
 * failure end here, in one place, and go to the administration trail as password sign-ins do
 * (a failure with its reason, never the provider's tokens).
 */
export async function signInOidc(o: SignInOidcOptions): Promise<SignedInOidc> {
  try {
    return await completeSignIn(o);
  } catch (e) {
    if (e instanceof AppError && e.code === 'unauthenticated') {
      const reason = (e.details as { reason?: string } | undefined)?.reason ?? 'unknown';
      await recordAdministration({
        db: o.db,
        entry: {
          kind: 'admin_sign_in_failed',
          actor: 'anonymous',
          occurredAt: o.now,
          payload: { method: 'oidc', client_address: o.clientAddress, reason },
        },
      });
    }
    throw e;
  }
}

async function completeSignIn(o: SignInOidcOptions): Promise<SignedInOidc> {
  if (!o.loginId || o.loginId.length > 200) throw failure('no_sign_in');
  const flight = await takeOidcSignIn(o.db, sha256(o.loginId));
  if (!flight) throw failure('no_sign_in');
  if (flight.expires_at.getTime() <= o.now.getTime()) throw failure('expired');
  const { settings } = o.client;
  let config: oidc.Configuration;
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  const callback = new URL(settings.redirectUri);
  callback.search = o.callbackQuery;
  try {
    config = await o.client.configuration();
    tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: flight.code_verifier,
      expectedState: flight.state,
      expectedNonce: flight.nonce,
      idTokenExpected: true,
    });
  } catch (e) {
    throw failure('provider', e);
  }
  const claims = tokens.claims();
  if (!claims) throw failure('provider', 'no ID token');
  const subject = claims.sub;
  const bySubject = await findUserBySubject(o.db, subject);
  let byClaim: UserWithPermissions | undefined;
  let claimPresent = false;
  if (!bySubject && settings.userClaim !== 'sub') {
    let value: unknown = claims[settings.userClaim];
    // providers often keep profile claims out of the ID token: then ask the userinfo endpoint
    if (value === undefined)
      try {
        value = (await oidc.fetchUserInfo(config, tokens.access_token, subject))[
          settings.userClaim
        ];
      } catch (e) {
        throw failure('provider', e);
      }
    const name = claimedUsername(value);
    claimPresent = name !== null;
    if (name) byClaim = await findUserForSignIn(o.db, name);
  }
  const link = linkOidcIdentity({
    bySubject: candidate(bySubject),
    claim: settings.userClaim,
    byClaim: candidate(byClaim),
    claimPresent,
  });
  if (link.kind === 'refused') throw failure(link.reason);
  const user = (bySubject ?? byClaim)!;
  const session = await o.db.transaction(async (tx) => {
    // pinned only if still unlinked (a unique subject: another user cannot hold it either)
    if (link.pin && !(await pinOidcSubject(tx, link.userId, subject).catch(uniqueViolation)))
      throw failure('linked_elsewhere');
    const started = await startSession({
      db: tx,
      userId: link.userId,
      now: o.now,
      ...(o.sessionPolicy ? { policy: o.sessionPolicy } : {}),
    });
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_sign_in',
        actor: `user:${user.username}`,
        occurredAt: o.now,
        payload: { method: 'oidc', client_address: o.clientAddress, subject_pinned: link.pin },
      },
    });
    return started;
  });
  return {
    ...session,
    principal: principalOf({ ...user, oidc_subject: subject }, 'session'),
    subject,
  };
}
