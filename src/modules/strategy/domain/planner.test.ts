import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { bandOf, bucketBands, riskBands } from '../../cycle/domain/aging.js';
import { defaultStrategy } from './default-strategy.js';
import { parseFxTable } from './fx.js';
import { daysUnreached } from './segmentation.js';
import {
  advanceTreatment,
  emptyHistory,
  planNext,
  type AccountState,
  type OutcomeHistory,
  type PlanInput,
} from './planner.js';
import { parseStrategy, selectRule, type Strategy } from './strategy.js';
import { exampleStrategy, exampleStrategyInput } from './testing.js';
import { buckets, products, segments } from './vocabulary.js';

const asOf = '2026-11-25';
const fx = parseFxTable({ base: 'CNY', scale: '1000000', rates: { USD: '7123400' } });
const strategy = exampleStrategy();

const account = (dpd: number, over: Partial<AccountState> = {}): AccountState => ({
  accountId: 'A1',
  product: 'consumer_loan',
  currency: 'CNY',
  outstandingMinor: 1_000_000n,
  dpd,
  bucket: bandOf(bucketBands, dpd),
  riskClass: bandOf(riskBands, dpd),
  segment: dpd > 0 ? 'yellow' : null,
  nextDueDate: null,
  ...over,
});

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  account: account(10),
  strategy,
  position: null,
  history: emptyHistory,
  fx,
  asOf,
  ...over,
});

const preDue = (daysUntil: number, over: Partial<AccountState> = {}) =>
  planNext(input({ account: account(0, { nextDueDate: addDays(asOf, daysUntil), ...over }) }));
const rules = (p: ReturnType<typeof planNext>) => p.actions.map((a) => a.reason.rule);

describe('pre-due intervention (grace 3 days for a missed cycle)', () => {
  it.each([
    [31, []],
    [30, ['pre_due.reminder_30']],
    [29, ['pre_due.reminder_30']],
    [16, []],
    [15, ['pre_due.reminder_15']],
    [14, ['pre_due.reminder_15']],
    [8, []],
    [7, ['pre_due.reminder_7']],
    [6, ['pre_due.reminder_7']],
    [-1, []],
  ])('%i days before the due date -> %j', (days, expected) => {
    expect(rules(preDue(days))).toEqual(expected);
  });

  it('the action is due on its day, and its key does not move with asOf', () => {
    const due = addDays(asOf, 29);
    const today = preDue(29).actions[0];
    const yesterday = planNext(
      input({ account: account(0, { nextDueDate: due }), asOf: addDays(asOf, -1) }),
    ).actions[0];
    expect(today?.dueOn).toBe(addDays(due, -30));
    expect(today?.key).toBe(yesterday?.key);
    expect(today?.dueOn).toBe(yesterday?.dueOn);
    expect(today).toMatchObject({ kind: 'pre_due_reminder', channel: 'sms', unit: 'phone' });
  });

  it('with no grace, a missed day is not caught up', () => {
    const s = parseStrategy({
      ...exampleStrategyInput(),
      preDue: { ...strategy.preDue, graceDays: 0 },
    });
    const plan = (d: number) =>
      planNext(input({ strategy: s, account: account(0, { nextDueDate: addDays(asOf, d) }) }));
    expect(rules(plan(30))).toEqual(['pre_due.reminder_30']);
    expect(rules(plan(29))).toEqual([]);
  });

  it('an overdue account gets no pre-due reminders', () => {
    const p = planNext(input({ account: account(3, { nextDueDate: addDays(asOf, 15) }) }));
    expect(p.actions.some((a) => a.kind === 'pre_due_reminder')).toBe(false);
  });

  it.each([
    [16, 'sme_loan', false],
    [15, 'sme_loan', true],
    [14, 'sme_loan', true],
    [15, 'consumer_loan', false],
  ] as const)('cash-flow check: %i days before, %s -> %s', (days, product, planned) => {
    const p = preDue(days, { product });
    const task = p.actions.find((a) => a.kind === 'cash_flow_check');
    expect(task !== undefined).toBe(planned);
    if (task) expect(task).toMatchObject({ unit: 'analysts', dueOn: addDays(asOf, days - 15) });
  });

  it.each([
    ['below', 349_999_999n, 'CNY', 7, false],
    ['equal', 350_000_000n, 'CNY', 7, false],
    ['above', 350_000_001n, 'CNY', 7, true],
    ['above, 8 days before', 350_000_001n, 'CNY', 8, false],
    ['above, 6 days before (catch-up)', 350_000_001n, 'CNY', 6, true],
    ['USD equivalent below', 49_133_840n, 'USD', 7, false],
    ['USD equivalent above', 49_133_841n, 'USD', 7, true],
  ] as const)(
    'face-to-face meeting: balance %s threshold',
    (_n, minor, currency, days, planned) => {
      const p = preDue(days, { outstandingMinor: minor, currency });
      const task = p.actions.find((a) => a.kind === 'face_to_face_meeting');
      expect(task !== undefined).toBe(planned);
      if (task) expect(task).toMatchObject({ channel: 'field_visit', unit: 'field' });
    },
  );
});

