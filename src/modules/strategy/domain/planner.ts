/**
 * Plans an account's next actions for one as-of date: pre-due intervention for current accounts,
 * and for delinquent ones the matching strategy rule's treatment, moved on by the escalation
 * triggers. Pure and idempotent: planning again with the returned position on the same day gives
 * the same plan. Every action has a deterministic key, so the cycle inserts it once.
 */
import { addDays, daysBetween, type CalendarDate } from '../../../shared/calendar.js';
import { compareMoney, type FxTable } from './fx.js';
import { daysUnreached } from './segmentation.js';
import {
  defaultPreDue,
  selectRule,
  strategyKey,
  type AccountFacts,
  type Escalation,
  type PreDue,
  type Strategy,
  type StrategyRef,
  type StrategyRule,
} from './strategy.js';
import type {
  ActionChannel,
  Bucket,
  Facts,
  Product,
  Reason,
  RiskClass,
  Segment,
  Unit,
} from './vocabulary.js';

export type AccountState = {
  readonly accountId: string;
  readonly product: Product;
  readonly currency: string;
  /** Principal + interest + fees outstanding, minor units. */
  readonly outstandingMinor: bigint;
  readonly dpd: number;
  readonly bucket: Bucket;
  readonly riskClass: RiskClass;
  /** The debtor's segment from segmentation; null when not delinquent. */
  readonly segment: Segment | null;
  readonly nextDueDate: CalendarDate | null;
  readonly scores?: Readonly<Record<string, number>>;
};

export type OutcomeHistory = {
  readonly previousDelinquencies: number;
  readonly brokenPromises: number;
  readonly keptPromises: number;
  readonly consecutiveUnansweredCalls: number;
  /** Day of the first call of the current unanswered streak; null when there is none. */
  readonly unansweredSince: CalendarDate | null;
  readonly lastReachedOn: CalendarDate | null;
  readonly lastPromiseBrokenOn: CalendarDate | null;
  readonly dispute: boolean;
  readonly arrangementBroken: boolean;
};

export const emptyHistory: OutcomeHistory = {
  previousDelinquencies: 0,
  brokenPromises: 0,
  keptPromises: 0,
  consecutiveUnansweredCalls: 0,
  unansweredSince: null,
  lastReachedOn: null,
  lastPromiseBrokenOn: null,
  dispute: false,
  arrangementBroken: false,
};

/** Where an account is in its treatment; the cycle stores what the planner returns. */
export type TreatmentPosition = {
  readonly strategy: StrategyRef;
  readonly ruleId: string;
  /** Index of the next action; equal to the treatment's length when it is complete. */
  readonly step: number;
  readonly enteredOn: CalendarDate;
  readonly dueOn: CalendarDate;
  /** The latest broken promise already acted on. */
  readonly promiseBrokenSeen: CalendarDate | null;
};

export const actionKinds = [
  'treatment',
  'pre_due_reminder',
  'cash_flow_check',
  'face_to_face_meeting',
  'escalation',
] as const;
export type ActionKind = (typeof actionKinds)[number];

export type PlannedAction = {
  /** Deterministic: the same action planned on another day has the same key. */
  readonly key: string;
  readonly kind: ActionKind;
  readonly channel: ActionChannel;
  readonly unit: Unit;
  readonly dueOn: CalendarDate;
  readonly reason: Reason;
  /** The template family (or exact template id) a message action names, when it names one. */
  readonly template?: string;
};

export type Plan = {
  readonly strategy: StrategyRef;
  readonly segment: Segment | null;
  /** Set when an escalation changed the segment. */
  readonly segmentReason: Reason | null;
  /** The strategy rule that chose the treatment. */
  readonly rule: Reason | null;
  readonly position: TreatmentPosition | null;
  readonly treatmentComplete: boolean;
  readonly actions: readonly PlannedAction[];
  readonly escalations: readonly Reason[];
};

export type PlanInput = {
  readonly account: AccountState;
  readonly strategy: Strategy;
  readonly position: TreatmentPosition | null;
  readonly history: OutcomeHistory;
  readonly fx: FxTable;
  readonly asOf: CalendarDate;
  /**
   * The as-of date of the cycle before this one (null: none). A DPD crossing's escalation action
   * is offered only when the crossing happened after it, or when the account has no treatment
   * position under this strategy version yet: an older crossing was offered then, and its action
   * exists by its key. The segment it sets holds on every day either way.
   */
  readonly previousCycle?: CalendarDate | null;
};

function ref(s: Strategy): StrategyRef {
  return { id: s.id, version: s.version };
}

export function accountFacts(
  account: AccountState,
  history: OutcomeHistory,
  segment: Segment | null,
  asOf: CalendarDate,
): AccountFacts {
  return {
    bucket: account.bucket,
    dpd: account.dpd,
    segment,
    product: account.product,
    balance: { currency: account.currency, minor: account.outstandingMinor },
    riskClass: account.riskClass,
    previousDelinquencies: history.previousDelinquencies,
    brokenPromises: history.brokenPromises,
    keptPromises: history.keptPromises,
    consecutiveUnansweredCalls: history.consecutiveUnansweredCalls,
    daysUnreached: daysUnreached(history.unansweredSince, account.dpd, asOf),
    dispute: history.dispute,
    arrangementBroken: history.arrangementBroken,
    scores: account.scores ?? {},
  };
}

