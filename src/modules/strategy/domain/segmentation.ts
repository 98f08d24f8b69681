/**
 * Traffic-light segmentation of a delinquent debtor: an ordered list of rules (data), the first
 * whose condition matches wins, and the assignment names the rule and the facts it tested.
 * The list must end with a catch-all, so every delinquent debtor is segmented with a reason.
 */
import { z } from 'zod';
import { historyConditionShape, historyConditionSpec } from './history-conditions.js';
import { daysBetween, type CalendarDate } from '../../../shared/calendar.js';
import { isCatchAll, matches, shadowedBy, testedFacts, type ConditionSpec } from './conditions.js';
import { parseWith, range, ruleId, deepFreeze } from './validation.js';
import {
  buckets,
  riskClasses,
  segments,
  type Bucket,
  type Product,
  type Reason,
  type RiskClass,
  type Segment,
} from './vocabulary.js';

/** One account of the debtor as the cycle aged it. */
export type AccountAging = {
  readonly accountId: string;
  readonly product: Product;
  readonly bucket: Bucket;
  readonly dpd: number;
  readonly riskClass: RiskClass;
  readonly currency: string;
  readonly outstandingMinor: bigint;
  readonly overdueMinor: bigint;
};

/** What the debtor's history says, as counts and dates (no clock: days are counted to asOf). */
export type DebtorHistory = {
  /** Earlier delinquency episodes, this one excluded. */
  readonly previousDelinquencies: number;
  readonly brokenPromises: number;
  readonly keptPromises: number;
  readonly consecutiveUnansweredCalls: number;
  /** Last day the debtor was reached (answered call, reply, meeting); null = never. */
  readonly lastReachedOn: CalendarDate | null;
  /**
   * First day of the current streak of attempts that did not reach the debtor (after the last
   * time reached); null when there is none, e.g. a debtor never tried.
   */
  readonly unansweredSince: CalendarDate | null;
  readonly arrangementBroken: boolean;
  readonly dispute: boolean;
};

export type DebtorFacts = {
  readonly bucket: Bucket;
  readonly dpd: number;
  readonly riskClass: RiskClass;
  readonly delinquentAccounts: number;
  readonly previousDelinquencies: number;
  readonly brokenPromises: number;
  readonly keptPromises: number;
  readonly consecutiveUnansweredCalls: number;
  /**
   * Days the debtor has been tried without being reached (since the current streak of unanswered
   * attempts began), counted within this delinquency only; 0 for a debtor never tried.
   */
  readonly daysUnreached: number;
  readonly arrangementBroken: boolean;
  readonly dispute: boolean;
  /** Outstanding minor units by currency over all the debtor's accounts. */
  readonly balances: Readonly<Record<string, bigint>>;
};

export const segmentationSpec: ConditionSpec = {
  buckets: { kind: 'set', fact: 'bucket' },
  dpd: { kind: 'range', fact: 'dpd' },
  riskClasses: { kind: 'set', fact: 'riskClass' },
  delinquentAccounts: { kind: 'range', fact: 'delinquentAccounts' },
  ...historyConditionSpec,
};

const segmentCondition = z.strictObject({
  buckets: z.array(z.enum(buckets)).min(1).optional(),
  dpd: range.optional(),
  riskClasses: z.array(z.enum(riskClasses)).min(1).optional(),
  delinquentAccounts: range.optional(),
  ...historyConditionShape,
});

const segmentationRule = z.strictObject({
  id: ruleId,
  segment: z.enum(segments),
  when: segmentCondition,
  note: z.string().max(500).optional(),
});

export type SegmentationRule = z.output<typeof segmentationRule>;

export const segmentationRulesSchema = z
  .array(segmentationRule)
  .min(1)
  .superRefine((rules, ctx) => {
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          message: `duplicate rule id "${r.id}" (also at ${first})`,
        });
      else seen.set(r.id, i);
      const j = shadowedBy(
        segmentationSpec,
        rules.map((x) => x.when),
        i,
      );
      if (j >= 0)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `rule "${r.id}" is unreachable: every debtor it matches is matched first by rule "${rules[j]?.id}" (at ${j})`,
        });
    });
    const last = rules[rules.length - 1];
    if (last && !isCatchAll(segmentationSpec, last.when))
      ctx.addIssue({
        code: 'custom',
        path: [rules.length - 1, 'when'],
        message: 'the last segmentation rule must be a catch-all (an empty "when")',
      });
  });

export function parseSegmentationRules(input: unknown): readonly SegmentationRule[] {
  return deepFreeze(parseWith(segmentationRulesSchema, input, 'segmentation rules'));
}

