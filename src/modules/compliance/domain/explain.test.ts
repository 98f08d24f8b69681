import { describe, expect, it } from 'vitest';
import type { ContactAttempt } from './contact-attempt.js';
import { createHistory, recordAttempt } from './contact-history.js';
import { createDebtorState, setFlag, type DebtorState } from './debtor-state.js';
import { explainDecision, instantOfLocal } from './explain.js';
import { clockFor } from './local-time.js';
import { tightenPack } from './pack-config.js';
import { cnPack, rulePacks, usPack, type RulePack } from './rule-packs.js';
import type { PackId } from './vocabulary.js';

const attemptAt = (at: string, over: Partial<ContactAttempt> = {}): ContactAttempt => ({
  id: 'x',
  debtorId: 'D1',
  accountId: 'A1',
  channel: 'call',
  at: Date.parse(at),
  recipient: 'debtor',
  number: '+8613800138000',
  collectorId: 'C7',
  identityDisclosed: true,
  ...over,
});

/** The explanation of `next` after the allowed attempts `before` (each recorded as made). */
function explain(
  pack: RulePack,
  zone: string,
  before: ContactAttempt[],
  next: ContactAttempt,
  debtor: DebtorState = createDebtorState('D1', zone, 'XX'),
) {
  const history = createHistory(pack);
  for (const a of before) recordAttempt(history, debtor, a);
  return explainDecision(pack, debtor, history, next);
}

