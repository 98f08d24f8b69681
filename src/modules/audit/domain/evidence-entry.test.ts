import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import {
  canonicalContent,
  entryHash,
  genesisHash,
  isEvidenceKind,
  type EvidenceContent,
} from './evidence-entry.js';

const entry: EvidenceContent = {
  seq: 1n,
  kind: 'gate_decision',
  portfolioId: 7n,
  debtorId: 'D1',
  accountId: null,
  actor: 'collector:c-17',
  occurredAt: new Date('2026-11-25T01:30:00.000Z'),
  recordedAt: new Date('2026-11-25T01:30:00.125Z'),
  payload: { allowed: false, violations: ['hours'], pack: 'cn' },
};

describe('entry hash', () => {
  it('commits to a canonical text of every field', () => {
    expect(canonicalContent(entry)).toBe(
      '{"account_id":null,"actor":"collector:c-17","debtor_id":"D1","kind":"gate_decision",' +
        '"occurred_at":"2026-11-25T01:30:00.000Z","payload":{"allowed":false,"pack":"cn",' +
        '"violations":["hours"]},"portfolio_id":"7","recorded_at":"2026-11-25T01:30:00.125Z","seq":"1"}',
    );
    expect(toHex(entryHash(genesisHash, entry))).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<EvidenceContent>]>([
    ['seq', { seq: 2n }],
    ['kind', { kind: 'contact_attempt' }],
    ['portfolio', { portfolioId: 8n }],
    ['debtor', { debtorId: 'D2' }],
    ['account', { accountId: 'A1' }],
    ['actor', { actor: 'system' }],
    ['occurred_at', { occurredAt: new Date('2026-11-25T01:30:00.001Z') }],
    ['recorded_at', { recordedAt: new Date('2026-11-25T01:30:00.126Z') }],
    ['payload', { payload: { allowed: true, violations: ['hours'], pack: 'cn' } }],
  ])('changes when the %s changes', (_name, change) => {
    expect(toHex(entryHash(genesisHash, { ...entry, ...change }))).not.toBe(
      toHex(entryHash(genesisHash, entry)),
    );
  });

  it('changes with the previous hash, and not with payload key order', () => {
    const prev = new Uint8Array(32).fill(1);
    expect(toHex(entryHash(prev, entry))).not.toBe(toHex(entryHash(genesisHash, entry)));
    const reordered = { ...entry, payload: { pack: 'cn', violations: ['hours'], allowed: false } };
    expect(toHex(entryHash(genesisHash, reordered))).toBe(toHex(entryHash(genesisHash, entry)));
  });

  it('hashes an entry about a debtor exactly as before administration entries existed', () => {
    // computed by the code before migration 0017 (portfolio and debtor always present)
    expect(toHex(entryHash(genesisHash, entry))).toBe(
      '4ffb41a10098351b70837dcab106663dd1b6d96d0a55bed6d93cccee82c861fb',
    );
  });

  it('writes a missing portfolio and debtor as null, apart from any value', () => {
    const admin: EvidenceContent = {
      ...entry,
      kind: 'admin_sign_in',
      portfolioId: null,
      debtorId: null,
      actor: 'user:admin',
      payload: { method: 'password', client_address: '10.0.0.1' },
    };
    expect(canonicalContent(admin)).toBe(
      '{"account_id":null,"actor":"user:admin","debtor_id":null,"kind":"admin_sign_in",' +
        '"occurred_at":"2026-11-25T01:30:00.000Z","payload":{"client_address":"10.0.0.1",' +
        '"method":"password"},"portfolio_id":null,"recorded_at":"2026-11-25T01:30:00.125Z","seq":"1"}',
    );
    const hash = toHex(entryHash(genesisHash, admin));
    for (const change of [
      { portfolioId: 7n },
      { debtorId: 'null' },
      { debtorId: '' },
      { portfolioId: 7n, debtorId: 'D1' },
    ])
      expect(toHex(entryHash(genesisHash, { ...admin, ...change }))).not.toBe(hash);
  });

  it('refuses an invalid instant and knows its kinds', () => {
    expect(() => entryHash(genesisHash, { ...entry, occurredAt: new Date('x') })).toThrow(
      /occurred_at is not a valid instant/,
    );
    expect(isEvidenceKind('message_sent')).toBe(true);
    expect(isEvidenceKind('gossip')).toBe(false);
    expect(isEvidenceKind('admin_user_changed')).toBe(true);
    expect(isEvidenceKind('admin_gossip')).toBe(false);
  });
});
