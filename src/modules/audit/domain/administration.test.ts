import { describe, expect, it } from 'vitest';
import {
  administrationKinds,
  administrationPrefix,
  fieldChanges,
  isAdministrationKind,
  secretMember,
} from './administration.js';
import type { JsonValue } from './canonical-json.js';

describe('administration kinds', () => {
  it('all carry the prefix the database ties a missing portfolio and debtor to, once each', () => {
    for (const k of administrationKinds) {
      expect(k.startsWith(administrationPrefix)).toBe(true);
      expect(k).toMatch(/^[a-z][a-z0-9_]{0,63}$/); // the column's CHECK
    }
    expect(new Set(administrationKinds).size).toBe(administrationKinds.length);
    expect(isAdministrationKind('admin_sign_in')).toBe(true);
    expect(isAdministrationKind('gate_decision')).toBe(false);
    expect(isAdministrationKind('admin_')).toBe(false);
  });
});

describe('fieldChanges', () => {
  it.each<[string, Record<string, JsonValue>, Record<string, JsonValue>, unknown]>([
    ['nothing changed', { role: 'a', active: true }, { role: 'a', active: true }, {}],
    [
      'one field',
      { role: 'a', active: true },
      { role: 'b', active: true },
      { role: { before: 'a', after: 'b' } },
    ],
    [
      'to null',
      { agency_id: 'AG' },
      { agency_id: null },
      { agency_id: { before: 'AG', after: null } },
    ],
    ['a field only after', {}, { scope: 'x' }, { scope: { before: null, after: 'x' } }],
    ['key order inside a value', { c: { a: 1, b: 2 } }, { c: { b: 2, a: 1 } }, {}],
    [
      'inside a value',
      { c: { a: 1 } },
      { c: { a: 2 } },
      { c: { before: { a: 1 }, after: { a: 2 } } },
    ],
    [
      'array order counts',
      { s: ['a', 'b'] },
      { s: ['b', 'a'] },
      { s: { before: ['a', 'b'], after: ['b', 'a'] } },
    ],
    [
      'false is not null',
      { active: false },
      { active: null },
      { active: { before: false, after: null } },
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(fieldChanges(before, after)).toEqual(expected);
  });
});

describe('secretMember', () => {
  it.each<[JsonValue, string | null]>([
    [{ user: 'a', role: 'b' }, null],
    [{ token_id: 'abc', scopes: ['x'] }, null],
    [{ password_set: true, password_changed: false }, null],
    [{ password: 'x' }, 'password'],
    [{ after: { Token: 'rct_x' } }, 'after.Token'],
    [{ list: [{ ok: 1 }, { token_hash: 'ab' }] }, 'list[1].token_hash'],
    [{ digest: 'ab' }, 'digest'],
    [['secret'], null],
    ['password', null],
  ])('%j -> %s', (payload, path) => {
    expect(secretMember(payload)).toBe(path);
  });
});
