import { openContext } from '../../shared/context.js';
import { accountJson, listAccounts, type AccountJson } from '../../modules/portfolio/index.js';
import type { Io } from '../output.js';

export type AccountsListOptions = { json: boolean; portfolio?: string | undefined };

const pageSize = 1000;

/** What `accounts list` prints of each account. */
function listed(a: AccountJson) {
  return {
    account_id: a.account_id,
    portfolio: a.portfolio,
    dpd: a.dpd,
    bucket: a.bucket,
    risk_class: a.risk_class,
    pre_due: a.pre_due,
    currency: a.currency,
    overdue_amount: a.overdue_amount,
  };
}

/**
 * `recourse accounts list`: every account, page by page so that memory stays bounded; with
 * --json a JSON array, else a table.
 */
export async function accountsListCommand(o: AccountsListOptions, io: Io): Promise<number> {
  const ctx = await openContext();
  try {
    let cursor: string | undefined;
    let first = true;
    if (o.json) io.out('[');
    else
      io.out(
        [
          'account_id',
          'portfolio',
          'dpd',
          'bucket',
          'risk_class',
          'pre_due',
          'currency',
          'overdue_amount',
        ].join('\t') + '\n',
      );
    do {
      const page = await listAccounts({
        db: ctx.db,
        portfolio: o.portfolio,
        limit: pageSize,
        cursor,
      });
      let text = '';
      for (const row of page.items) {
        const a = listed(accountJson(row));
        if (o.json) {
          text += (first ? '\n' : ',\n') + JSON.stringify(a);
          first = false;
        } else
          text +=
            Object.values(a)
              .map((v) => (v === null ? '' : String(v)))
              .join('\t') + '\n';
      }
      io.out(text);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    if (o.json) io.out(first ? ']\n' : '\n]\n');
    return 0;
  } finally {
    await ctx.close();
  }
}
