import { describe, expect, it } from 'vitest';
import { decide } from './gate.js';
import { createHistory } from './contact-history.js';
import { createDebtorState } from './debtor-state.js';
import { rulePacks } from './rule-packs.js';
import { allowedList, attemptEvent, debtorEvent, flagEvent, lastViolations } from './testing.js';
import { packIds, ruleCodes, type FlagName, type PackId, type Recipient } from './vocabulary.js';

const zone: Record<PackId, string> = {
  cn: 'Asia/Shanghai',
  us: 'America/New_York',
  uk: 'Europe/London',
};
const byCode = (a: string, b: string) =>
  ruleCodes.indexOf(a as never) - ruleCodes.indexOf(b as never);
const noon = '2026-11-25T12:00:00';
const at = (pack: PackId) => `${noon}${pack === 'cn' ? '+08:00' : pack === 'us' ? '-05:00' : 'Z'}`;
const check = (pack: PackId, events: Parameters<typeof lastViolations>[1]) =>
  lastViolations(rulePacks[pack], [debtorEvent(zone[pack]), ...events]);

describe.each(packIds)('pack %s: recipients', (pack) => {
  it.each<[Recipient, boolean, string[]]>([
    ['debtor', false, []],
    ['unrelated_third_party', false, ['third_party']],
    ['related_third_party', false, ['third_party']],
    ['representative', false, ['third_party']],
    ['representative', true, []],
    ['debtor', true, ['represented']],
    ['unrelated_third_party', true, ['third_party']],
  ])('%s (represented %s) -> %j', (recipient, represented, expected) => {
    const flags = represented ? [flagEvent('represented', true, '2026-11-01T00:00:00Z')] : [];
    for (const channel of ['call', 'sms', 'letter', 'visit'] as const)
      expect(
        check(pack, [...flags, attemptEvent(at(pack), { recipient, channel, templateId: 'r1' })]),
      ).toEqual(expected);
  });

  it.each([
    ['no collector id', { collectorId: undefined }],
    ['identity not disclosed', { identityDisclosed: false }],
    ['identity disclosure unknown', { identityDisclosed: undefined }],
  ])('anonymous: %s', (_name, over) => {
    expect(check(pack, [attemptEvent(at(pack), over)])).toEqual(['anonymous']);
    expect(check(pack, [attemptEvent(at(pack), { ...over, channel: 'letter' })])).toEqual([
      'anonymous',
    ]);
  });
});

describe.each(packIds)('pack %s: flags set and cleared over time', (pack) => {
  const stops: [FlagName, string][] = [
    ['cease_contact', 'cease_contact'],
    ['dispute', 'dispute'],
    ['arrangement_active', 'arrangement_active'],
    ['deceased', 'deceased'],
  ];
  it.each(stops)(
    '%s blocks every channel and recipient from its instant until cleared',
    (flag, code) => {
      // 13:30 UTC is inside the hours of every pack: 21:30 Beijing, 08:30 New York, 13:30 London
      const set = '2026-11-25T13:30:00Z';
      const events = [
        debtorEvent(zone[pack]),
        flagEvent('represented', true, '2026-11-01T00:00:00Z'),
        flagEvent(flag, true, set),
        flagEvent(flag, false, '2026-11-26T13:30:00Z'),
      ];
      const probe = (iso: string, over: Parameters<typeof attemptEvent>[1] = {}) =>
        lastViolations(rulePacks[pack], [
          ...events,
          attemptEvent(iso, { recipient: 'representative', ...over }),
        ]);
      expect(probe('2026-11-25T13:29:59Z')).toEqual([]);
      expect(probe(set)).toEqual([code]);
      expect(probe('2026-11-26T13:29:59Z')).toEqual([code]);
      expect(probe('2026-11-26T13:30:00Z')).toEqual([]);
      for (const channel of ['call', 'sms', 'wechat', 'email', 'letter', 'visit'] as const) {
        expect(probe(set, { channel, templateId: 'r1' })).toEqual([code]);
        expect(probe(set, { channel, templateId: 'r1', recipient: 'debtor' })).toEqual(
          ['represented', code].sort(byCode),
        );
      }
    },
  );

  it('represented blocks the debtor but not the representative, and ends when cleared', () => {
    const events = [
      debtorEvent(zone[pack]),
      flagEvent('represented', true, '2026-11-20T00:00:00Z'),
      flagEvent('represented', false, '2026-11-26T00:00:00Z'),
    ];
    expect(
      allowedList(rulePacks[pack], [
        ...events,
        attemptEvent(at(pack)),
        attemptEvent(at(pack), { recipient: 'representative' }),
      ]),
    ).toEqual([false, true]);
    const later = at(pack).replace('11-25', '11-27');
    expect(
      allowedList(rulePacks[pack], [
        ...events,
        attemptEvent(later),
        attemptEvent(later, { recipient: 'representative' }),
      ]),
    ).toEqual([true, false]);
  });
});

