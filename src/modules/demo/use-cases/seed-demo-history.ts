/**
 * The demo's past months, so that the war room's trends (roll rates between month-end snapshots,
 * recovery against the overdue amount at the month end before) have history on the first start:
 * the real daily cycle at each past month end, oldest first, and between them real payments by a
 * share of the accounts then delinquent (some in full, curing at the next month end; some half).
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { runDailyCycle } from '../../cycle/index.js';
import { postPayments, type PaymentToPost } from '../../payments/index.js';
import { listAccounts } from '../../portfolio/index.js';
import { historyPayment, pastMonthEnds, paymentDay, random } from '../domain/history.js';

export type SeedDemoHistoryOptions = {
  db: Db;
  /** the first day the demo works: the history ends before it */
  before: CalendarDate;
  months?: number;
  seed?: number;
};

export type DemoHistorySummary = { month_ends: CalendarDate[]; payments: number };

/** The accounts delinquent now (after a cycle), a page at a time. */
async function* delinquentAccounts(db: Db) {
  let cursor: string | undefined;
  do {
    const page = await listAccounts({ db, dpdMin: 1, limit: 1000, cursor });
    yield* page.items;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
}

export async function seedDemoHistory(o: SeedDemoHistoryOptions): Promise<DemoHistorySummary> {
  const rand = random(o.seed ?? 20_260_531);
  const monthEnds = pastMonthEnds(o.before, o.months ?? 6);
  let payments = 0;
  for (const monthEnd of monthEnds) {
    // no planning: work planned on a past date would sit in today's queues as overdue
    await runDailyCycle({ db: o.db, asOf: monthEnd, plan: false });
    const day = paymentDay(monthEnd, o.before);
    if (day === null) continue;
    const due: PaymentToPost[] = [];
    for await (const a of delinquentAccounts(o.db)) {
      const amountMinor = historyPayment(rand(), a.overdue_amount_minor);
      if (amountMinor > 0n)
        due.push({
          portfolioId: a.portfolio_id,
          accountId: a.account_id,
          amountMinor,
          currency: a.currency,
          paidOn: day,
          reference: `DEMO-HIST-${a.portfolio_id}-${a.account_id}-${day}`,
          channel: 'bank_transfer',
        });
    }
    await o.db.transaction((tx) => postPayments({ tx, payments: due, source: 'api' }));
    payments += due.length;
  }
  return { month_ends: monthEnds, payments };
}
