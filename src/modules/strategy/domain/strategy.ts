/**
 * Strategies as versioned data: an ordered list of rules (conditions on the account's facts) ->
 * treatment (a sequence of actions with channels, units and waits), escalation triggers and the
 * pre-due intervention. Validation rejects with the path of the offending element; an active
 * version is immutable and edits produce a new version.
 */
import { z } from 'zod';
import { historyConditionShape, historyConditionSpec } from './history-conditions.js';
import { AppError } from '../../../shared/errors.js';
import { matches, shadowedBy, testedFacts, type ConditionSpec, type Money } from './conditions.js';
import {
  deepFreeze,
  minorAmount,
  moneyRange,
  parseWith,
  range,
  ruleId,
  currency,
} from './validation.js';
import {
  actionChannels,
  buckets,
  messageActionChannels,
  products,
  riskClasses,
  segments,
  units,
  type ActionChannel,
  type Bucket,
  type Product,
  type Reason,
  type RiskClass,
  type Segment,
} from './vocabulary.js';

/** The facts of one account a strategy rule may test. */
export type AccountFacts = {
  readonly bucket: Bucket;
  readonly dpd: number;
  readonly segment: Segment | null;
  readonly product: Product;
  readonly balance: Money;
  readonly riskClass: RiskClass;
  readonly previousDelinquencies: number;
  readonly brokenPromises: number;
  readonly keptPromises: number;
  readonly consecutiveUnansweredCalls: number;
  readonly daysUnreached: number;
  readonly dispute: boolean;
  readonly arrangementBroken: boolean;
  readonly scores: Readonly<Record<string, number>>;
};

export const strategySpec: ConditionSpec = {
  buckets: { kind: 'set', fact: 'bucket' },
  dpd: { kind: 'range', fact: 'dpd' },
  segments: { kind: 'set', fact: 'segment' },
  products: { kind: 'set', fact: 'product' },
  balance: { kind: 'money', fact: 'balance' },
  riskClasses: { kind: 'set', fact: 'riskClass' },
  ...historyConditionSpec,
  scores: { kind: 'scores', fact: 'scores' },
};

const waitDays = z.number().int().min(0).max(366);

/**
 * The message a step sends: a template family (one template per locale: the debtor's language
 * picks the member) or, as before families, an exact template id. Only a message channel has one.
 */
const template = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'expected a template family or id (a-z, 0-9, -)')
  .optional();

/** A `template` on a call, field visit or legal review is refused at its own path. */
function templateOnMessageChannel(
  a: { channel: ActionChannel; template?: string | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  if (a.template !== undefined && !messageActionChannels.includes(a.channel))
    ctx.addIssue({
      code: 'custom',
      path: ['template'],
      message: `a ${a.channel} action sends no message: only ${messageActionChannels.join(', ')} actions name a template`,
    });
}

export const actionSchema = z
  .strictObject({ channel: z.enum(actionChannels), unit: z.enum(units), waitDays, template })
  .superRefine(templateOnMessageChannel);
export type TreatmentAction = z.output<typeof actionSchema>;

const scoreName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'expected a score name');

export const strategyConditionSchema = z.strictObject({
  buckets: z.array(z.enum(buckets)).min(1).optional(),
  dpd: range.optional(),
  segments: z.array(z.enum(segments)).min(1).optional(),
  products: z.array(z.enum(products)).min(1).optional(),
  balance: moneyRange.optional(),
  riskClasses: z.array(z.enum(riskClasses)).min(1).optional(),
  ...historyConditionShape,
  scores: z
    .record(scoreName, range)
    .refine((s) => Object.keys(s).length > 0, 'name at least one score')
    .optional(),
});
export type StrategyCondition = z.output<typeof strategyConditionSchema>;

export const strategyRuleSchema = z.strictObject({
  id: ruleId,
  when: strategyConditionSchema,
  treatment: z.strictObject({
    actions: z.array(actionSchema).min(1, 'a treatment needs at least one action'),
  }),
});
export type StrategyRule = z.output<typeof strategyRuleSchema>;

const task = z.strictObject({ channel: z.enum(actionChannels), unit: z.enum(units), waitDays });

