import { describe, expect, it } from 'vitest';
import { tightenPack } from './pack-config.js';
import { cnPack, rulePacks, ukPack, usPack } from './rule-packs.js';
import { allowedList, attemptEvent, debtorEvent, flagEvent, lastViolations } from './testing.js';
import type { PackId } from './vocabulary.js';

const hours = ['hours'];
const ok: string[] = [];

describe('hours: local time at every boundary, across zones and daylight saving', () => {
  const table: [PackId, string, string, string[]][] = [
    // cn: no contact 22:00-08:00 in the debtor's zone
    ['cn', 'Asia/Shanghai', '2026-11-25T07:59:59+08:00', hours],
    ['cn', 'Asia/Shanghai', '2026-11-25T08:00:00+08:00', ok],
    ['cn', 'Asia/Shanghai', '2026-11-25T21:59:59+08:00', ok],
    ['cn', 'Asia/Shanghai', '2026-11-25T22:00:00+08:00', hours],
    ['cn', 'Asia/Shanghai', '2026-11-25T00:00:00+08:00', hours],
    ['cn', 'Asia/Shanghai', '2026-11-25T00:00:00Z', ok], // 08:00 in Shanghai
    ['cn', 'Asia/Shanghai', '2026-11-25T13:59:00Z', ok], // 21:59 in Shanghai
    ['cn', 'Asia/Shanghai', '2026-11-25T14:00:00Z', hours], // 22:00 in Shanghai
    // a cn debtor abroad: their own local time decides, not Beijing time
    ['cn', 'America/New_York', '2026-11-25T21:59:00-05:00', ok],
    ['cn', 'America/New_York', '2026-11-25T22:00:00-05:00', hours], // 11:00 in Beijing
    ['cn', 'Europe/London', '2026-11-25T07:59:00Z', hours], // 15:59 in Beijing
    ['cn', 'Europe/London', '2026-07-01T07:00:00Z', ok], // 08:00 BST
    // us: 08:00-21:00 at the consumer's location
    ['us', 'America/New_York', '2026-11-25T07:59:00-05:00', hours],
    ['us', 'America/New_York', '2026-11-25T08:00:00-05:00', ok],
    ['us', 'America/New_York', '2026-11-25T20:59:59-05:00', ok],
    ['us', 'America/New_York', '2026-11-25T21:00:00-05:00', hours],
    ['us', 'America/Los_Angeles', '2026-11-25T20:59:00-08:00', ok],
    ['us', 'America/Los_Angeles', '2026-11-25T21:00:00-08:00', hours],
    ['us', 'America/Los_Angeles', '2026-11-25T21:00:00-05:00', ok], // 18:00 in Los Angeles
    ['us', 'America/Phoenix', '2026-07-15T07:59:00-07:00', hours], // no DST in Arizona
    ['us', 'America/Phoenix', '2026-07-15T08:00:00-07:00', ok],
    ['us', 'Pacific/Honolulu', '2026-11-25T20:59:00-10:00', ok],
    ['us', 'Pacific/Honolulu', '2026-11-25T21:00:00-10:00', hours],
    // us: daylight saving starts 2026-03-08 02:00 EST -> 03:00 EDT
    ['us', 'America/New_York', '2026-03-07T12:59:00Z', hours], // 07:59 EST
    ['us', 'America/New_York', '2026-03-07T13:00:00Z', ok], // 08:00 EST
    ['us', 'America/New_York', '2026-03-07T01:59:00Z', ok], // 20:59 EST on the 6th
    ['us', 'America/New_York', '2026-03-07T02:00:00Z', hours], // 21:00 EST on the 6th
    ['us', 'America/New_York', '2026-03-08T06:59:00Z', hours], // 01:59 EST, the minute before the change
    ['us', 'America/New_York', '2026-03-08T11:59:00Z', hours], // 07:59 EDT
    ['us', 'America/New_York', '2026-03-08T12:00:00Z', ok], // 08:00 EDT (07:00 if still EST)
    ['us', 'America/New_York', '2026-03-09T00:59:00Z', ok], // 20:59 EDT
    ['us', 'America/New_York', '2026-03-09T01:00:00Z', hours], // 21:00 EDT (20:00 if still EST)
    ['us', 'America/Chicago', '2026-03-08T12:59:00Z', hours], // 07:59 CDT
    ['us', 'America/Chicago', '2026-03-08T13:00:00Z', ok], // 08:00 CDT
    // us: daylight saving ends 2026-11-01 02:00 EDT -> 01:00 EST
    ['us', 'America/New_York', '2026-10-31T11:59:00Z', hours], // 07:59 EDT
    ['us', 'America/New_York', '2026-10-31T12:00:00Z', ok], // 08:00 EDT
    ['us', 'America/New_York', '2026-11-01T00:59:00Z', ok], // 20:59 EDT on the 31st
    ['us', 'America/New_York', '2026-11-01T01:00:00Z', hours], // 21:00 EDT on the 31st
    ['us', 'America/New_York', '2026-11-01T05:30:00Z', hours], // 01:30 EDT, first pass
    ['us', 'America/New_York', '2026-11-01T06:30:00Z', hours], // 01:30 EST, second pass
    ['us', 'America/New_York', '2026-11-01T12:59:00Z', hours], // 07:59 EST (08:59 if still EDT)
    ['us', 'America/New_York', '2026-11-01T13:00:00Z', ok], // 08:00 EST
    ['us', 'America/New_York', '2026-11-02T01:59:00Z', ok], // 20:59 EST
    ['us', 'America/New_York', '2026-11-02T02:00:00Z', hours], // 21:00 EST
    ['us', 'America/Los_Angeles', '2026-11-01T15:59:00Z', hours], // 07:59 PST
    ['us', 'America/Los_Angeles', '2026-11-01T16:00:00Z', ok], // 08:00 PST
    // uk: reasonable hours, 08:00-21:00 by default, GMT and BST
    ['uk', 'Europe/London', '2026-11-25T07:59:00Z', hours],
    ['uk', 'Europe/London', '2026-11-25T08:00:00Z', ok],
    ['uk', 'Europe/London', '2026-11-25T20:59:00Z', ok],
    ['uk', 'Europe/London', '2026-11-25T21:00:00Z', hours],
    ['uk', 'Europe/London', '2026-03-28T07:59:00Z', hours], // GMT, the day before BST
    ['uk', 'Europe/London', '2026-03-30T06:59:00Z', hours], // 07:59 BST
    ['uk', 'Europe/London', '2026-03-30T07:00:00Z', ok], // 08:00 BST
    ['uk', 'Europe/London', '2026-10-24T19:59:00Z', ok], // 20:59 BST
    ['uk', 'Europe/London', '2026-10-24T20:00:00Z', hours], // 21:00 BST
    ['uk', 'Europe/London', '2026-10-26T07:59:00Z', hours], // 07:59 GMT after BST ends
  ];
  it.each(table)('%s, %s, %s -> %j', (pack, zone, at, expected) => {
    expect(lastViolations(rulePacks[pack], [debtorEvent(zone), attemptEvent(at)])).toEqual(
      expected,
    );
  });

  it.each(['call', 'sms', 'wechat', 'email', 'letter', 'visit'] as const)(
    'applies to %s, letters and visits included',
    (channel) => {
      const a = { channel, templateId: 'reminder-1' };
      const events = [debtorEvent(), attemptEvent('2026-11-25T22:30:00+08:00', a)];
      expect(lastViolations(cnPack, events)).toEqual(hours);
      events.push(attemptEvent('2026-11-25T10:30:00+08:00', a));
      expect(lastViolations(cnPack, events)).toEqual(ok);
    },
  );
});