describe('flags are read as the replay stands when the attempt is decided', () => {
  it('a flag recorded after an attempt does not change its decision', () => {
    const events = [
      debtorEvent(),
      attemptEvent('2026-11-25T12:00:00+08:00'),
      flagEvent('cease_contact', true, '2026-11-01T00:00:00+08:00'),
      attemptEvent('2026-11-25T12:00:00+08:00'),
    ];
    expect(allowedList(rulePacks.cn, events)).toEqual([true, false]);
  });

  it('the last change at or before the attempt wins, in any order of recording', () => {
    const events = [
      debtorEvent(),
      flagEvent('dispute', false, '2026-11-20T00:00:00+08:00'),
      flagEvent('dispute', true, '2026-11-10T00:00:00+08:00'),
      attemptEvent('2026-11-15T12:00:00+08:00'),
      attemptEvent('2026-11-21T12:00:00+08:00'),
    ];
    expect(allowedList(rulePacks.cn, events)).toEqual([false, true]);
  });
});

describe('template: automated channels send approved templates only', () => {
  it.each([
    ['sms', { text: 'Please pay now' }, ['template']],
    ['wechat', { text: '请尽快还款' }, ['template']],
    ['email', {}, ['template']],
    ['sms', { templateId: 'reminder-1' }, []],
    ['email', { templateId: 'reminder-1', text: 'rendered body' }, []],
    ['call', { text: 'script' }, []],
    ['letter', { text: 'letter body' }, []],
    ['visit', {}, []],
  ] as const)('%s %j -> %j', (channel, over, expected) => {
    for (const pack of packIds)
      expect(check(pack, [attemptEvent(at(pack), { channel, ...over })])).toEqual(expected);
  });

  it('blocks a template outside the approved set when one is given', () => {
    const debtor = createDebtorState('D1', 'Asia/Shanghai', 'CN');
    const attempt = {
      id: 't1',
      debtorId: 'D1',
      accountId: 'A1',
      channel: 'sms' as const,
      at: Date.parse('2026-11-25T12:00:00+08:00'),
      recipient: 'debtor' as const,
      collectorId: 'C7',
      identityDisclosed: true,
      templateId: 'draft-9',
    };
    const options = { approvedTemplates: new Set(['reminder-1']) };
    expect(decide(rulePacks.cn, debtor, createHistory(), attempt, options).violations).toEqual([
      'template',
    ]);
    expect(
      decide(
        rulePacks.cn,
        debtor,
        createHistory(),
        { ...attempt, templateId: 'reminder-1' },
        options,
      ),
    ).toEqual({ allowed: true, violations: [] });
  });
});

describe('every blocking rule is listed, in the order of the closed set', () => {
  it('lists all of them at once', () => {
    const events = [
      debtorEvent(),
      ...(
        ['cease_contact', 'represented', 'dispute', 'arrangement_active', 'deceased'] as const
      ).map((f) => flagEvent(f, true, '2026-11-01T00:00:00+08:00')),
      attemptEvent('2026-11-25T23:00:00+08:00', {
        channel: 'sms',
        recipient: 'debtor',
        collectorId: undefined,
        text: 'pay',
      }),
    ];
    expect(lastViolations(rulePacks.cn, events)).toEqual([
      'hours',
      'anonymous',
      'cease_contact',
      'represented',
      'dispute',
      'arrangement_active',
      'deceased',
      'template',
    ]);
  });
});
