import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiToken,
  apiTokenId,
  csrfToken,
  sameSecret,
  sessionToken,
  tokenIdFrom,
} from './secrets.js';

describe('API tokens', () => {
  it('carry their id, and nothing else parses', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (a, b) => {
          const id = tokenIdFrom(Buffer.from(a));
          expect(apiTokenId(apiToken(id, Buffer.from(b)))).toBe(id);
        },
      ),
    );
  });

  it.each([
    ['empty', ''],
    ['a session token', sessionToken(randomBytes(32))],
    ['upper-case id', `rct_ABCDEFGHIJKL_${'a'.repeat(43)}`],
    ['short secret', `rct_abcdefghijkl_${'a'.repeat(42)}`],
    ['trailing text', `rct_abcdefghijkl_${'a'.repeat(43)}x`],
    ['other prefix', `rcx_abcdefghijkl_${'a'.repeat(43)}`],
  ])('refuses %s', (_name, token) => {
    expect(apiTokenId(token)).toBeNull();
  });
});

describe('CSRF token', () => {
  it('is fixed for a session, differs between sessions and from the session token', () => {
    const a = sessionToken(randomBytes(32));
    const b = sessionToken(randomBytes(32));
    expect(csrfToken(a)).toBe(csrfToken(a));
    expect(csrfToken(a)).not.toBe(csrfToken(b));
    expect(csrfToken(a)).not.toBe(a);
  });

  it('is compared in constant time and exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});
