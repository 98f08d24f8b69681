import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { resolvePack, tightenPack } from './pack-config.js';
import { cnPack, rulePacks, usPack } from './rule-packs.js';
import { allowedList, attemptEvent, debtorEvent, series } from './testing.js';
import { packIds, ruleCodes } from './vocabulary.js';

describe('rule packs as data', () => {
  it.each(packIds)('%s has an id, a version and a source on every rule', (id) => {
    const pack = rulePacks[id];
    expect(pack.id).toBe(id);
    expect(pack.version).toMatch(/^\d{4}\.\d+$/);
    for (const rule of Object.values(pack.rules)) {
      expect(ruleCodes).toContain(rule.code);
      expect(rule.source.length).toBeGreaterThan(10);
    }
  });
});

describe('resolvePack', () => {
  it('returns a known pack', () => expect(resolvePack('us')).toBe(usPack));
  it('refuses an unknown pack', () => {
    expect(() => resolvePack('fr')).toThrow(/unknown rule pack "fr" \(known: cn, us, uk\)/);
    try {
      resolvePack('fr');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('validation_failed');
    }
  });
});

describe('a configuration may only tighten a pack', () => {
  it('narrower hours block what the pack allows', () => {
    const pack = tightenPack(cnPack, { hours: { start: '09:00', end: '21:00' } });
    const events = [
      debtorEvent(),
      attemptEvent('2026-11-25T08:59:00+08:00'),
      attemptEvent('2026-11-25T09:00:00+08:00'),
      attemptEvent('2026-11-25T20:59:00+08:00'),
      attemptEvent('2026-11-25T21:00:00+08:00'),
    ];
    expect(allowedList(cnPack, events)).toEqual([true, true, true, true]);
    expect(allowedList(pack, events)).toEqual([false, true, true, false]);
    expect(pack.tightenedBy).toEqual({ hours: { start: '09:00', end: '21:00' } });
  });

  it('lower caps, longer windows and added rules apply', () => {
    const cn = tightenPack(cnPack, { answeredCallsPerDebtorDay: { max: 2 } });
    const events = [debtorEvent(), ...series(3, '2026-11-25T10:00:00+08:00', { answered: true })];
    expect(allowedList(cn, events)).toEqual([true, true, false]);

    const us = tightenPack(usPack, { callsPerAccountWindow: { max: 5, days: 10 } });
    const usEvents = [
      debtorEvent('America/New_York', 'D1', 'US'),
      ...series(5, '2026-11-02T10:00:00-05:00'),
      attemptEvent('2026-11-11T10:00:00-05:00'), // day 10 of the window
      attemptEvent('2026-11-12T10:00:00-05:00'),
    ];
    expect(allowedList(us, usEvents)).toEqual([true, true, true, true, true, false, true]);

    const capped = tightenPack(usPack, { unansweredCallsPerNumberDay: { max: 1 } });
    expect(capped.rules.unansweredCallsPerNumberDay?.source).toMatch(/Portfolio configuration/);
  });

  it('adds channels under templates and rules the pack lacks', () => {
    const pack = tightenPack(usPack, { templateChannels: ['letter'] });
    expect(pack.rules.template.channels).toEqual(['sms', 'wechat', 'email', 'letter']);
  });

  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    return null;
  };

  it.each([
    [
      cnPack,
      { hours: { end: '23:00' } },
      /hours\.end 23:00 is later than 22:00/,
      { setting: 'hours.end', value: '23:00', limit: '22:00' },
    ],
    [
      cnPack,
      { hours: { start: '07:30' } },
      /hours\.start 07:30 is earlier than 08:00/,
      { setting: 'hours.start', value: '07:30', limit: '08:00' },
    ],
    [
      usPack,
      { hours: { end: '21:01' } },
      /hours\.end 21:01 is later than 21:00/,
      { setting: 'hours.end', value: '21:01', limit: '21:00' },
    ],
    [
      cnPack,
      { answeredCallsPerDebtorDay: { max: 4 } },
      /answeredCallsPerDebtorDay\.max 4 is above the pack's 3/,
      { setting: 'answeredCallsPerDebtorDay.max', value: 4, limit: 3 },
    ],
    [
      cnPack,
      { unansweredCallsPerNumberDay: { max: 7 } },
      /unansweredCallsPerNumberDay\.max 7/,
      { setting: 'unansweredCallsPerNumberDay.max', value: 7 },
    ],
    [
      usPack,
      { callsPerAccountWindow: { max: 8 } },
      /callsPerAccountWindow\.max 8 is above the pack's 7/,
      { setting: 'callsPerAccountWindow.max', value: 8, limit: 7 },
    ],
    [
      usPack,
      { callsPerAccountWindow: { max: 7, days: 6 } },
      /callsPerAccountWindow\.days 6 is shorter/,
      { setting: 'callsPerAccountWindow.days', value: 6, limit: 7 },
    ],
    [
      usPack,
      { postConversation: { days: 5 } },
      /postConversation\.days 5 is shorter than the pack's 7/,
      { setting: 'postConversation.days', value: 5, limit: 7 },
    ],
  ])('refuses a loosening: %#', (pack, config, message, facts) => {
    expect(() => tightenPack(pack, config)).toThrow(message);
    expect(() => tightenPack(pack, config)).toThrow(/a configuration may only tighten a pack/);
    expect(thrown(() => tightenPack(pack, config))).toMatchObject({
      code: 'validation_failed',
      details: { reason: 'loosens_law', pack: pack.id, source: expect.any(String), ...facts },
    });
  });

  it.each([
    [{ hours: { start: '25:00' } }, 'invalid_pack_config'],
    [{ hours: { start: '20:00', end: '09:00' } }, 'hours_out_of_order'],
  ])('says why a configuration is invalid: %#', (config, reason) => {
    expect(thrown(() => tightenPack(cnPack, config))).toMatchObject({ details: { reason } });
  });

  it.each([
    [{ hours: { start: '25:00' } }, /hours\.start: expected HH:MM/],
    [
      { hours: { start: '20:00', end: '09:00' } },
      /hours\.start 20:00 is not before hours\.end 09:00/,
    ],
    [{ disableRules: ['hours'] }, /invalid rule pack configuration/],
    [{ answeredCallsPerDebtorDay: { max: -1 } }, /answeredCallsPerDebtorDay\.max/],
  ])('refuses an invalid configuration: %#', (config, message) => {
    expect(() => tightenPack(cnPack, config)).toThrow(message);
  });

  it('passes the configuration through resolvePack', () => {
    expect(resolvePack('cn', { hours: { end: '21:00' } }).rules.hours.end).toBe('21:00');
    expect(() => resolvePack('cn', { hours: { end: '22:30' } })).toThrow(AppError);
  });
});
