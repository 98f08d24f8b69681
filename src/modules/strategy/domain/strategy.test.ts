import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.js';
import {
  activateStrategy,
  amendDraft,
  parseStrategy,
  reviseStrategy,
  selectRule,
  type AccountFacts,
} from './strategy.js';
import { exampleStrategy, exampleStrategyInput, validationError } from './testing.js';

const facts = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  bucket: 'M1',
  dpd: 10,
  segment: 'yellow',
  product: 'consumer_loan',
  balance: { currency: 'CNY', minor: 500_000n },
  riskClass: 'special_mention',
  previousDelinquencies: 0,
  brokenPromises: 0,
  keptPromises: 0,
  consecutiveUnansweredCalls: 0,
  daysUnreached: 0,
  dispute: false,
  arrangementBroken: false,
  scores: {},
  ...over,
});

function withRules(rules: unknown[]): Record<string, unknown> {
  return { ...exampleStrategyInput(), rules };
}
const act = { channel: 'call', unit: 'phone', waitDays: 0 };
const rule = (id: string, when: object) => ({ id, when, treatment: { actions: [act] } });

describe('selectRule: first match wins, with its facts', () => {
  const s = exampleStrategy();
  it.each([
    ['red segment', facts({ segment: 'red', bucket: 'M4', dpd: 95 }), 'red.legal'],
    [
      'SME at the balance floor',
      facts({ product: 'sme_loan', balance: { currency: 'CNY', minor: 100_000_000n } }),
      'sme.large',
    ],
    [
      'SME one cent under',
      facts({ product: 'sme_loan', balance: { currency: 'CNY', minor: 99_999_999n } }),
      'early.soft',
    ],
    [
      'SME in another currency',
      facts({ product: 'sme_loan', balance: { currency: 'USD', minor: 900_000_000n } }),
      'early.soft',
    ],
    ['M1 at DPD 30', facts({ dpd: 30 }), 'early.soft'],
    ['M2', facts({ bucket: 'M2', dpd: 31 }), 'default'],
  ])('%s -> %s', (_n, f, id) => {
    expect(selectRule(s, f)?.rule.id).toBe(id);
  });

  it('names the tested facts', () => {
    const r = selectRule(
      s,
      facts({ product: 'sme_loan', balance: { currency: 'CNY', minor: 200_000_000n } }),
    );
    expect(r?.reason).toEqual({
      rule: 'sme.large',
      facts: { bucket: 'M1', dpd: 10, product: 'sme_loan', balance: '200000000 CNY' },
    });
  });

  it('scores: all named scores must be present and in range', () => {
    const st = parseStrategy(
      withRules([rule('scored', { scores: { behaviour: { min: 600 } } }), rule('rest', {})]),
    );
    expect(selectRule(st, facts({ scores: { behaviour: 600 } }))?.rule.id).toBe('scored');
    expect(selectRule(st, facts({ scores: { behaviour: 599 } }))?.rule.id).toBe('rest');
    expect(selectRule(st, facts())?.rule.id).toBe('rest');
  });

  it('no rule matches: null', () => {
    const st = parseStrategy(withRules([rule('only-red', { segments: ['red'] })]));
    expect(selectRule(st, facts())).toBeNull();
  });
});