export const escalationSchema = z.discriminatedUnion('kind', [
  /** N consecutive unanswered calls -> a task (default: field visit). */
  z.strictObject({
    id: ruleId,
    kind: z.literal('unanswered_calls'),
    count: z.number().int().min(1).max(100),
    action: task,
  }),
  /** A broken promise to pay moves the treatment to its next step. */
  z.strictObject({ id: ruleId, kind: z.literal('promise_broken'), effect: z.literal('next_step') }),
  /** DPD above `dpd` -> segment (default red) and a task (default legal review). */
  z.strictObject({
    id: ruleId,
    kind: z.literal('dpd_crossing'),
    dpd: z.number().int().min(0).max(10_000),
    segment: z.enum(segments),
    action: task,
  }),
]);
export type Escalation = z.output<typeof escalationSchema>;

const daysBefore = z.number().int().min(1).max(366);

export const preDueSchema = z
  .strictObject({
    /** A pre-due action missed by the cycle is still planned this many days after its day. */
    graceDays: z.number().int().min(0).max(30),
    reminders: z.array(
      z
        .strictObject({
          daysBefore,
          channel: z.enum(actionChannels),
          unit: z.enum(units),
          template,
        })
        .superRefine(templateOnMessageChannel),
    ),
    cashFlowCheck: z
      .strictObject({
        daysBefore,
        products: z.array(z.enum(products)).min(1),
        unit: z.enum(units),
      })
      .optional(),
    faceToFace: z
      .strictObject({
        daysBefore,
        /** Loans whose outstanding balance is strictly above this (in any currency, via FX). */
        threshold: z.strictObject({ currency, minor: minorAmount }),
        unit: z.enum(units),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<number>();
    p.reminders.forEach((r, i) => {
      if (seen.has(r.daysBefore))
        ctx.addIssue({
          code: 'custom',
          path: ['reminders', i, 'daysBefore'],
          message: `two reminders ${r.daysBefore} days before`,
        });
      seen.add(r.daysBefore);
    });
  });
export type PreDue = z.output<typeof preDueSchema>;

export const strategyStatuses = ['draft', 'active', 'retired'] as const;
export type StrategyStatus = (typeof strategyStatuses)[number];

function duplicates(ids: readonly string[], ctx: z.core.$RefinementCtx, at: string): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [at, i, 'id'],
        message: `duplicate id "${id}" (also at ${first})`,
      });
    else seen.set(id, i);
  });
}

export const strategySchema = z
  .strictObject({
    id: ruleId,
    version: z.number().int().min(1),
    status: z.enum(strategyStatuses),
    name: z.string().min(1).max(200),
    rules: z.array(strategyRuleSchema).min(1),
    escalations: z.array(escalationSchema),
    preDue: preDueSchema.optional(),
  })
  .superRefine((s, ctx) => {
    duplicates(
      s.rules.map((r) => r.id),
      ctx,
      'rules',
    );
    duplicates(
      s.escalations.map((e) => e.id),
      ctx,
      'escalations',
    );
    const whens = s.rules.map((r) => r.when);
    s.rules.forEach((r, i) => {
      const j = shadowedBy(strategySpec, whens, i);
      if (j >= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i],
          message: `rule "${r.id}" is unreachable: every account it matches is matched first by rule "${s.rules[j]?.id}" (rules.${j})`,
        });
    });
  });

export type Strategy = z.output<typeof strategySchema>;
export type StrategyRef = { readonly id: string; readonly version: number };

/** Validates a strategy version; throws AppError('validation_failed') with details.path. */
export function parseStrategy(input: unknown): Strategy {
  return deepFreeze(parseWith(strategySchema, input, 'strategy'));
}

export function strategyKey(s: StrategyRef): string {
  return `${s.id}@${s.version}`;
}

export const defaultEscalations: readonly Escalation[] = deepFreeze([
  {
    id: 'unanswered_calls_field_visit',
    kind: 'unanswered_calls',
    count: 3,
    action: { channel: 'field_visit', unit: 'field', waitDays: 0 },
  },
  { id: 'promise_broken_next_step', kind: 'promise_broken', effect: 'next_step' },
  {
    id: 'dpd_over_90_legal_review',
    kind: 'dpd_crossing',
    dpd: 90,
    segment: 'red',
    action: { channel: 'legal_review', unit: 'legal', waitDays: 0 },
  },
]);

