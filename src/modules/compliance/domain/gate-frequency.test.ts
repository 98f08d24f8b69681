import { describe, expect, it } from 'vitest';
import { cnPack, ukPack, usPack } from './rule-packs.js';
import {
  allowedList,
  attemptEvent,
  debtorEvent,
  flagEvent,
  lastViolations,
  series,
} from './testing.js';

const answered = { answered: true };
const t = (n: number, v: boolean) => Array<boolean>(n).fill(v);

describe('cn: at most 3 answered calls per debtor per local day', () => {
  it('blocks the 4th call of the day once 3 were answered, and allows the next day', () => {
    const events = [
      debtorEvent(),
      ...series(3, '2026-11-25T10:00:00+08:00', answered),
      attemptEvent('2026-11-25T21:59:00+08:00'),
      attemptEvent('2026-11-26T08:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([true, true, true, false, true]);
    expect(lastViolations(cnPack, events.slice(0, 5))).toEqual(['frequency']);
  });

  it('counts per debtor across numbers and accounts', () => {
    const events = [
      debtorEvent(),
      attemptEvent('2026-11-25T10:00:00+08:00', { ...answered, number: '+8613800000001' }),
      attemptEvent('2026-11-25T10:01:00+08:00', { ...answered, accountId: 'A2' }),
      attemptEvent('2026-11-25T10:02:00+08:00', { ...answered, number: '+8613800000002' }),
      attemptEvent('2026-11-25T10:03:00+08:00', { number: '+8613800000003', accountId: 'A3' }),
    ];
    expect(allowedList(cnPack, events)).toEqual([true, true, true, false]);
  });

  it('does not count other debtors or unanswered calls', () => {
    const events = [
      debtorEvent(),
      debtorEvent('Asia/Shanghai', 'D2'),
      ...series(3, '2026-11-25T10:00:00+08:00', { ...answered, debtorId: 'D2' }),
      ...series(5, '2026-11-25T11:00:00+08:00'),
      ...series(3, '2026-11-25T12:00:00+08:00', answered),
      attemptEvent('2026-11-25T13:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([...t(11, true), false]);
  });

  it('resets at local midnight, not UTC midnight', () => {
    // with consent to late calls: 23:50 and 00:10 Beijing time are the same UTC day
    const events = [
      debtorEvent(),
      flagEvent('consent_late_hours', true, '2026-11-01T00:00:00+08:00'),
      ...series(3, '2026-11-25T23:50:00+08:00', answered),
      attemptEvent('2026-11-25T23:59:59+08:00'),
      attemptEvent('2026-11-26T00:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([true, true, true, false, true]);
  });

  it('counts a call of unknown outcome as answered', () => {
    const events = [
      debtorEvent(),
      ...series(3, '2026-11-25T10:00:00+08:00', { answered: undefined }),
      attemptEvent('2026-11-25T11:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([true, true, true, false]);
  });

  it('does not count blocked calls', () => {
    const events = [
      debtorEvent(),
      ...series(2, '2026-11-25T10:00:00+08:00', answered),
      attemptEvent('2026-11-25T22:30:00+08:00', answered), // hours
      attemptEvent('2026-11-25T11:00:00+08:00', { ...answered, collectorId: undefined }), // anonymous
      attemptEvent('2026-11-25T12:00:00+08:00', answered),
      attemptEvent('2026-11-25T13:00:00+08:00', answered),
    ];
    expect(allowedList(cnPack, events)).toEqual([true, true, false, false, true, false]);
  });

  it('leaves messages, letters and visits alone', () => {
    const events = [
      debtorEvent(),
      ...series(3, '2026-11-25T10:00:00+08:00', answered),
      attemptEvent('2026-11-25T11:00:00+08:00', { channel: 'sms', templateId: 'r1' }),
      attemptEvent('2026-11-25T11:00:00+08:00', { channel: 'wechat', templateId: 'r1' }),
      attemptEvent('2026-11-25T11:00:00+08:00', { channel: 'letter' }),
      attemptEvent('2026-11-25T11:00:00+08:00', { channel: 'visit' }),
    ];
    expect(allowedList(cnPack, events)).toEqual(t(7, true));
  });
});

describe('cn: at most 6 unanswered calls to one number per local day', () => {
  it('blocks the 7th unanswered attempt, not another number, and resets the next day', () => {
    const events = [
      debtorEvent(),
      ...series(6, '2026-11-25T09:00:00+08:00'),
      attemptEvent('2026-11-25T21:59:00+08:00'),
      attemptEvent('2026-11-25T21:59:00+08:00', { number: '+8613900139000' }),
      attemptEvent('2026-11-26T08:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([...t(6, true), false, true, true]);
    expect(lastViolations(cnPack, events.slice(0, 8))).toEqual(['frequency']);
  });

  it('counts the number across debtors who share it', () => {
    const events = [
      debtorEvent(),
      debtorEvent('Asia/Shanghai', 'D2'),
      ...series(3, '2026-11-25T09:00:00+08:00'),
      ...series(3, '2026-11-25T10:00:00+08:00', { debtorId: 'D2' }),
      attemptEvent('2026-11-25T11:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([...t(6, true), false]);
  });

  it('lets the answered cap apply separately once the number answers', () => {
    const events = [
      debtorEvent(),
      ...series(6, '2026-11-25T09:00:00+08:00'),
      ...series(3, '2026-11-25T12:00:00+08:00', { ...answered, number: '+8613900139000' }),
    ];
    expect(allowedList(cnPack, events)).toEqual(t(9, true));
  });

  it('resets at the debtor’s local midnight', () => {
    const events = [
      debtorEvent('America/New_York', 'D1', 'CN'),
      ...series(6, '2026-11-25T20:00:00-05:00'), // 2026-11-26 09:00 in Beijing
      attemptEvent('2026-11-25T21:59:00-05:00'),
      attemptEvent('2026-11-26T08:00:00-05:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([...t(6, true), false, true]);
  });

  it('does not count blocked attempts', () => {
    const events = [
      debtorEvent(),
      ...series(5, '2026-11-25T09:00:00+08:00'),
      ...series(3, '2026-11-25T22:30:00+08:00'), // hours: never happened
      attemptEvent('2026-11-25T21:00:00+08:00'),
      attemptEvent('2026-11-25T21:01:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([...t(5, true), ...t(3, false), true, false]);
  });
});

describe('us: at most 7 calls about one account within 7 consecutive days', () => {
  const us = (events: Parameters<typeof allowedList>[1]) =>
    allowedList(usPack, [debtorEvent('America/New_York', 'D1', 'US'), ...events]);
  const day = (d: number, time = '10:00') =>
    `2026-11-${String(d).padStart(2, '0')}T${time}:00-05:00`;

  it('blocks the 8th call in the window through day 7 and allows it on day 8', () => {
    expect(
      us([...series(7, day(2)), attemptEvent(day(2, '11')), attemptEvent(day(8, '20:59'))]),
    ).toEqual([...t(7, true), false, false]);
    expect(us([...series(7, day(2)), attemptEvent(day(9, '08'))])).toEqual([...t(7, true), true]);
  });

  it('slides: one call a day for 7 days, then the window moves on', () => {
    const daily = [2, 3, 4, 5, 6, 7, 8].map((d) => attemptEvent(day(d)));
    expect(us([...daily, attemptEvent(day(8, '12:00'))])).toEqual([...t(7, true), false]);
    expect(us([...daily, attemptEvent(day(9))])).toEqual(t(8, true));
  });

  it('counts every call about the account, answered or not, and no other account', () => {
    expect(
      us([
        ...series(4, day(2), answered),
        ...series(3, day(3)),
        attemptEvent(day(4), { accountId: 'A2' }),
        attemptEvent(day(4)),
      ]),
    ).toEqual([...t(8, true), false]);
  });

  it('judges days in the consumer’s zone', () => {
    // 20:30 in New York on the 2nd is 01:30 UTC on the 3rd: still day 1 of the window
    expect(us([...series(7, day(2, '20:30')), attemptEvent(day(8, '20:59'))])).toEqual([
      ...t(7, true),
      false,
    ]);
  });

  it('does not count blocked calls, messages or letters', () => {
    expect(
      us([
        ...series(6, day(2)),
        ...series(3, day(2, '22:00')), // hours
        attemptEvent(day(3), { channel: 'sms', templateId: 'r1' }),
        attemptEvent(day(3), { channel: 'email', templateId: 'r1' }),
        attemptEvent(day(3), { channel: 'letter' }),
        attemptEvent(day(4)),
        attemptEvent(day(5)),
      ]),
    ).toEqual([...t(6, true), ...t(3, false), true, true, true, true, false]);
  });

  it('counts calls recorded out of time order in every window they fall in', () => {
    expect(us([...series(7, day(8)), attemptEvent(day(2))])).toEqual([...t(7, true), false]);
  });

  it('is not part of the cn and uk packs', () => {
    const events = [
      debtorEvent(),
      ...series(9, '2026-11-25T10:00:00+08:00', { number: undefined }),
    ];
    expect(allowedList(ukPack, events)).toEqual(t(9, true));
  });
});

describe('us: no call within 7 days after a telephone conversation (day 1 = conversation day)', () => {
  const us = (events: Parameters<typeof allowedList>[1]) =>
    allowedList(usPack, [debtorEvent('America/New_York', 'D1', 'US'), ...events]);
  const conversation = { answered: true, conversation: true };

  it.each([
    ['same day, later', '2026-11-02T15:00:00-05:00', false],
    ['day 2', '2026-11-03T08:00:00-05:00', false],
    ['day 7, last minute', '2026-11-08T20:59:00-05:00', false],
    ['day 8, first minute', '2026-11-09T08:00:00-05:00', true],
  ])('%s -> allowed %s', (_name, at, allowed) => {
    expect(us([attemptEvent('2026-11-02T10:00:00-05:00', conversation), attemptEvent(at)])).toEqual(
      [true, allowed],
    );
  });

  it('names post_conversation', () => {
    const events = [
      debtorEvent('America/New_York', 'D1', 'US'),
      attemptEvent('2026-11-02T10:00:00-05:00', conversation),
      attemptEvent('2026-11-03T10:00:00-05:00'),
    ];
    expect(lastViolations(usPack, events)).toEqual(['post_conversation']);
  });

  it('counts days in the consumer’s zone across the end of daylight saving', () => {
    // 2026-10-26 20:30 EDT is 00:30 UTC on the 27th; day 8 starts 2026-11-02 00:00 EST
    expect(
      us([
        attemptEvent('2026-10-26T20:30:00-04:00', conversation),
        attemptEvent('2026-11-01T20:59:00-05:00'),
        attemptEvent('2026-11-02T08:00:00-05:00'),
      ]),
    ).toEqual([true, false, true]);
  });

  it('is per account, and leaves messages and letters alone', () => {
    expect(
      us([
        attemptEvent('2026-11-02T10:00:00-05:00', conversation),
        attemptEvent('2026-11-03T10:00:00-05:00', { accountId: 'A2' }),
        attemptEvent('2026-11-03T10:00:00-05:00', { channel: 'sms', templateId: 'r1' }),
        attemptEvent('2026-11-03T10:00:00-05:00', { channel: 'letter' }),
      ]),
    ).toEqual([true, true, true, true]);
  });

  it('ignores a conversation on a blocked call and calls without one', () => {
    expect(
      us([
        attemptEvent('2026-11-02T21:30:00-05:00', conversation), // hours: never happened
        attemptEvent('2026-11-03T10:00:00-05:00', answered), // answered, no conversation
        attemptEvent('2026-11-03T11:00:00-05:00'),
      ]),
    ).toEqual([false, true, true]);
  });

  it('is not part of the cn pack', () => {
    expect(
      allowedList(cnPack, [
        debtorEvent(),
        attemptEvent('2026-11-25T10:00:00+08:00', conversation),
        attemptEvent('2026-11-25T11:00:00+08:00'),
      ]),
    ).toEqual([true, true]);
  });
});
