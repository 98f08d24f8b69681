import { describe, expect, it } from 'vitest';
import {
  claimedUsername,
  isOidcRefusal,
  linkOidcIdentity,
  type OidcCandidate,
  type OidcLink,
} from './oidc-link.js';

const user = (userId: bigint, active: boolean, oidcSubject: string | null): OidcCandidate => ({
  userId,
  active,
  oidcSubject,
});
const linked = user(1n, true, 'sub-1');
const linkedInactive = user(1n, false, 'sub-1');
const free = user(2n, true, null);
const freeInactive = user(2n, false, null);
const pinnedElsewhere = user(2n, true, 'sub-other');

describe('linking an identity to a user', () => {
  it.each<
    [string, OidcCandidate | undefined, string, OidcCandidate | undefined, boolean, OidcLink]
  >([
    [
      'the user linked to the subject',
      linked,
      'preferred_username',
      undefined,
      true,
      { kind: 'sign_in', userId: 1n, pin: false },
    ],
    [
      'the linked user, whatever the claim names',
      linked,
      'preferred_username',
      free,
      true,
      { kind: 'sign_in', userId: 1n, pin: false },
    ],
    [
      'the linked user, with sub as the claim',
      linked,
      'sub',
      undefined,
      false,
      { kind: 'sign_in', userId: 1n, pin: false },
    ],
    [
      'a deactivated linked user',
      linkedInactive,
      'preferred_username',
      free,
      true,
      { kind: 'refused', reason: 'inactive' },
    ],
    [
      'the unlinked user the claim names: pinned',
      undefined,
      'preferred_username',
      free,
      true,
      { kind: 'sign_in', userId: 2n, pin: true },
    ],
    [
      'no user by that name',
      undefined,
      'preferred_username',
      undefined,
      true,
      { kind: 'refused', reason: 'unknown_user' },
    ],
    [
      'no claim in the identity',
      undefined,
      'preferred_username',
      undefined,
      false,
      { kind: 'refused', reason: 'no_claim' },
    ],
    [
      'a name already linked to another subject',
      undefined,
      'preferred_username',
      pinnedElsewhere,
      true,
      { kind: 'refused', reason: 'linked_elsewhere' },
    ],
    [
      'a deactivated user of that name',
      undefined,
      'preferred_username',
      freeInactive,
      true,
      { kind: 'refused', reason: 'inactive' },
    ],
    [
      'sub as the claim links only subjects set by an administrator',
      undefined,
      'sub',
      free,
      true,
      { kind: 'refused', reason: 'unknown_user' },
    ],
  ])('%s', (_name, bySubject, claim, byClaim, claimPresent, expected) => {
    expect(linkOidcIdentity({ bySubject, claim, byClaim, claimPresent })).toEqual(expected);
  });
});

describe('the user name a claim names', () => {
  it.each<[unknown, string | null]>([
    ['alice', 'alice'],
    [' Alice.W ', 'alice.w'],
    ['', null],
    ['   ', null],
    [42, null],
    [['alice'], null],
    [null, null],
    [undefined, null],
    ['a'.repeat(64), 'a'.repeat(64)],
    ['a'.repeat(65), null],
  ])('%j -> %j', (value, expected) => {
    expect(claimedUsername(value)).toBe(expected);
  });
});

describe('refusals and failures', () => {
  it.each([
    ['unknown_user', true],
    ['inactive', true],
    ['linked_elsewhere', true],
    ['no_claim', true],
    ['no_sign_in', false],
    ['expired', false],
    ['provider', false],
  ] as const)('%s is a refusal: %s', (reason, refusal) => {
    expect(isOidcRefusal(reason)).toBe(refusal);
  });
});
