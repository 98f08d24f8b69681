import {
  buildChannelAdapters,
  dispatchOutbox,
  recordDeliveryReceipt,
} from '../../modules/channels/index.js';
import { linkEvidence } from '../../modules/audit/index.js';
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
  // Receipts can arrive before the batch is recorded as sent: hold them until it is.
  const held: Array<{ providerMessageId: string; status: string; at: Date }> = [];
  const built = buildChannelAdapters(ctx.config.channels, {
    onSmsReceipt: (r) => held.push({ ...r, at: new Date() }),
  });
  try {
    const r = await dispatchOutbox({
      db: ctx.db,
      adapters: built.adapters,
      cipher: ctx.cipher,
      limit: opts.limit,
    });
    for (const r of held) await recordDeliveryReceipt({ db: ctx.db, ...r });
    // the message_sent entries of this run, chained before the process ends
    await linkEvidence({ db: ctx.db });
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
