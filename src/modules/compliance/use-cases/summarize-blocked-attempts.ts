import { daysBetween, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { tallyGateDecisions, type TallyGateDecisionsOptions } from '../../audit/index.js';
import { ruleCodes } from '../domain/vocabulary.js';

/** Debtor-local days from..to, inclusive, at most 366 of them; optionally one portfolio. */
export type SummarizeBlockedAttemptsOptions = TallyGateDecisionsOptions;

export type BlockedAttemptsSummary = {
  from: CalendarDate;
  to: CalendarDate;
  decisions: number;
  blocked: number;
  /** Blocked attempts naming each rule, in the gate's order of rules. */
  by_rule: { code: string; source: string; blocked: number }[];
  by_day: {
    day: CalendarDate;
    decisions: number;
    blocked: number;
    by_rule: Record<string, number>;
  }[];
};

const order = (code: string) => {
  const i = (ruleCodes as readonly string[]).indexOf(code);
  return i < 0 ? ruleCodes.length : i;
};

/**
 * The gate's decisions over a range of days from the evidence log (a blocked attempt exists only
 * there): how many were blocked, by which rules, day by day.
 */
export async function summarizeBlockedAttempts(
  opts: SummarizeBlockedAttemptsOptions,
): Promise<BlockedAttemptsSummary> {
  const { from, to } = opts;
  const span = daysBetween(from, to);
  if (span < 0) throw new AppError('validation_failed', 'from is after to', { field: 'from' });
  if (span > 365)
    throw new AppError('validation_failed', 'at most 366 days at a time', { field: 'to' });
  const t = await tallyGateDecisions(opts);
  const rules = new Map<string, { code: string; source: string; blocked: number }>();
  const perDay = new Map<string, Record<string, number>>();
  for (const r of t.rules) {
    const rule = rules.get(r.code) ?? { code: r.code, source: r.source, blocked: 0 };
    rule.blocked += r.blocked;
    rules.set(r.code, rule);
    const day = perDay.get(r.day) ?? {};
    day[r.code] = r.blocked;
    perDay.set(r.day, day);
  }
  return {
    from,
    to,
    decisions: t.days.reduce((s, d) => s + d.decisions, 0),
    blocked: t.days.reduce((s, d) => s + d.blocked, 0),
    by_rule: [...rules.values()].sort((a, b) => order(a.code) - order(b.code)),
    by_day: t.days.map((d) => ({ ...d, by_rule: perDay.get(d.day) ?? {} })),
  };
}
