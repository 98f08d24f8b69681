import { applyRetention, type RetentionRun } from '../../modules/privacy/index.js';
import { openContext } from '../../shared/context.js';
import { cliActor } from '../cli-actor.js';
import type { Io } from '../output.js';

/**
 * `recourse privacy retention --as-of D [--dry-run] [--portfolio P] [--json]`: anonymises the
 * debtors past their portfolio's retention period (a dry run lists them, and who is held and why,
 * writing nothing). Progress on stderr on a terminal.
 */
export async function privacyRetentionCommand(
  opts: { asOf: string; dryRun: boolean; portfolio?: string | undefined; json: boolean },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    const run = await applyRetention({
      db: ctx.db,
      asOf: opts.asOf,
      dryRun: opts.dryRun,
      portfolio: opts.portfolio,
      actor: cliActor(),
      onProgress: io.isTty
        ? (p) =>
            io.err(
              `\r${p.portfolio}: ${p.considered} looked at, ${p.anonymised} anonymised, ` +
                `${p.held} held`,
            )
        : undefined,
    });
    if (io.isTty && run.counts.considered > 0) io.err('\n');
    io.out(opts.json ? JSON.stringify(run) + '\n' : retentionText(run));
    return 0;
  } finally {
    await ctx.close();
  }
}

function retentionText(run: RetentionRun): string {
  const c = run.counts;
  const lines = [
    `Retention as of ${run.as_of}${run.dry_run ? ' (dry run: nothing written)' : ''}: ` +
      `${run.dry_run ? `${c.eligible} would be anonymised` : `${c.anonymised} anonymised`}, ` +
      `${c.held} held, ${c.retained} within their retention period, ${c.open} with an open ` +
      `account, ${c.already_anonymised} anonymised before.`,
    ...run.portfolios.map(
      (p) => `  ${p.portfolio}: retention ${p.retention_months} months after the last closure`,
    ),
    ...run.debtors.map(
      (d) =>
        `  ${d.portfolio} ${d.debtor_id}: ${d.status === 'eligible' ? 'would be anonymised' : d.status}` +
        ` (closed since ${d.closed_since}, retained until ${d.retained_until})` +
        (d.holds.length ? `: ${d.holds.map((h) => h.reason).join('; ')}` : ''),
    ),
  ];
  return lines.join('\n') + '\n';
}
