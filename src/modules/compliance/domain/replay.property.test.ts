import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactEvent } from './contact-events.js';
import { createHistory, recordAttempt } from './contact-history.js';
import { createDebtorState, setFlag } from './debtor-state.js';
import { decide } from './gate.js';
import { tightenPack, type PackConfig } from './pack-config.js';
import { replayContactEvents } from './replay.js';
import { rulePacks } from './rule-packs.js';
import { channels, flagNames, packIds, recipients, ruleCodes } from './vocabulary.js';

const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London'] as const;
const start = Date.parse('2026-10-28T00:00:00Z'); // spans the end of daylight saving in the US and UK
const span = 12 * 86_400_000;

const flagArb = fc.record({
  type: fc.constant('flag' as const),
  line: fc.constant(0),
  debtorId: fc.constantFrom('D1', 'D2'),
  flag: fc.constantFrom(...flagNames),
  value: fc.boolean(),
  at: fc.integer({ min: start, max: start + span }),
});

const attemptArb = fc.record({
  type: fc.constant('attempt' as const),
  line: fc.constant(0),
  attempt: fc.record(
    {
      id: fc.constant(''),
      debtorId: fc.constantFrom('D1', 'D2'),
      accountId: fc.constantFrom('A1', 'A2'),
      channel: fc.constantFrom(...channels, 'call', 'call', 'call'),
      at: fc.integer({ min: start, max: start + span }),
      recipient: fc.constantFrom(...recipients, 'debtor', 'debtor', 'debtor'),
      number: fc.constantFrom('+8613800000001', '+8613800000002'),
      collectorId: fc.constantFrom('C1', 'C2'),
      identityDisclosed: fc.constantFrom(true, true, true, false),
      templateId: fc.constantFrom('r1', 'r2'),
      text: fc.constant('hello'),
      answered: fc.boolean(),
      conversation: fc.boolean(),
    },
    { requiredKeys: ['id', 'debtorId', 'accountId', 'channel', 'at', 'recipient'] },
  ),
});

/** Two declared debtors, then flags and attempts (mostly in time order), ids numbered. */
const eventsArb = fc
  .tuple(
    fc.constantFrom(...zones),
    fc.constantFrom(...zones),
    fc.array(fc.oneof({ weight: 1, arbitrary: flagArb }, { weight: 8, arbitrary: attemptArb }), {
      maxLength: 120,
    }),
    fc.boolean(),
  )
  .map(([z1, z2, body, sorted]) => {
    const events: ContactEvent[] = [
      { type: 'debtor', line: 0, debtorId: 'D1', timeZone: z1, country: 'CN' },
      { type: 'debtor', line: 0, debtorId: 'D2', timeZone: z2, country: 'US' },
    ];
    const timeOf = (e: (typeof body)[number]) => (e.type === 'flag' ? e.at : e.attempt.at);
    const ordered = sorted ? [...body].sort((a, b) => timeOf(a) - timeOf(b)) : body;
    ordered.forEach((e, i) =>
      events.push(
        e.type === 'flag'
          ? e
          : {
              ...e,
              attempt: {
                ...e.attempt,
                id: `t${i}`,
                conversation: e.attempt.conversation && e.attempt.answered !== false,
              },
            },
      ),
    );
    return events;
  });

const configArb: fc.Arbitrary<PackConfig> = fc.record(
  {
    hours: fc.record({
      start: fc.constantFrom('08:00', '08:30', '09:00'),
      end: fc.constantFrom('19:00', '20:00', '21:00'),
      consentOverrides: fc.boolean(),
    }),
    answeredCallsPerDebtorDay: fc.record({ max: fc.integer({ min: 0, max: 3 }) }),
    unansweredCallsPerNumberDay: fc.record({ max: fc.integer({ min: 0, max: 6 }) }),
    callsPerAccountWindow: fc.record({
      max: fc.integer({ min: 0, max: 7 }),
      days: fc.integer({ min: 7, max: 14 }),
    }),
    postConversation: fc.record({ days: fc.integer({ min: 7, max: 14 }) }),
    templateChannels: fc.subarray([...channels]),
    addRules: fc.subarray(['anonymous', 'ceaseContact', 'represented', 'dispute'] as const),
  },
  { requiredKeys: [] },
);

const packArb = fc.constantFrom(...packIds).map((id) => rulePacks[id]);

describe('replay properties', () => {
  it('with the same state, a tightened pack blocks everything the base pack blocks', () => {
    fc.assert(
      fc.property(packArb, configArb, eventsArb, (base, config, events) => {
        const tight = tightenPack(base, config);
        const debtors = new Map(
          events.flatMap((e) =>
            e.type === 'debtor'
              ? [[e.debtorId, createDebtorState(e.debtorId, e.timeZone, e.country)] as const]
              : [],
          ),
        );
        const history = createHistory(tight);
        for (const e of events) {
          if (e.type === 'flag') setFlag(debtors.get(e.debtorId)!, e.flag, e.value, e.at);
          if (e.type !== 'attempt') continue;
          const debtor = debtors.get(e.attempt.debtorId)!;
          const b = decide(base, debtor, history, e.attempt);
          const t = decide(tight, debtor, history, e.attempt);
          for (const code of b.violations) expect(t.violations).toContain(code);
          if (!b.allowed) expect(t.allowed).toBe(false);
          recordAttempt(history, debtor, e.attempt); // any history will do: record all
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a decision never depends on the events after it', () => {
    fc.assert(
      fc.property(packArb, eventsArb, fc.nat(), (pack, events, cut) => {
        const at = 2 + (cut % Math.max(1, events.length - 1));
        const full = replayContactEvents(pack, events);
        const prefix = replayContactEvents(pack, events.slice(0, at));
        expect(full.slice(0, prefix.length)).toEqual(prefix);
      }),
      { numRuns: 300 },
    );
  });

  it('a blocked attempt never changes a later decision', () => {
    fc.assert(
      fc.property(packArb, eventsArb, (pack, events) => {
        const full = replayContactEvents(pack, events);
        const blocked = new Set(full.filter((d) => !d.allowed).map((d) => d.id));
        const without = events.filter((e) => e.type !== 'attempt' || !blocked.has(e.attempt.id));
        expect(replayContactEvents(pack, without)).toEqual(full.filter((d) => d.allowed));
      }),
      { numRuns: 300 },
    );
  });

  it('violations come from the closed set, in its order, without repeats; allowed iff none', () => {
    fc.assert(
      fc.property(packArb, eventsArb, (pack, events) => {
        for (const d of replayContactEvents(pack, events)) {
          const idx = d.violations.map((v) => ruleCodes.indexOf(v));
          expect(idx.every((i, k) => i >= 0 && (k === 0 || i > (idx[k - 1] as number)))).toBe(true);
          expect(d.allowed).toBe(d.violations.length === 0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
