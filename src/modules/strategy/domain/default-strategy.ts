/**
 * The default strategy (id `default`), active from the start: every delinquent bucket has a
 * treatment (early: SMS then calls by phone; M2-M3: calls and a letter; M4+: field visit, then
 * legal review), the default escalations (3 unanswered calls -> field visit, broken promise ->
 * next step, DPD over 90 -> red and legal review) and the default pre-due intervention (30/15/7
 * day reminders, cash-flow check for SME loans 15 days before, face-to-face 7 days before above
 * 3,500,000 CNY). Version 2 (migration 0021, active) names the message template family of every
 * message it sends, so the debtor gets the approved text in their language; version 1 (migration
 * 0005, retired) named none. Each migration stores exactly its version (a test checks it).
 */
import { defaultEscalations, defaultPreDue, parseStrategy, type Strategy } from './strategy.js';

export const defaultStrategyId = 'default';

/** The template families version 2 names (the demo library has each in zh-CN and en). */
export const defaultStrategyFamilies = {
  preDueReminder: 'pre-due-reminder-sms',
  overdueReminder: 'overdue-reminder-sms',
  overdueNotice: 'overdue-notice-letter',
} as const;

/** The default strategy as written: version 2 (the active one) or version 1 (no templates). */
export function defaultStrategyInput(version: 1 | 2 = 2): Record<string, unknown> {
  const named = (family: string) => (version === 1 ? {} : { template: family });
  const f = defaultStrategyFamilies;
  return {
    id: defaultStrategyId,
    version,
    status: 'active',
    name: 'Default collections',
    rules: [
      {
        id: 'early.m1',
        when: { buckets: ['M1'] },
        treatment: {
          actions: [
            { channel: 'sms', unit: 'phone', waitDays: 0, ...named(f.overdueReminder) },
            { channel: 'call', unit: 'phone', waitDays: 2 },
            { channel: 'call', unit: 'phone', waitDays: 5 },
          ],
        },
      },
      {
        id: 'mid.m2_m3',
        when: { buckets: ['M2', 'M3'] },
        treatment: {
          actions: [
            { channel: 'call', unit: 'phone', waitDays: 0 },
            { channel: 'letter', unit: 'phone', waitDays: 3, ...named(f.overdueNotice) },
            { channel: 'call', unit: 'phone', waitDays: 7 },
          ],
        },
      },
      {
        id: 'late.m4_plus',
        when: { buckets: ['M4', 'M5', 'M6', 'M7+'] },
        treatment: {
          actions: [
            { channel: 'field_visit', unit: 'field', waitDays: 0 },
            { channel: 'legal_review', unit: 'legal', waitDays: 7 },
          ],
        },
      },
    ],
    escalations: defaultEscalations,
    preDue: {
      ...defaultPreDue,
      reminders: defaultPreDue.reminders.map((r) =>
        r.channel === 'sms' ? { ...r, ...named(f.preDueReminder) } : r,
      ),
    },
  };
}

export function defaultStrategy(version: 1 | 2 = 2): Strategy {
  return parseStrategy(defaultStrategyInput(version));
}

/** What a version stores as its definition: the strategy less its identity and status, money
 * as decimal strings of minor units (JSON has no bigint). */
export function definitionOf(s: Strategy): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...s };
  delete rest.id;
  delete rest.version;
  delete rest.status;
  return JSON.parse(
    JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Record<string, unknown>;
}

/** The strategy JSON (money as strings) of a version: its definition with identity and status. */
export function strategyJson(s: Strategy): Record<string, unknown> {
  return { id: s.id, version: s.version, status: s.status, ...definitionOf(s) };
}