/** The key of the treatment action of a position's current step (deterministic). */
export function treatmentActionKey(accountId: string, position: TreatmentPosition): string {
  return `${accountId}:treatment:${strategyKey(position.strategy)}:${position.ruleId}:${position.step}:${position.enteredOn}`;
}

/** Both amounts can be compared with the table (each is its base or has a rate). */
function comparable(a: { currency: string }, b: { currency: string }, fx: FxTable): boolean {
  const known = (c: string) => c === fx.base || fx.rates[c] !== undefined;
  return a.currency === b.currency || (known(a.currency) && known(b.currency));
}

/** Enters step `step` of a rule's treatment on `on`. */
export function enterStep(
  strategy: StrategyRef,
  rule: StrategyRule,
  step: number,
  on: CalendarDate,
  promiseBrokenSeen: CalendarDate | null,
): TreatmentPosition {
  const action = rule.treatment.actions[step];
  return {
    strategy: { id: strategy.id, version: strategy.version },
    ruleId: rule.id,
    step,
    enteredOn: on,
    dueOn: action === undefined ? on : addDays(on, action.waitDays),
    promiseBrokenSeen,
  };
}

/** After the current step's action was done on `doneOn`: the next step, waits counted from then. */
export function advanceTreatment(
  strategy: Strategy,
  position: TreatmentPosition,
  doneOn: CalendarDate,
): TreatmentPosition {
  const rule = strategy.rules.find((r) => r.id === position.ruleId);
  if (rule === undefined) return position;
  const step = Math.min(position.step + 1, rule.treatment.actions.length);
  return enterStep(position.strategy, rule, step, doneOn, position.promiseBrokenSeen);
}

const later = (a: CalendarDate | null, b: CalendarDate | null) =>
  a !== null && (b === null || a > b);

function planPreDue(
  account: AccountState,
  preDue: PreDue,
  fx: FxTable,
  asOf: CalendarDate,
): PlannedAction[] {
  const due = account.nextDueDate;
  if (account.dpd !== 0 || due === null) return [];
  const daysUntil = daysBetween(asOf, due);
  if (daysUntil < 0) return [];
  const out: PlannedAction[] = [];
  /** The action's day is `daysBefore` before the due date; planned from then until grace ends. */
  const window = (daysBefore: number): CalendarDate | null => {
    const day = addDays(due, -daysBefore);
    const lag = daysBetween(day, asOf);
    return lag >= 0 && lag <= preDue.graceDays ? day : null;
  };
  const facts = (extra: Facts = {}): Facts => ({ nextDueDate: due, daysUntil, ...extra });
  const sorted = [...preDue.reminders].sort((a, b) => b.daysBefore - a.daysBefore);
  sorted.forEach((r, i) => {
    const nextSmaller = sorted[i + 1]?.daysBefore ?? -1;
    const day = window(r.daysBefore);
    if (day === null || daysUntil <= nextSmaller) return;
    out.push({
      key: `${account.accountId}:pre_due:reminder:${due}:${r.daysBefore}`,
      kind: 'pre_due_reminder',
      channel: r.channel,
      unit: r.unit,
      dueOn: day,
      reason: { rule: `pre_due.reminder_${r.daysBefore}`, facts: facts() },
      ...(r.template === undefined ? {} : { template: r.template }),
    });
  });
  const cash = preDue.cashFlowCheck;
  if (cash && cash.products.includes(account.product)) {
    const day = window(cash.daysBefore);
    if (day !== null)
      out.push({
        key: `${account.accountId}:pre_due:cash_flow_check:${due}:${cash.daysBefore}`,
        kind: 'cash_flow_check',
        channel: 'field_visit',
        unit: cash.unit,
        dueOn: day,
        reason: {
          rule: `pre_due.cash_flow_check_${cash.daysBefore}`,
          facts: facts({ product: account.product }),
        },
      });
  }
  const f2f = preDue.faceToFace;
  if (f2f) {
    const day = window(f2f.daysBefore);
    const balance = { currency: account.currency, minor: account.outstandingMinor };
    if (
      day !== null &&
      comparable(balance, f2f.threshold, fx) &&
      (balance.currency === f2f.threshold.currency
        ? balance.minor > f2f.threshold.minor
        : compareMoney(balance, f2f.threshold, fx) > 0)
    )
      out.push({
        key: `${account.accountId}:pre_due:face_to_face:${due}:${f2f.daysBefore}`,
        kind: 'face_to_face_meeting',
        channel: 'field_visit',
        unit: f2f.unit,
        dueOn: day,
        reason: {
          rule: `pre_due.face_to_face_${f2f.daysBefore}`,
          facts: facts({
            balance: `${balance.minor} ${balance.currency}`,
            threshold: `${f2f.threshold.minor} ${f2f.threshold.currency}`,
          }),
        },
      });
  }
  return out;
}

