import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { tallyGateDecisionRows } from '../evidence-read-sql.js';

export type TallyGateDecisionsOptions = {
  db: Queryable;
  /** Debtor-local days, inclusive. */
  from: CalendarDate;
  to: CalendarDate;
  portfolioId?: bigint | undefined;
};

export type GateDecisionTally = {
  days: { day: CalendarDate; decisions: number; blocked: number }[];
  /** Blocked attempts per day and rule, with the rule's source. */
  rules: { day: CalendarDate; code: string; source: string; blocked: number }[];
};

/** The compliance gate's decisions recorded in the evidence log, counted set-based in SQL. */
export async function tallyGateDecisions(
  opts: TallyGateDecisionsOptions,
): Promise<GateDecisionTally> {
  const rows = await tallyGateDecisionRows(opts.db, {
    from: opts.from,
    to: opts.to,
    portfolioId: opts.portfolioId ?? null,
  });
  const tally: GateDecisionTally = { days: [], rules: [] };
  for (const r of rows)
    if (r.code === null)
      tally.days.push({ day: r.day, decisions: r.decisions, blocked: r.blocked });
    else tally.rules.push({ day: r.day, code: r.code, source: r.source ?? '', blocked: r.blocked });
  return tally;
}
