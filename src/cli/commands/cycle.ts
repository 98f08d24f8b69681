import { openContext } from '../../shared/context.js';
import { runDailyCycle } from '../../modules/cycle/index.js';
import type { Io } from '../output.js';

/** `recourse cycle --as-of D`: ages every account as of D. */
export async function cycleCommand(opts: { asOf: string; json: boolean }, io: Io): Promise<number> {
  const ctx = await openContext();
  try {
    const s = await runDailyCycle({ db: ctx.db, asOf: opts.asOf });
    if (opts.json) {
      io.out(JSON.stringify(s) + '\n');
      return 0;
    }
    io.out(
      `Cycle ${s.as_of}: ${s.accounts_aged} accounts aged, ${s.accounts_changed} changed, ` +
        `${s.bucket_changes} bucket changes${s.month_end_snapshot ? ', month-end snapshot written' : ''}.\n`,
    );
    io.out(
      `  by bucket:     ${Object.entries(s.by_bucket)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}\n`,
    );
    io.out(
      `  by risk class: ${Object.entries(s.by_risk_class)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}\n`,
    );
    io.out(`  pre-due ${s.pre_due}, non-performing ${s.non_performing}\n`);
    io.out(
      `  actions planned ${s.actions_planned} (${Object.entries(s.actions_by_unit)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), escalations ${s.escalations}, ` +
        `promises kept ${s.promises_kept}, broken ${s.promises_broken}\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
