/**
 * A portfolio's configuration of a rule pack. It may only tighten the pack (narrower hours, lower
 * caps, longer quiet periods, more rules, more channels under templates); anything that would
 * loosen a pack below the law it encodes is refused with a validation error naming the setting.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { parseClockTime } from './local-time.js';
import type { ComplianceRefusal } from './refusals.js';
import { rulePacks, type PackRules, type RulePack } from './rule-packs.js';
import { channels, isPackId, packIds, type PackId } from './vocabulary.js';

const clock = z.string().refine((t) => parseClockTime(t) !== null, 'expected HH:MM');
const count = z.number().int().min(0);
const days = z.number().int().min(1).max(366);

export const flagRuleKeys = [
  'anonymous',
  'ceaseContact',
  'represented',
  'dispute',
  'arrangementActive',
  'deceased',
] as const;
export type FlagRuleKey = (typeof flagRuleKeys)[number];

export const packConfigSchema = z.strictObject({
  hours: z
    .strictObject({
      start: clock.optional(),
      end: clock.optional(),
      consentOverrides: z.boolean().optional(),
    })
    .optional(),
  answeredCallsPerDebtorDay: z.strictObject({ max: count }).optional(),
  unansweredCallsPerNumberDay: z.strictObject({ max: count }).optional(),
  callsPerAccountWindow: z.strictObject({ max: count, days: days.optional() }).optional(),
  postConversation: z.strictObject({ days }).optional(),
  /** Channels that need an approved template, in addition to the pack's. */
  templateChannels: z.array(z.enum(channels)).optional(),
  /** Rules to add when the pack lacks them. */
  addRules: z.array(z.enum(flagRuleKeys)).optional(),
});
export type PackConfig = z.infer<typeof packConfigSchema>;

const configured = 'Portfolio configuration (tightens the pack)';

/** What a configuration asked for against the pack's (the law's) limit, when it is a value. */
type Bound = { value: number | string; limit: number | string };

function loosens(
  pack: RulePack,
  setting: string,
  detail: string,
  source: string,
  bound: Bound | null,
): AppError {
  return new AppError(
    'validation_failed',
    `configuration loosens rule pack ${pack.id} ${pack.version}: ${setting} ${detail} (${source}); ` +
      'a configuration may only tighten a pack',
    {
      pack: pack.id,
      setting,
      reason: 'loosens_law' satisfies ComplianceRefusal,
      version: pack.version,
      source,
      ...(bound ?? {}),
    },
  );
}

function cap<R extends { readonly max: number; readonly source: string }>(
  pack: RulePack,
  setting: string,
  base: R | undefined,
  max: number,
  fresh: Omit<R, 'max' | 'source'>,
): R {
  if (base && max > base.max)
    throw loosens(pack, `${setting}.max`, `${max} is above the pack's ${base.max}`, base.source, {
      value: max,
      limit: base.max,
    });
  return { ...(base ?? fresh), max, source: base?.source ?? configured } as R;
}