describe('the default strategy', () => {
  const at = (v: 1 | 2) => (over: Partial<PlanInput>) =>
    planNext(input({ strategy: defaultStrategy(v), ...over }));
  // account (dpd, days to the next due date), version -> [channel, template] of each action
  it.each([
    [0, 30, 2, [['sms', 'pre-due-reminder-sms']]],
    [0, 15, 2, [['sms', 'pre-due-reminder-sms']]],
    [0, 7, 2, [['call', undefined]]],
    [10, null, 2, [['sms', 'overdue-reminder-sms']]],
    [40, null, 2, [['call', undefined]]],
    [0, 30, 1, [['sms', undefined]]],
    [10, null, 1, [['sms', undefined]]],
  ] as const)('dpd %i, due in %s days, version %i -> %j', (dpd, days, v, expected) => {
    const p = at(v)({
      account: account(dpd, days === null ? {} : { nextDueDate: addDays(asOf, days) }),
    });
    expect(p.actions.map((a) => [a.channel, a.template])).toEqual(expected);
  });

  it('version 2 sends the overdue notice letter family at the second step of M2-M3', () => {
    const first = at(2)({ account: account(40) });
    const next = advanceTreatment(defaultStrategy(2), first.position!, asOf);
    const p = at(2)({ account: account(40), position: next });
    expect(p.actions.map((a) => [a.channel, a.template])).toEqual([
      ['letter', 'overdue-notice-letter'],
    ]);
  });
});

describe('treatment', () => {
  it('enters the matching rule at step 0, due asOf + wait', () => {
    const p = planNext(input());
    expect(p.rule?.rule).toBe('early.soft');
    expect(p.position).toMatchObject({
      ruleId: 'early.soft',
      step: 0,
      enteredOn: asOf,
      dueOn: asOf,
    });
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]).toMatchObject({ kind: 'treatment', channel: 'sms', dueOn: asOf });
  });

  it('planning again with the returned position changes nothing', () => {
    const p = planNext(input());
    expect(planNext(input({ position: p.position }))).toEqual(p);
  });

  it('advancing counts the next wait from the day the step was done', () => {
    const p = planNext(input());
    const next = advanceTreatment(strategy, p.position!, addDays(asOf, 1));
    expect(next).toMatchObject({ step: 1, dueOn: addDays(asOf, 3) });
    const q = planNext(input({ position: next, asOf: addDays(asOf, 1) }));
    expect(q.actions[0]).toMatchObject({ channel: 'call', dueOn: addDays(asOf, 3) });
  });

  it('after the last step the treatment is complete', () => {
    let pos = planNext(input()).position!;
    for (let i = 0; i < 3; i++) pos = advanceTreatment(strategy, pos, asOf);
    const p = planNext(input({ position: pos }));
    expect(p.treatmentComplete).toBe(true);
    expect(p.actions).toEqual([]);
  });

  it('another rule or strategy version restarts the treatment', () => {
    const pos = advanceTreatment(strategy, planNext(input()).position!, asOf);
    const moved = planNext(input({ position: pos, account: account(40) }));
    expect(moved.position).toMatchObject({ ruleId: 'default', step: 0 });
    const v2 = parseStrategy({ ...exampleStrategyInput(), version: 2 });
    expect(planNext(input({ position: pos, strategy: v2 })).position).toMatchObject({ step: 0 });
  });
});