export type SegmentationParams = {
  /** Days unreached (within the delinquency) that make a debtor red. */
  readonly unreachableDays: number;
  /** Broken promises that make a debtor red. */
  readonly brokenPromises: number;
};

export const defaultSegmentationParams: SegmentationParams = {
  unreachableDays: 30,
  brokenPromises: 2,
};

/** The default rules: red first (legal preparation), then green (self-cure), else yellow. */
export function defaultSegmentationRules(
  params: Partial<SegmentationParams> = {},
): readonly SegmentationRule[] {
  const p = { ...defaultSegmentationParams, ...params };
  return parseSegmentationRules([
    { id: 'red.m4_plus', segment: 'red', when: { buckets: ['M4', 'M5', 'M6', 'M7+'] } },
    { id: 'red.arrangement_broken', segment: 'red', when: { arrangementBroken: true } },
    {
      id: 'red.promises_broken',
      segment: 'red',
      when: { brokenPromises: { min: p.brokenPromises } },
    },
    { id: 'red.unreachable', segment: 'red', when: { daysUnreached: { min: p.unreachableDays } } },
    {
      id: 'green.first_early',
      segment: 'green',
      when: {
        buckets: ['M1'],
        previousDelinquencies: { max: 0 },
        brokenPromises: { max: 0 },
        dispute: false,
      },
    },
    { id: 'yellow.default', segment: 'yellow', when: {} },
  ]);
}

/**
 * Days tried and not reached: from the first attempt of the current unanswered streak to asOf,
 * at most the DPD (within this delinquency). A debtor never tried is not unreachable: 0.
 */
export function daysUnreached(
  unansweredSince: CalendarDate | null,
  dpd: number,
  asOf: CalendarDate,
): number {
  if (unansweredSince === null) return 0;
  return Math.max(0, Math.min(daysBetween(unansweredSince, asOf), dpd));
}

const bucketRank = (b: Bucket) => buckets.indexOf(b);
const riskRank = (r: RiskClass) => riskClasses.indexOf(r);

/** The debtor's facts over its delinquent accounts, or null when none is delinquent. */
export function debtorFacts(
  accounts: readonly AccountAging[],
  history: DebtorHistory,
  asOf: CalendarDate,
): DebtorFacts | null {
  const delinquent = accounts.filter((a) => a.dpd > 0);
  if (delinquent.length === 0) return null;
  let worst = delinquent[0] as AccountAging;
  let riskClass = worst.riskClass;
  for (const a of delinquent) {
    if (
      a.dpd > worst.dpd ||
      (a.dpd === worst.dpd && bucketRank(a.bucket) > bucketRank(worst.bucket))
    )
      worst = a;
    if (riskRank(a.riskClass) > riskRank(riskClass)) riskClass = a.riskClass;
  }
  const balances: Record<string, bigint> = {};
  for (const a of accounts)
    balances[a.currency] = (balances[a.currency] ?? 0n) + a.outstandingMinor;
  return {
    bucket: worst.bucket,
    dpd: worst.dpd,
    riskClass,
    delinquentAccounts: delinquent.length,
    previousDelinquencies: history.previousDelinquencies,
    brokenPromises: history.brokenPromises,
    keptPromises: history.keptPromises,
    consecutiveUnansweredCalls: history.consecutiveUnansweredCalls,
    daysUnreached: daysUnreached(history.unansweredSince, worst.dpd, asOf),
    arrangementBroken: history.arrangementBroken,
    dispute: history.dispute,
    balances,
  };
}

export type SegmentAssignment = { readonly segment: Segment; readonly reason: Reason };

/** First matching rule over precomputed facts (the rules end with a catch-all). */
export function segmentOf(
  rules: readonly SegmentationRule[],
  facts: DebtorFacts,
): SegmentAssignment {
  for (const r of rules)
    if (matches(segmentationSpec, r.when, facts))
      return {
        segment: r.segment,
        reason: {
          rule: r.id,
          facts: testedFacts(segmentationSpec, r.when, facts, ['bucket', 'dpd']),
        },
      };
  throw new RangeError('segmentation rules without a catch-all: parse them first');
}

/** The segment of a debtor with its reason; null when no account is delinquent. */
export function segmentDebtor(
  rules: readonly SegmentationRule[],
  accounts: readonly AccountAging[],
  history: DebtorHistory,
  asOf: CalendarDate,
): SegmentAssignment | null {
  const facts = debtorFacts(accounts, history, asOf);
  return facts === null ? null : segmentOf(rules, facts);
}
