import fs from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import { openContext } from '../../shared/context.js';
import {
  briefingCsv,
  briefingJson,
  briefingPdf,
  exportBriefing,
  type Briefing,
  type BriefingFormat,
} from '../../modules/analytics/index.js';
import { kpisByUnit } from '../../modules/queues/index.js';
import { cliActor } from '../cli-actor.js';
import type { Io } from '../output.js';

export type { BriefingFormat };

const pct = (bps: number) => `${(bps / 100).toFixed(2)}%`;

function text(b: Briefing): string {
  const money = (a: Briefing['new_delinquencies']['overdue']) =>
    a.map((x) => `${x.minor} ${x.currency} (minor units)`).join(', ') || '-';
  const counts = (c: readonly { key: string; count: number }[]) =>
    c.map((x) => `${x.key} ${x.count}`).join(', ') || '-';
  return [
    `War-room briefing ${b.as_of} (${b.portfolio ?? 'all portfolios'})`,
    `  segments:            ${b.segments.by_segment.map((s) => `${s.segment} ${s.debtors} (${pct(s.share_bps)})`).join(', ')}`,
    `  new delinquencies:   ${b.new_delinquencies.accounts} accounts, overdue ${money(b.new_delinquencies.overdue)}`,
    `  yesterday (${b.yesterday.date}): actions done ${counts(b.yesterday.actions_done)}; ${b.yesterday.attempts} attempts: ${counts(b.yesterday.outcomes)}`,
    `  promises due today:  ${b.promises_due_today.count}, ${money(b.promises_due_today.amount)}`,
    `  broken promises:     ${b.broken_promises.count}, ${money(b.broken_promises.amount)}`,
    `  escalations:         ${b.escalations.count}: ${counts(b.escalations.by_rule)}`,
    `  actions planned:     ${b.actions_planned.count}: ${counts(b.actions_planned.by_unit)}`,
    `  largest red balances: ${b.top_red_accounts.length} listed (use --format json or csv for the lines)`,
    '',
  ].join('\n');
}

/**
 * `recourse briefing [--as-of D] [--format text|json|csv|pdf] [--out FILE]`, recorded in the
 * administration trail as exported by the user running the command.
 */
export async function briefingCommand(
  opts: { asOf?: string; format: BriefingFormat; portfolio?: string; out?: string },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    const b = await exportBriefing({
      db: ctx.db,
      format: opts.format,
      via: 'cli',
      audit: { actor: cliActor(), at: new Date() },
      asOf: opts.asOf,
      portfolio: opts.portfolio,
      timeZone: ctx.config.timeZone,
      kpisByUnit,
    });
    let body: string | Buffer;
    if (opts.format === 'json') body = JSON.stringify(briefingJson(b), null, 2) + '\n';
    else if (opts.format === 'csv') body = briefingCsv(b);
    else if (opts.format === 'pdf') body = await briefingPdf(b);
    else body = text(b);
    if (opts.out !== undefined) {
      await fs.writeFile(opts.out, body);
      io.err(`briefing ${b.as_of} written to ${opts.out}\n`);
    } else if (typeof body === 'string') io.out(body);
    else {
      if (io.stdoutIsTty || !io.outBytes)
        throw new AppError(
          'validation_failed',
          'a PDF is not printed on a terminal: add --out FILE or redirect stdout to a file',
        );
      io.outBytes(body);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}