describe('explainDecision: words for a collector and the next allowed instant', () => {
  const table: [PackId, string, string, string, string | null][] = [
    // pack, zone, attempt, message, next allowed (UTC)
    [
      'cn',
      'Asia/Shanghai',
      '2026-11-25T07:00:00+08:00',
      'outside contact hours (08:00-22:00 debtor time) until 08:00 debtor time',
      '2026-11-25T00:00:00.000Z',
    ],
    [
      'cn',
      'Asia/Shanghai',
      '2026-11-25T22:00:00+08:00',
      'outside contact hours (08:00-22:00 debtor time) until 08:00 debtor time on 2026-11-26',
      '2026-11-26T00:00:00.000Z',
    ],
    [
      'us',
      'America/New_York',
      '2026-11-25T21:00:00-05:00',
      'outside contact hours (08:00-21:00 debtor time) until 08:00 debtor time on 2026-11-26',
      '2026-11-26T13:00:00.000Z',
    ],
    // daylight saving starts in New York on 2026-03-08: 08:00 is then 12:00Z, not 13:00Z
    [
      'us',
      'America/New_York',
      '2026-03-07T22:00:00-05:00',
      'outside contact hours (08:00-21:00 debtor time) until 08:00 debtor time on 2026-03-08',
      '2026-03-08T12:00:00.000Z',
    ],
    // and ends on 2026-11-01: 08:00 is 13:00Z again
    [
      'us',
      'America/Los_Angeles',
      '2026-10-31T23:30:00-07:00',
      'outside contact hours (08:00-21:00 debtor time) until 08:00 debtor time on 2026-11-01',
      '2026-11-01T16:00:00.000Z',
    ],
  ];
  it.each(table)('%s %s at %s', (packId, zone, at, message, next) => {
    const e = explain(rulePacks[packId], zone, [], attemptAt(at));
    expect(e.allowed).toBe(false);
    expect(e.rules.map((r) => r.message)).toEqual([message]);
    expect(e.rules[0]!.source).toBe(rulePacks[packId].rules.hours.source);
    expect(e.nextAllowedAt === null ? null : new Date(e.nextAllowedAt).toISOString()).toBe(next);
  });

  it('an allowed attempt has no rules and is allowed at its own instant', () => {
    const a = attemptAt('2026-11-25T10:00:00+08:00');
    expect(explain(cnPack, 'Asia/Shanghai', [], a)).toEqual({
      allowed: true,
      rules: [],
      nextAllowedAt: a.at,
    });
  });

  it('cn daily caps name the cap reached and lift at the next local day', () => {
    const made = [1, 2, 3].map((i) => attemptAt(`2026-11-25T1${i}:00:00+08:00`));
    const e = explain(cnPack, 'Asia/Shanghai', made, attemptAt('2026-11-25T15:00:00+08:00'));
    expect(e.rules.map((r) => [r.code, r.message])).toEqual([
      [
        'frequency',
        'call limit reached: 3 answered calls a day to this debtor have been made today until 08:00 debtor time on 2026-11-26',
      ],
    ]);
    const unanswered = [1, 2, 3, 4, 5, 6].map((i) =>
      attemptAt(`2026-11-25T1${i}:00:00+08:00`, { answered: false }),
    );
    const u = explain(cnPack, 'Asia/Shanghai', unanswered, attemptAt('2026-11-25T17:00:00+08:00'));
    expect(u.rules[0]!.message).toMatch(
      /^call limit reached: 6 unanswered calls a day to this number/,
    );
  });

  it('us: 7-in-7 lifts when the oldest call leaves the window; post-conversation after 7 days', () => {
    const week = [18, 19, 20, 21, 22, 23, 24].map((d) =>
      attemptAt(`2026-11-${d}T10:00:00-05:00`, { answered: false }),
    );
    const e = explain(usPack, 'America/New_York', week, attemptAt('2026-11-24T15:00:00-05:00'));
    expect(e.rules.map((r) => r.code)).toEqual(['frequency']);
    expect(e.rules[0]!.message).toBe(
      'call limit reached: 7 calls about this account within 7 days have been made until 08:00 debtor time on 2026-11-25',
    );
    expect(new Date(e.nextAllowedAt!).toISOString()).toBe('2026-11-25T13:00:00.000Z');

    const talked = [attemptAt('2026-11-20T10:00:00-05:00', { answered: true, conversation: true })];
    const p = explain(usPack, 'America/New_York', talked, attemptAt('2026-11-22T10:00:00-05:00'));
    expect(p.rules.map((r) => r.code)).toEqual(['post_conversation']);
    // the conversation day is day one: day 8 is 2026-11-27
    expect(new Date(p.nextAllowedAt!).toISOString()).toBe('2026-11-27T13:00:00.000Z');
    expect(p.rules[0]!.source).toMatch(/1006\.14\(b\)\(2\)\(ii\)/);
  });

  it('rules time does not lift have no next instant, whatever else blocks', () => {
    const debtor = createDebtorState('D1', 'Asia/Shanghai', 'CN');
    setFlag(debtor, 'cease_contact', true, Date.parse('2026-11-01T00:00:00Z'));
    const e = explain(cnPack, 'Asia/Shanghai', [], attemptAt('2026-11-25T23:00:00+08:00'), debtor);
    expect(e.rules.map((r) => [r.code, r.message])).toEqual([
      ['hours', 'outside contact hours (08:00-22:00 debtor time)'],
      ['cease_contact', 'the debtor asked for no more contact'],
    ]);
    expect(e.nextAllowedAt).toBeNull();
    const third = explain(
      cnPack,
      'Asia/Shanghai',
      [],
      attemptAt('2026-11-25T10:00:00+08:00', { recipient: 'unrelated_third_party' }),
    );
    expect(third.rules.map((r) => r.message)).toEqual([
      'third parties may not be contacted about the debt',
    ]);
    const anon = explain(
      cnPack,
      'Asia/Shanghai',
      [],
      attemptAt('2026-11-25T10:00:00+08:00', { identityDisclosed: false, channel: 'sms' }),
    );
    expect(anon.rules.map((r) => r.code)).toEqual(['anonymous', 'template']);
  });

  it('follows a tightened pack', () => {
    const pack = tightenPack(cnPack, { hours: { start: '09:00', end: '21:00' } });
    const e = explain(pack, 'Asia/Shanghai', [], attemptAt('2026-11-25T08:30:00+08:00'));
    expect(e.rules[0]!.message).toBe(
      'outside contact hours (09:00-21:00 debtor time) until 09:00 debtor time',
    );
  });

  it('instantOfLocal inverts the zone clock, across daylight saving', () => {
    for (const [zone, at] of [
      ['America/New_York', '2026-03-08T12:00:00Z'],
      ['America/New_York', '2026-11-01T13:00:00Z'],
      ['Europe/London', '2026-03-29T07:00:00Z'],
      ['Asia/Shanghai', '2026-11-25T00:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-04T00:00:00Z'],
    ] as const) {
      const clock = clockFor(zone);
      const t = Date.parse(at);
      const l = clock.local(t);
      expect(instantOfLocal(clock, l.day, l.msOfDay)).toBe(t);
    }
  });
});