export const defaultPreDue: PreDue = deepFreeze({
  graceDays: 3,
  reminders: [
    { daysBefore: 30, channel: 'sms', unit: 'phone' },
    { daysBefore: 15, channel: 'sms', unit: 'phone' },
    { daysBefore: 7, channel: 'call', unit: 'phone' },
  ],
  cashFlowCheck: { daysBefore: 15, products: ['sme_loan'], unit: 'analysts' },
  faceToFace: {
    daysBefore: 7,
    threshold: { currency: 'CNY', minor: 350_000_000n },
    unit: 'field',
  },
});

/** The first rule matching the account, with the facts it tested; null when none matches. */
export function selectRule(
  strategy: Strategy,
  facts: AccountFacts,
): { rule: StrategyRule; reason: Reason } | null {
  for (const rule of strategy.rules)
    if (matches(strategySpec, rule.when, facts))
      return {
        rule,
        reason: {
          rule: rule.id,
          facts: testedFacts(strategySpec, rule.when, facts, ['bucket', 'dpd']),
        },
      };
  return null;
}

/** What an edit may change; identity, version and status are the versioning's business. */
export type StrategyEdits = {
  readonly name?: string;
  readonly rules?: unknown;
  readonly escalations?: unknown;
  readonly preDue?: unknown;
};

const editsSchema = z.strictObject({
  name: z.unknown().optional(),
  rules: z.unknown().optional(),
  escalations: z.unknown().optional(),
  preDue: z.unknown().optional(),
});

function applyEdits(base: Strategy, edits: StrategyEdits, version: number): Strategy {
  parseWith(editsSchema, edits, 'strategy edits');
  const next: Record<string, unknown> = {
    id: base.id,
    version,
    status: 'draft',
    name: edits.name ?? base.name,
    rules: edits.rules ?? base.rules,
    escalations: edits.escalations ?? base.escalations,
  };
  const preDue = 'preDue' in edits ? edits.preDue : base.preDue;
  if (preDue !== undefined) next.preDue = preDue;
  return parseStrategy(next);
}

/**
 * A new draft version from any version (active ones included): the base is never touched.
 * `version` defaults to base.version + 1; pass the next free number when newer drafts exist.
 */
export function reviseStrategy(
  base: Strategy,
  edits: StrategyEdits,
  version: number = base.version + 1,
): Strategy {
  if (version <= base.version)
    throw new AppError(
      'conflict',
      `a revision of ${strategyKey(base)} needs a version above ${base.version}`,
      { strategy: base.id, version, reason: 'version_not_above' },
    );
  return applyEdits(base, edits, version);
}

/** Edits a draft in place of its version number; an active or retired version is refused. */
export function amendDraft(draft: Strategy, edits: StrategyEdits): Strategy {
  if (draft.status !== 'draft')
    throw new AppError(
      'conflict',
      `strategy ${strategyKey(draft)} is ${draft.status} and immutable; revise it into a new version`,
      {
        strategy: draft.id,
        version: draft.version,
        status: draft.status,
        reason: 'strategy_immutable',
      },
    );
  return applyEdits(draft, edits, draft.version);
}

/** Activates a draft; the version it replaces (if any) is retired. Both results are new objects. */
export function activateStrategy(
  draft: Strategy,
  current: Strategy | null,
): { active: Strategy; retired: Strategy | null } {
  if (draft.status !== 'draft')
    throw new AppError(
      'conflict',
      `strategy ${strategyKey(draft)} is ${draft.status}, not a draft`,
      {
        strategy: draft.id,
        version: draft.version,
        reason: 'not_a_draft',
      },
    );
  if (current !== null) {
    if (current.id !== draft.id || current.status !== 'active')
      throw new AppError(
        'conflict',
        `strategy ${strategyKey(current)} is not the active version of ${draft.id}`,
        { strategy: current.id, version: current.version, reason: 'not_active_version' },
      );
    if (draft.version <= current.version)
      throw new AppError(
        'conflict',
        `draft ${strategyKey(draft)} is not newer than active ${strategyKey(current)}`,
        { strategy: draft.id, version: draft.version, reason: 'not_newer' },
      );
  }
  return {
    active: deepFreeze({ ...draft, status: 'active' }),
    retired: current === null ? null : deepFreeze({ ...current, status: 'retired' }),
  };
}
