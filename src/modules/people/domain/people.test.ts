import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { excludedWork, prorateMonthly, requiredSkills } from './people.js';

describe('requiredSkills', () => {
  it.each([
    ['legal_review', 'treatment', ['legal']],
    ['legal_review', 'escalation', ['legal']],
    ['field_visit', 'escalation', ['field']],
    ['field_visit', 'face_to_face_meeting', ['field']],
    ['call', 'face_to_face_meeting', ['field']],
    ['call', 'cash_flow_check', ['cash_flow_analysis']],
    ['legal_review', 'cash_flow_check', ['legal', 'cash_flow_analysis']],
    ['call', 'treatment', []],
    ['sms', 'pre_due_reminder', []],
    ['email', 'treatment', []],
  ])('%s / %s needs %j', (channel, kind, skills) => {
    expect(requiredSkills(channel, kind)).toEqual(skills);
  });

  it.each([
    [[], ['legal_review', 'field_visit'], ['face_to_face_meeting', 'cash_flow_check']],
    [['legal'], ['field_visit'], ['face_to_face_meeting', 'cash_flow_check']],
    [['field'], ['legal_review'], ['cash_flow_check']],
    [['field', 'legal', 'cash_flow_analysis'], [], []],
  ])('a collector with %j may not work channels %j and kinds %j', (held, channels, kinds) => {
    expect(excludedWork(held)).toEqual({ channels, kinds });
  });

  it('excludes exactly the actions whose required skills are not all held', () => {
    const channels = ['call', 'sms', 'wechat', 'email', 'letter', 'field_visit', 'legal_review'];
    const kinds = [
      'treatment',
      'pre_due_reminder',
      'cash_flow_check',
      'face_to_face_meeting',
      'escalation',
    ];
    const skillSets = [
      [],
      ['legal'],
      ['field'],
      ['cash_flow_analysis'],
      ['legal', 'field'],
      ['field', 'cash_flow_analysis'],
    ];
    for (const held of skillSets) {
      const ex = excludedWork(held);
      for (const c of channels)
        for (const k of kinds) {
          const workable = !ex.channels.includes(c) && !ex.kinds.includes(k);
          expect(workable, `${held.join('+')} ${c}/${k}`).toBe(
            requiredSkills(c, k).every((s) => held.includes(s)),
          );
        }
    }
  });
});

describe('prorateMonthly', () => {
  it.each([
    [3000n, '2026-11-01', '2026-11-30', 3000n],
    [3000n, '2026-11-01', '2026-11-15', 1500n],
    [3100n, '2026-12-01', '2026-12-01', 100n],
    [2800n, '2026-02-01', '2026-02-28', 2800n],
    // two whole months: twice the target
    [1000n, '2026-01-01', '2026-02-28', 2000n],
    // half of November (15/30) and all of December
    [3000n, '2026-11-16', '2026-12-31', 4500n],
    // a whole year
    [100n, '2026-01-01', '2026-12-31', 1200n],
    [0n, '2026-01-01', '2026-12-31', 0n],
    // 1/30 of 1000 rounds down
    [1000n, '2026-11-01', '2026-11-01', 33n],
  ])('%s a month over %s..%s is %s', (monthly, from, to, expected) => {
    expect(prorateMonthly(monthly, from, to)).toBe(expected);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => prorateMonthly(1n, '2026-11-02', '2026-11-01')).toThrow(RangeError);
  });

  it('is additive over adjacent periods up to rounding, and whole months are exact', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((d) => addDays('2024-01-01', d));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        (monthly, from, a, b) => {
          const mid = addDays(from, a);
          const to = addDays(mid, b);
          const whole = prorateMonthly(monthly, from, to);
          const parts =
            prorateMonthly(monthly, from, mid) + prorateMonthly(monthly, addDays(mid, 1), to);
          expect(whole - parts >= 0n && whole - parts <= 1n).toBe(true);
        },
      ),
    );
  });
});
