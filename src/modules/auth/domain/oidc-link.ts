/**
 * Which local user an identity proven by the bank's OpenID Connect provider signs in as. The
 * provider proves identity only: roles and data scopes stay in Recourse, and only an existing,
 * active user may sign in. A user is linked by the provider's subject (`sub`), set by an
 * administrator or pinned at the first sign-in whose configured claim equals the user name; once
 * pinned, the claim no longer matters (a name reused at the provider cannot take the account over).
 * Pure: the users are looked up by the caller.
 */

/** A user as the link sees it. */
export type OidcCandidate = {
  userId: bigint;
  active: boolean;
  /** the subject the user is linked to, if any */
  oidcSubject: string | null;
};

/**
 * Why an identity was refused (the person is told the same for all of them):
 *   unknown_user: no user is linked to the subject, and none has the claimed name;
 *   inactive: the linked (or named) user is deactivated;
 *   linked_elsewhere: the user of that name is linked to another subject;
 *   no_claim: the identity carries no usable value of the configured claim.
 */
export const oidcRefusals = ['unknown_user', 'inactive', 'linked_elsewhere', 'no_claim'] as const;
export type OidcRefusal = (typeof oidcRefusals)[number];

/**
 * Why an OpenID Connect sign-in failed: a refusal of the identity, or the flow itself failed
 *   no_sign_in: the browser brought no sign-in in flight (none started, or already used);
 *   expired: it took too long;
 *   provider: the provider's answer failed a check (state, PKCE, nonce, signature, an error).
 */
export type OidcFailure = OidcRefusal | 'no_sign_in' | 'expired' | 'provider';

export function isOidcRefusal(reason: OidcFailure): reason is OidcRefusal {
  return (oidcRefusals as readonly string[]).includes(reason);
}

export type OidcLink =
  { kind: 'sign_in'; userId: bigint; pin: boolean } | { kind: 'refused'; reason: OidcRefusal };

/**
 * The user name a claim's value names: a string, trimmed and lower-cased as user names are; null
 * for anything else (a number, a list, an empty string, or longer than any user name).
 */
export function claimedUsername(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().toLowerCase();
  return name.length > 0 && name.length <= 64 ? name : null;
}

export type LinkOidcIdentityInput = {
  /** the user linked to the identity's subject */
  bySubject: OidcCandidate | undefined;
  /** the configured claim; `sub` links only subjects an administrator set */
  claim: string;
  /** the user whose name the claim's value names (see claimedUsername), when looked up */
  byClaim: OidcCandidate | undefined;
  /** whether the identity carried a usable value of the claim */
  claimPresent: boolean;
};

/** The decision: sign in as a user (pinning the subject to them first), or refuse, and why. */
export function linkOidcIdentity(i: LinkOidcIdentityInput): OidcLink {
  if (i.bySubject)
    return i.bySubject.active
      ? { kind: 'sign_in', userId: i.bySubject.userId, pin: false }
      : { kind: 'refused', reason: 'inactive' };
  if (i.claim === 'sub') return { kind: 'refused', reason: 'unknown_user' };
  if (!i.claimPresent) return { kind: 'refused', reason: 'no_claim' };
  if (!i.byClaim) return { kind: 'refused', reason: 'unknown_user' };
  if (i.byClaim.oidcSubject !== null) return { kind: 'refused', reason: 'linked_elsewhere' };
  if (!i.byClaim.active) return { kind: 'refused', reason: 'inactive' };
  return { kind: 'sign_in', userId: i.byClaim.userId, pin: true };
}