describe('escalation triggers', () => {
  const h = (over: Partial<OutcomeHistory>): OutcomeHistory => ({ ...emptyHistory, ...over });
  it.each([
    [2, false],
    [3, true],
    [4, true],
  ])('%i consecutive unanswered calls -> field visit: %s', (n, fired) => {
    const p = planNext(
      input({ history: h({ consecutiveUnansweredCalls: n, unansweredSince: addDays(asOf, -5) }) }),
    );
    const visit = p.actions.find((a) => a.kind === 'escalation' && a.channel === 'field_visit');
    expect(visit !== undefined).toBe(fired);
    if (visit)
      expect(visit).toMatchObject({
        unit: 'field',
        dueOn: asOf,
        key: `A1:escalation:unanswered_calls_field_visit:${addDays(asOf, -5)}`,
        reason: { facts: { consecutiveUnansweredCalls: n, count: 3 } },
      });
  });

  it('a broken promise moves to the next step, once', () => {
    const start = planNext(input({ asOf: addDays(asOf, -3) })).position!;
    const broken = h({ brokenPromises: 1, lastPromiseBrokenOn: addDays(asOf, -1) });
    const p = planNext(input({ position: start, history: broken }));
    expect(p.position).toMatchObject({ step: 1, enteredOn: asOf, dueOn: addDays(asOf, 2) });
    expect(p.escalations.map((e) => e.rule)).toEqual(['escalation.promise_broken_next_step']);
    expect(p.actions[0]).toMatchObject({ kind: 'treatment', channel: 'call' });
    const again = planNext(input({ position: p.position, history: broken }));
    expect(again.position).toEqual(p.position);
    expect(again.escalations).toEqual([]);
  });

  it('a promise broken before the treatment began does not skip its first step', () => {
    const broken = h({ brokenPromises: 1, lastPromiseBrokenOn: addDays(asOf, -9) });
    expect(planNext(input({ history: broken })).position).toMatchObject({ step: 0 });
  });

  it.each([
    [89, false],
    [90, false],
    [91, true],
    [200, true],
  ])('DPD %i: red and legal review: %s', (dpd, fired) => {
    const p = planNext(input({ account: account(dpd, { segment: 'yellow' }) }));
    expect(p.segment).toBe(fired ? 'red' : 'yellow');
    expect(p.segmentReason?.rule ?? null).toBe(
      fired ? 'escalation.dpd_over_90_legal_review' : null,
    );
    expect(p.rule?.rule).toBe(fired ? 'red.legal' : 'default');
    const legal = p.actions.filter((a) => a.kind === 'escalation' && a.channel === 'legal_review');
    expect(legal.length).toBe(fired ? 1 : 0);
    if (fired)
      expect(legal[0]?.key).toBe(
        `A1:escalation:dpd_over_90_legal_review:${addDays(asOf, 91 - dpd)}`,
      );
  });

  // the legal review of DPD 91 (crossed on asOf + 91 - dpd) is offered once per crossing
  it.each([
    // dpd, previous cycle, has a position, offered
    [91, null, true, true],
    [91, addDays(asOf, -1), true, true],
    [95, addDays(asOf, -1), true, false],
    [95, addDays(asOf, -5), true, true],
    [95, addDays(asOf, -4), true, false],
    [95, addDays(asOf, -1), false, true],
    [300, addDays(asOf, -1), false, true],
  ])('DPD %i, previous cycle %s, position %s: crossing offered %s', (dpd, prev, has, offered) => {
    const a = account(dpd, { segment: 'yellow' });
    const position = has ? planNext(input({ account: a, asOf: addDays(asOf, -1) })).position : null;
    const p = planNext(input({ account: a, position, previousCycle: prev }));
    expect(p.actions.some((x) => x.kind === 'escalation')).toBe(offered);
    // the segment it sets holds either way
    expect([p.segment, p.segmentReason?.rule]).toEqual([
      'red',
      'escalation.dpd_over_90_legal_review',
    ]);
  });

  it('offers a crossing again under another strategy version', () => {
    const a = account(120, { segment: 'yellow' });
    const other = { ...strategy, version: strategy.version + 1 };
    const position = planNext(input({ account: a, strategy: other })).position;
    const p = planNext(input({ account: a, position, previousCycle: addDays(asOf, -1) }));
    expect(p.actions.some((x) => x.kind === 'escalation')).toBe(true);
  });

  it('the crossing key is the same on every later day', () => {
    const k = (dpd: number, on: string) =>
      planNext(input({ account: account(dpd), asOf: on })).actions.find(
        (a) => a.kind === 'escalation',
      )?.key;
    expect(k(91, asOf)).toBe(k(95, addDays(asOf, 4)));
  });
});