describe('hours: the debtor’s consent to late contact', () => {
  it.each([
    [cnPack, 'Asia/Shanghai', '2026-11-25T22:30:00+08:00'],
    [cnPack, 'Asia/Shanghai', '2026-11-25T07:00:00+08:00'],
    [usPack, 'America/New_York', '2026-11-25T21:30:00-05:00'],
    [ukPack, 'Europe/London', '2026-11-25T07:30:00Z'],
  ])('%s lifts the hours for the debtor while in force', (pack, zone, at) => {
    const before = [debtorEvent(zone), attemptEvent(at)];
    expect(lastViolations(pack, before)).toEqual(hours);
    const consent = [
      debtorEvent(zone),
      flagEvent('consent_late_hours', true, '2026-11-01T00:00:00Z'),
      attemptEvent(at),
    ];
    expect(lastViolations(pack, consent)).toEqual(ok);
  });

  it('holds from the flag’s instant on and ends when cleared', () => {
    const events = [
      debtorEvent(),
      flagEvent('consent_late_hours', true, '2026-11-10T22:30:00+08:00'),
      flagEvent('consent_late_hours', false, '2026-11-20T00:00:00+08:00'),
      attemptEvent('2026-11-10T22:29:59+08:00'),
      attemptEvent('2026-11-10T22:30:00+08:00'),
      attemptEvent('2026-11-19T23:59:00+08:00'),
      attemptEvent('2026-11-20T07:59:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([false, true, true, false]);
  });

  it('does not lift the hours for a representative', () => {
    const events = [
      debtorEvent(),
      flagEvent('consent_late_hours', true, '2026-11-01T00:00:00+08:00'),
      flagEvent('represented', true, '2026-11-01T00:00:00+08:00'),
      attemptEvent('2026-11-25T22:30:00+08:00', { recipient: 'representative' }),
    ];
    expect(lastViolations(cnPack, events)).toEqual(hours);
  });

  it('is ignored by a portfolio that does not honour consent', () => {
    const strict = tightenPack(cnPack, { hours: { consentOverrides: false } });
    const events = [
      debtorEvent(),
      flagEvent('consent_late_hours', true, '2026-11-01T00:00:00+08:00'),
      attemptEvent('2026-11-25T22:30:00+08:00'),
    ];
    expect(lastViolations(strict, events)).toEqual(hours);
  });
});