type Fired = { escalation: Escalation; reason: Reason; action: PlannedAction | null };

/** Whether the crossing of a DPD threshold on `crossedOn` still needs its action offered. */
function crossingNew(input: PlanInput, crossedOn: CalendarDate): boolean {
  const since = input.previousCycle ?? null;
  const position = input.position;
  return (
    since === null ||
    crossedOn > since ||
    position === null ||
    strategyKey(position.strategy) !== strategyKey(input.strategy)
  );
}

function dpdCrossings(input: PlanInput): Fired[] {
  const { account, strategy, asOf } = input;
  const out: Fired[] = [];
  for (const e of strategy.escalations) {
    if (e.kind !== 'dpd_crossing' || account.dpd <= e.dpd) continue;
    const crossedOn = addDays(asOf, -(account.dpd - e.dpd - 1));
    const reason = {
      rule: `escalation.${e.id}`,
      facts: { dpd: account.dpd, over: e.dpd, crossedOn },
    };
    out.push({
      escalation: e,
      reason,
      action: !crossingNew(input, crossedOn)
        ? null
        : {
            key: `${account.accountId}:escalation:${e.id}:${crossedOn}`,
            kind: 'escalation',
            channel: e.action.channel,
            unit: e.action.unit,
            dueOn: addDays(asOf, e.action.waitDays),
            reason,
          },
    });
  }
  return out;
}

function unansweredCalls(
  account: AccountState,
  strategy: Strategy,
  history: OutcomeHistory,
  asOf: CalendarDate,
): Fired[] {
  const out: Fired[] = [];
  for (const e of strategy.escalations) {
    if (e.kind !== 'unanswered_calls' || history.consecutiveUnansweredCalls < e.count) continue;
    const reason = {
      rule: `escalation.${e.id}`,
      facts: {
        consecutiveUnansweredCalls: history.consecutiveUnansweredCalls,
        count: e.count,
        unansweredSince: history.unansweredSince,
      },
    };
    out.push({
      escalation: e,
      reason,
      action: {
        key: `${account.accountId}:escalation:${e.id}:${history.unansweredSince ?? 'streak'}`,
        kind: 'escalation',
        channel: e.action.channel,
        unit: e.action.unit,
        dueOn: addDays(asOf, e.action.waitDays),
        reason,
      },
    });
  }
  return out;
}

/** The next actions of one account under one strategy version. */
export function planNext(input: PlanInput): Plan {
  const { account, strategy, history, fx, asOf } = input;
  const sref = ref(strategy);
  const base = {
    strategy: sref,
    segment: account.segment,
    segmentReason: null,
    rule: null,
    position: null,
    treatmentComplete: false,
    escalations: [],
  };
  if (account.dpd <= 0)
    return { ...base, actions: planPreDue(account, strategy.preDue ?? defaultPreDue, fx, asOf) };

  const crossings = dpdCrossings(input);
  const first = crossings[0];
  const segment =
    first?.escalation.kind === 'dpd_crossing' ? first.escalation.segment : account.segment;
  const segmentReason = first && segment !== account.segment ? first.reason : null;
  const fired: Fired[] = [...crossings, ...unansweredCalls(account, strategy, history, asOf)];

  const selected = selectRule(strategy, accountFacts(account, history, segment, asOf));
  let position: TreatmentPosition | null = null;
  if (selected !== null) {
    const { rule } = selected;
    const prev = input.position;
    const same =
      prev !== null && strategyKey(prev.strategy) === strategyKey(sref) && prev.ruleId === rule.id;
    position = same ? prev : enterStep(sref, rule, 0, asOf, history.lastPromiseBrokenOn);
    const onBroken = strategy.escalations.find((e) => e.kind === 'promise_broken');
    if (same && onBroken && later(history.lastPromiseBrokenOn, position.promiseBrokenSeen)) {
      const step = Math.min(position.step + 1, rule.treatment.actions.length);
      fired.push({
        escalation: onBroken,
        reason: {
          rule: `escalation.${onBroken.id}`,
          facts: {
            lastPromiseBrokenOn: history.lastPromiseBrokenOn,
            fromStep: position.step,
            toStep: step,
          },
        },
        action: null,
      });
      position = enterStep(sref, rule, step, asOf, history.lastPromiseBrokenOn);
    }
  }

  const actions: PlannedAction[] = [];
  let treatmentComplete = false;
  if (selected !== null && position !== null) {
    const act = selected.rule.treatment.actions[position.step];
    if (act === undefined) treatmentComplete = true;
    else
      actions.push({
        key: treatmentActionKey(account.accountId, position),
        kind: 'treatment',
        channel: act.channel,
        unit: act.unit,
        dueOn: position.dueOn,
        reason: selected.reason,
        ...(act.template === undefined ? {} : { template: act.template }),
      });
  }
  for (const f of fired) if (f.action) actions.push(f.action);
  return {
    ...base,
    segment,
    segmentReason,
    rule: selected?.reason ?? null,
    position,
    treatmentComplete,
    actions,
    escalations: fired.map((f) => f.reason),
  };
}