/** The pack with a configuration applied; throws AppError('validation_failed') on any loosening. */
export function tightenPack(pack: RulePack, input: unknown): RulePack {
  const parsed = packConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(configuration)';
    throw new AppError(
      'validation_failed',
      `invalid rule pack configuration: ${where}: ${issue?.message}`,
      {
        issues: parsed.error.issues,
        setting: where,
        reason: 'invalid_pack_config' satisfies ComplianceRefusal,
      },
    );
  }
  const c = parsed.data;
  const base = pack.rules;
  const rules: { -readonly [K in keyof PackRules]: PackRules[K] } = { ...base };

  if (c.hours) {
    const start = c.hours.start ?? base.hours.start;
    const end = c.hours.end ?? base.hours.end;
    const s = parseClockTime(start) as number;
    const e = parseClockTime(end) as number;
    if (s < (parseClockTime(base.hours.start) as number))
      throw loosens(
        pack,
        'hours.start',
        `${start} is earlier than ${base.hours.start}`,
        base.hours.source,
        { value: start, limit: base.hours.start },
      );
    if (e > (parseClockTime(base.hours.end) as number))
      throw loosens(
        pack,
        'hours.end',
        `${end} is later than ${base.hours.end}`,
        base.hours.source,
        {
          value: end,
          limit: base.hours.end,
        },
      );
    if (s >= e)
      throw new AppError(
        'validation_failed',
        `invalid rule pack configuration: hours.start ${start} is not before hours.end ${end}`,
        {
          setting: 'hours',
          start,
          end,
          reason: 'hours_out_of_order' satisfies ComplianceRefusal,
        },
      );
    const consentOverrides = c.hours.consentOverrides ?? base.hours.consentOverrides;
    if (consentOverrides && !base.hours.consentOverrides)
      throw loosens(
        pack,
        'hours.consentOverrides',
        'lets consent lift hours the pack keeps',
        base.hours.source,
        null,
      );
    rules.hours = { ...base.hours, start, end, consentOverrides };
  }
  if (c.answeredCallsPerDebtorDay)
    rules.answeredCallsPerDebtorDay = cap(
      pack,
      'answeredCallsPerDebtorDay',
      base.answeredCallsPerDebtorDay,
      c.answeredCallsPerDebtorDay.max,
      { code: 'frequency' },
    );
  if (c.unansweredCallsPerNumberDay)
    rules.unansweredCallsPerNumberDay = cap(
      pack,
      'unansweredCallsPerNumberDay',
      base.unansweredCallsPerNumberDay,
      c.unansweredCallsPerNumberDay.max,
      { code: 'frequency' },
    );
  if (c.callsPerAccountWindow) {
    const b = base.callsPerAccountWindow;
    const windowDays = c.callsPerAccountWindow.days ?? b?.days ?? 7;
    if (b && windowDays < b.days)
      throw loosens(
        pack,
        'callsPerAccountWindow.days',
        `${windowDays} is shorter than the pack's ${b.days}`,
        b.source,
        { value: windowDays, limit: b.days },
      );
    rules.callsPerAccountWindow = {
      ...cap(pack, 'callsPerAccountWindow', b, c.callsPerAccountWindow.max, {
        code: 'frequency',
        days: windowDays,
      }),
      days: windowDays,
    };
  }
  if (c.postConversation) {
    const b = base.postConversation;
    if (b && c.postConversation.days < b.days)
      throw loosens(
        pack,
        'postConversation.days',
        `${c.postConversation.days} is shorter than the pack's ${b.days}`,
        b.source,
        { value: c.postConversation.days, limit: b.days },
      );
    rules.postConversation = {
      ...(b ?? { code: 'post_conversation', source: configured }),
      days: c.postConversation.days,
    };
  }
  if (c.templateChannels) {
    const merged = channels.filter(
      (ch) => base.template.channels.includes(ch) || c.templateChannels?.includes(ch),
    );
    rules.template = { ...base.template, channels: merged };
  }
  for (const key of c.addRules ?? []) {
    if (rules[key]) continue;
    const code = flagRuleCode[key];
    (rules as Record<FlagRuleKey, unknown>)[key] = { code, source: configured };
  }
  return { ...pack, rules, tightenedBy: c };
}

const flagRuleCode = {
  anonymous: 'anonymous',
  ceaseContact: 'cease_contact',
  represented: 'represented',
  dispute: 'dispute',
  arrangementActive: 'arrangement_active',
  deceased: 'deceased',
} as const satisfies Record<FlagRuleKey, string>;

/** A pack by id, optionally tightened by a portfolio configuration. */
export function resolvePack(id: string, config?: unknown): RulePack {
  if (!isPackId(id))
    throw new AppError(
      'validation_failed',
      `unknown rule pack "${id}" (known: ${packIds.join(', ')})`,
      { pack: id, known: [...packIds], reason: 'unknown_pack' satisfies ComplianceRefusal },
    );
  const pack = rulePacks[id as PackId];
  return config === undefined ? pack : tightenPack(pack, config);
}