describe('planner: properties', () => {
  const range = fc
    .tuple(fc.nat(200), fc.nat(200))
    .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
  const condition = fc.record(
    {
      buckets: fc.subarray([...buckets], { minLength: 1 }),
      dpd: range,
      segments: fc.subarray([...segments], { minLength: 1 }),
      products: fc.subarray([...products], { minLength: 1 }),
      brokenPromises: range.map((r) => ({ max: r.max % 4 })),
      dispute: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const action = fc.record({
    channel: fc.constantFrom('call', 'sms', 'letter', 'field_visit'),
    unit: fc.constantFrom('phone', 'field'),
    waitDays: fc.nat(10),
  });
  const arbStrategy = fc
    .array(fc.tuple(condition, fc.array(action, { minLength: 1, maxLength: 3 })), {
      minLength: 1,
      maxLength: 5,
    })
    .map((rs) => {
      try {
        return parseStrategy({
          ...exampleStrategyInput(),
          rules: rs.map(([when, actions], i) => ({ id: `r${i}`, when, treatment: { actions } })),
        });
      } catch {
        return null; // unreachable rules: rejected, as they should be
      }
    })
    .filter((s): s is Strategy => s !== null);
  const arbAccount = fc
    .record({
      dpd: fc.integer({ min: 1, max: 300 }),
      product: fc.constantFrom(...products),
      segment: fc.constantFrom(...segments),
    })
    .map(({ dpd, product, segment }) => account(dpd, { product, segment }));
  const arbHistory = fc
    .record({
      brokenPromises: fc.nat(4),
      dispute: fc.boolean(),
      consecutiveUnansweredCalls: fc.nat(5),
    })
    .map((x) => ({ ...emptyHistory, ...x }));

  it('a valid strategy always yields a treatment action for a matching account', () => {
    fc.assert(
      fc.property(arbStrategy, arbAccount, arbHistory, (s, a, h) => {
        const p = planNext(input({ strategy: s, account: a, history: h }));
        const matched = selectRule(s, {
          bucket: a.bucket,
          dpd: a.dpd,
          segment: p.segment,
          product: a.product,
          balance: { currency: a.currency, minor: a.outstandingMinor },
          riskClass: a.riskClass,
          previousDelinquencies: 0,
          brokenPromises: h.brokenPromises,
          keptPromises: 0,
          consecutiveUnansweredCalls: h.consecutiveUnansweredCalls,
          daysUnreached: daysUnreached(h.unansweredSince ?? null, a.dpd, asOf),
          dispute: h.dispute,
          arrangementBroken: false,
          scores: {},
        });
        const treatment = p.actions.filter((x) => x.kind === 'treatment');
        expect(treatment.length).toBe(matched ? 1 : 0);
        if (matched) expect(treatment[0]?.reason.rule).toBe(matched.rule.id);
      }),
    );
  });

  it('with a previous cycle, a replan with the position offers only what the first plan did, less crossings before it', () => {
    fc.assert(
      fc.property(arbStrategy, arbAccount, arbHistory, fc.nat(30), (s, a, h, back) => {
        const previousCycle = addDays(asOf, -1 - back);
        const p = planNext(input({ strategy: s, account: a, history: h, previousCycle }));
        const again = planNext(
          input({ strategy: s, account: a, history: h, position: p.position, previousCycle }),
        );
        expect({ ...again, actions: [] }).toEqual({ ...p, actions: [] });
        const keys = new Set(again.actions.map((x) => x.key));
        for (const x of p.actions)
          if (!keys.has(x.key)) {
            expect(x.reason.rule).toMatch(/^escalation\./);
            expect(String(x.reason.facts.crossedOn) <= previousCycle).toBe(true);
          }
        expect(again.actions.every((x) => p.actions.some((y) => y.key === x.key))).toBe(true);
      }),
    );
  });

  it('planning is idempotent: the same day with the returned position gives the same plan', () => {
    fc.assert(
      fc.property(arbStrategy, arbAccount, arbHistory, (s, a, h) => {
        const p = planNext(input({ strategy: s, account: a, history: h }));
        expect(
          planNext(input({ strategy: s, account: a, history: h, position: p.position })),
        ).toEqual(p);
      }),
    );
  });
});
