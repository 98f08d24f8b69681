import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { verifyEvidence } from '../../audit/index.js';
import { seedDebtors, testCipher } from '../testing.js';
import { attemptContact } from './attempt-contact.js';
import { getComplianceSettings } from './get-compliance-settings.js';
import { updateComplianceSettings } from './update-compliance-settings.js';

describe.each(engines)('per-portfolio rule pack settings on %s', (engine) => {
  let f: FreshDatabase;
  let p: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    p = await seedDebtors(f.db, 'book', [
      { debtorId: 'D1', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['A1'] },
    ]);
  });
  afterAll(() => f.drop());

  const update = (packId: string, config: Record<string, unknown>, portfolioId = p) =>
    updateComplianceSettings({
      db: f.db,
      portfolioId,
      packId,
      config,
      actor: 'user:officer-1',
      reason: 'board decision 2026-11',
      at: new Date('2026-11-20T02:00:00Z'),
    });

  const callAt = (at: string) =>
    attemptContact({
      db: f.db,
      cipher: testCipher,
      portfolioId: p,
      debtorId: 'D1',
      accountId: 'A1',
      channel: 'call',
      recipient: 'debtor',
      number: '+8613800138000',
      collectorId: 'c-1',
      identityDisclosed: true,
      at: new Date(at),
    });

  it('starts as the cn pack as shipped, version 0', async () => {
    const s = await getComplianceSettings({ db: f.db, portfolioId: p });
    expect(s).toMatchObject({ version: 0, packId: 'cn', config: {}, history: [] });
    expect(s.pack.rules.hours.end).toBe('22:00');
  });

  it('accepts a tightening as a new version, in the evidence log, applied to the next attempt', async () => {
    expect((await callAt('2026-11-25T21:30:00+08:00')).allowed).toBe(true);
    const s = await update('cn', {
      hours: { end: '21:00' },
      answeredCallsPerDebtorDay: { max: 2 },
    });
    expect(s).toMatchObject({ version: 1, packId: 'cn' });
    expect(s.pack.rules.hours.end).toBe('21:00');
    expect(s.pack.rules.answeredCallsPerDebtorDay?.max).toBe(2);
    const late = await callAt('2026-11-26T21:30:00+08:00');
    expect(late.rules.map((r) => r.code)).toEqual(['hours']);
    expect(late.pack).toEqual({ id: 'cn', version: '2026.1', settingsVersion: 1 });
    const [entry] = await f.db.query<{ kind: string; actor: string; payload: unknown }>(
      'SELECT kind, actor, portfolio_id, debtor_id, payload FROM evidence_entries WHERE seq = $1',
      [s.history[0]!.evidenceSeq],
    );
    expect(entry).toEqual({
      kind: 'admin_rule_pack_changed',
      actor: 'user:officer-1',
      portfolio_id: p,
      debtor_id: null,
      payload: {
        version: 1,
        previous_version: 0,
        pack_version: '2026.1',
        reason: 'board decision 2026-11',
        before: { pack: 'cn', config: {} },
        after: {
          pack: 'cn',
          config: { hours: { end: '21:00' }, answeredCallsPerDebtorDay: { max: 2 } },
        },
      },
    });
  });

  it('refuses a loosening, naming the setting and the rule, and keeps the version', async () => {
    await expect(update('cn', { answeredCallsPerDebtorDay: { max: 5 } })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(
        /answeredCallsPerDebtorDay\.max 5 is above the pack's 3 \(GB\/T 45251-2025/,
      ),
      details: { pack: 'cn', setting: 'answeredCallsPerDebtorDay.max' },
    });
    await expect(update('us', { hours: { end: '22:00' } })).rejects.toMatchObject({
      message: expect.stringMatching(/hours\.end 22:00 is later than 21:00 \(12 CFR 1006/),
    });
    await expect(update('fr', {})).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'unknown rule pack "fr" (known: cn, us, uk)',
    });
    await expect(update('cn', {}, 999_999n)).rejects.toMatchObject({ code: 'not_found' });
    expect((await getComplianceSettings({ db: f.db, portfolioId: p })).version).toBe(1);
  });

  it('switches pack, keeping every version as history', async () => {
    const s = await update('us', { postConversation: { days: 10 } });
    expect(s.version).toBe(2);
    expect(s.history.map((h) => [h.version, h.packId])).toEqual([
      [2, 'us'],
      [1, 'cn'],
    ]);
    expect(s.pack.rules.postConversation?.days).toBe(10);
    // a us pack: 7 calls per account within 7 days, not 3 a day
    const results = [];
    for (const h of ['09', '10', '11', '12'])
      results.push(await callAt(`2026-11-27T${h}:00:00+08:00`));
    expect(results.every((r) => r.allowed)).toBe(true);
    expect(results[0]!.pack).toEqual({ id: 'us', version: '2026.1', settingsVersion: 2 });
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
  });
});
