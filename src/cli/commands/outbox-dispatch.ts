import {
  buildChannelAdapters,
  dispatchOutbox,
  recordDeliveryReceipt,
} from '../../modules/channels/index.js';
import { openContext } from '../../shared/context.js';
import type { Io } from '../output.js';

/**
 * `recourse outbox dispatch`: delivers due messages once through the configured channel adapters
 * (retries are scheduled with backoff; a channel without settings leaves its messages waiting).
 */
export async function outboxDispatchCommand(
  opts: { limit: number; json: boolean },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  const receipts: Array<Promise<boolean>> = [];
  const built = buildChannelAdapters(ctx.config.channels, {
    onSmsReceipt: (r) =>
      receipts.push(recordDeliveryReceipt({ db: ctx.db, ...r, at: new Date() }).catch(() => false)),
  });
  try {
    const r = await dispatchOutbox({
      db: ctx.db,
      adapters: built.adapters,
      cipher: ctx.cipher,
      limit: opts.limit,
    });
    await Promise.all(receipts);
    if (opts.json) io.out(JSON.stringify(r) + '\n');
    else
      io.out(
        `Outbox: ${r.claimed} due, ${r.sent} sent, ${r.retried} to retry, ${r.failed} failed.\n`,
      );
    return 0;
  } finally {
    await built.close();
    await ctx.close();
  }
}