describe('parseStrategy: bad input is rejected with its path', () => {
  it.each([
    ['unknown top-level field', { ...exampleStrategyInput(), colour: 'x' }, [], /colour/],
    [
      'unknown field in a condition',
      withRules([rule('a', { bucket: ['M1'] })]),
      ['rules', 0, 'when'],
      /bucket/,
    ],
    [
      'unknown field in an action',
      withRules([{ id: 'a', when: {}, treatment: { actions: [{ ...act, delay: 1 }] } }]),
      ['rules', 0, 'treatment', 'actions', 0],
      /delay/,
    ],
    [
      'treatment with no actions',
      withRules([{ id: 'a', when: {}, treatment: { actions: [] } }]),
      ['rules', 0, 'treatment', 'actions'],
      /at least one action/,
    ],
    [
      'unknown channel',
      withRules([{ id: 'a', when: {}, treatment: { actions: [{ ...act, channel: 'fax' }] } }]),
      ['rules', 0, 'treatment', 'actions', 0, 'channel'],
      /channel/,
    ],
    [
      'rule after a catch-all',
      withRules([rule('all', {}), rule('late', { buckets: ['M2'] })]),
      ['rules', 1],
      /"late" is unreachable.*"all"/,
    ],
    [
      'rule inside an earlier rule on every condition',
      withRules([
        rule('wide', { buckets: ['M1', 'M2'], dpd: { min: 1, max: 60 } }),
        rule('narrow', { buckets: ['M2'], dpd: { min: 31, max: 40 }, products: ['mortgage'] }),
      ]),
      ['rules', 1],
      /"narrow" is unreachable.*"wide"/,
    ],
    [
      'balance range inside an earlier one',
      withRules([
        rule('big', { balance: { currency: 'CNY', min: '1000' } }),
        rule('bigger', { balance: { currency: 'CNY', min: '5000', max: '9000' } }),
      ]),
      ['rules', 1],
      /unreachable/,
    ],
    [
      'DPD range min above max',
      withRules([rule('a', { dpd: { min: 91, max: 90 } })]),
      ['rules', 0, 'when', 'dpd', 'min'],
      /above max/,
    ],
    [
      'negative DPD',
      withRules([rule('a', { dpd: { min: -1 } })]),
      ['rules', 0, 'when', 'dpd', 'min'],
      />=0|too small/i,
    ],
    [
      'balance in floats',
      withRules([rule('a', { balance: { currency: 'CNY', min: 10.5 } })]),
      ['rules', 0, 'when', 'balance', 'min'],
      /.+/,
    ],
    [
      'unknown currency',
      withRules([rule('a', { balance: { currency: 'XYZ', min: '1' } })]),
      ['rules', 0, 'when', 'balance', 'currency'],
      /ISO 4217/,
    ],
    [
      'duplicate rule id',
      withRules([rule('a', { dpd: { min: 5 } }), rule('a', {})]),
      ['rules', 1, 'id'],
      /duplicate/,
    ],
    ['no rules', withRules([]), ['rules'], /.+/],
    [
      'duplicate reminder day',
      {
        ...exampleStrategyInput(),
        preDue: {
          graceDays: 0,
          reminders: [
            { daysBefore: 7, channel: 'sms', unit: 'phone' },
            { daysBefore: 7, channel: 'call', unit: 'phone' },
          ],
        },
      },
      ['preDue', 'reminders', 1, 'daysBefore'],
      /two reminders/,
    ],
    [
      'a template on a call',
      withRules([
        {
          id: 'a',
          when: {},
          treatment: { actions: [act, { ...act, channel: 'call', template: 'overdue-notice' }] },
        },
      ]),
      ['rules', 0, 'treatment', 'actions', 1, 'template'],
      /a call action sends no message/,
    ],
    [
      'a template on a legal review',
      withRules([
        {
          id: 'a',
          when: {},
          treatment: {
            actions: [{ channel: 'legal_review', unit: 'legal', waitDays: 0, template: 'x' }],
          },
        },
      ]),
      ['rules', 0, 'treatment', 'actions', 0, 'template'],
      /a legal_review action sends no message/,
    ],
    [
      'a template on a field visit reminder',
      {
        ...exampleStrategyInput(),
        preDue: {
          graceDays: 0,
          reminders: [{ daysBefore: 3, channel: 'field_visit', unit: 'field', template: 'x' }],
        },
      },
      ['preDue', 'reminders', 0, 'template'],
      /a field_visit action sends no message/,
    ],
    [
      'a template name that is no template id',
      withRules([
        { id: 'a', when: {}, treatment: { actions: [{ ...act, template: 'Bad Name' }] } },
      ]),
      ['rules', 0, 'treatment', 'actions', 0, 'template'],
      /template family or id/,
    ],
    [
      'a template on an escalation task',
      {
        ...exampleStrategyInput(),
        escalations: [
          {
            id: 'x',
            kind: 'unanswered_calls',
            count: 3,
            action: { channel: 'sms', unit: 'phone', waitDays: 0, template: 'x' },
          },
        ],
      },
      ['escalations', 0, 'action'],
      /template/,
    ],
    [
      'unknown escalation kind',
      { ...exampleStrategyInput(), escalations: [{ id: 'x', kind: 'moon_phase' }] },
      ['escalations', 0, 'kind'],
      /.+/,
    ],
  ])('%s', (_name, input, path, message) => {
    const e = validationError(() => parseStrategy(input));
    expect(e.path).toEqual(path);
    expect(e.message).toMatch(message);
  });

  it.each([
    [
      'overlapping sets',
      [rule('a', { buckets: ['M1', 'M2'] }), rule('b', { buckets: ['M2', 'M3'] })],
    ],
    [
      'narrower earlier rule',
      [rule('a', { buckets: ['M2'] }), rule('b', { buckets: ['M1', 'M2'] })],
    ],
    [
      'other currency',
      [
        rule('a', { balance: { currency: 'CNY', min: '1' } }),
        rule('b', { balance: { currency: 'USD', min: '1' } }),
      ],
    ],
    ['catch-all last', [rule('a', { dispute: true }), rule('b', {})]],
  ])('reachable rules pass: %s', (_n, rules) => {
    expect(() => parseStrategy(withRules(rules))).not.toThrow();
  });
});

