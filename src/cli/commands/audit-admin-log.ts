import {
  linkEvidence,
  listAdministration,
  type AdministrationEntry,
} from '../../modules/audit/index.js';
import { openContext } from '../../shared/context.js';
import type { Io } from '../output.js';

export type AdminLogOptions = {
  from?: string;
  to?: string;
  kind?: string;
  actor?: string;
  format: 'text' | 'json';
};

/** What an entry concerns, when it concerns a portfolio (and a debtor, an account). */
function subject(e: AdministrationEntry): string {
  if (e.portfolio_id === null) return '-';
  return [e.portfolio_id, e.debtor_id, e.account_id].filter((x) => x !== null).join('/');
}

function line(e: AdministrationEntry): string {
  return [
    String(e.seq).padStart(6),
    e.occurred_at,
    e.kind.padEnd(30),
    e.actor.padEnd(24),
    subject(e),
    e.verification,
    JSON.stringify(e.payload),
  ].join('  ');
}

/**
 * `recourse audit admin-log [--from D] [--to D] [--kind K] [--actor A] [--format text|json]`:
 * the administration trail (sign-ins, user, token, strategy, rule-pack and template changes,
 * exports and personal-data reveals), newest first, days in the bank's zone. Every committed
 * entry is linked first, so each shows what its hash and chain link say.
 */
export async function auditAdminLogCommand(opts: AdminLogOptions, io: Io): Promise<number> {
  const ctx = await openContext();
  try {
    await linkEvidence({ db: ctx.db });
    const entries: AdministrationEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAdministration({
        db: ctx.db,
        from: opts.from,
        to: opts.to,
        kind: opts.kind,
        actor: opts.actor,
        timeZone: ctx.config.timeZone,
        cursor,
        limit: 1000,
      });
      entries.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    if (opts.format === 'json') io.out(JSON.stringify(entries, null, 2) + '\n');
    else {
      io.out(
        entries.length === 0 ? 'No administration entries.\n' : entries.map(line).join('\n') + '\n',
      );
    }
    return 0;
  } finally {
    await ctx.close();
  }
}