describe('versioning', () => {
  const draft = exampleStrategy();
  const { active } = activateStrategy(draft, null);

  it('an active version is immutable', () => {
    expect(active.status).toBe('active');
    expect(Object.isFrozen(active)).toBe(true);
    expect(Object.isFrozen(active.rules[0]?.treatment.actions)).toBe(true);
    expect(() => amendDraft(active, { name: 'x' })).toThrow(/immutable/);
  });

  it('revising makes a new draft version and leaves the active one alone', () => {
    const v2 = reviseStrategy(active, { name: 'Retail v2' });
    expect(v2).toMatchObject({ id: 'retail', version: 2, status: 'draft', name: 'Retail v2' });
    expect(active).toMatchObject({ version: 1, status: 'active', name: 'Retail collections' });
    const { active: a2, retired } = activateStrategy(v2, active);
    expect(a2).toMatchObject({ version: 2, status: 'active' });
    expect(retired).toMatchObject({ version: 1, status: 'retired' });
    expect(active.status).toBe('active');
  });

  it('a draft may be amended under its version number', () => {
    const v2 = reviseStrategy(active, {});
    expect(amendDraft(v2, { name: 'y' })).toMatchObject({ version: 2, name: 'y', status: 'draft' });
  });

  it('invalid edits are rejected with their path; unknown edit keys too', () => {
    expect(validationError(() => reviseStrategy(active, { rules: [] })).path).toEqual(['rules']);
    expect(
      validationError(() => reviseStrategy(active, { status: 'active' } as never)).path,
    ).toEqual([]);
  });

  it.each([
    ['activating an active version', () => activateStrategy(active, null)],
    ['activating a draft not newer than the active one', () => activateStrategy(draft, active)],
    ['a revision numbered below its base', () => reviseStrategy(active, {}, 1)],
  ])('refused: %s', (_n, f) => {
    try {
      f();
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('conflict');
    }
  });

  it('property: revising never mutates the base version', () => {
    const arbEdits = fc.record(
      {
        name: fc.string({ minLength: 1, maxLength: 20 }),
        rules: fc.constantFrom(
          [rule('only', {})],
          [rule('a', { dpd: { min: 5 } }), rule('b', {})],
          [], // invalid
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arbEdits, fc.integer({ min: 2, max: 50 }), (edits, version) => {
        const before = JSON.stringify(active, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
        try {
          const next = reviseStrategy(active, edits, version);
          expect(next.version).toBe(version);
          expect(next.status).toBe('draft');
        } catch (e) {
          expect(isAppError(e)).toBe(true);
        }
        const after = JSON.stringify(active, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
        expect(after).toBe(before);
      }),
    );
  });
});
