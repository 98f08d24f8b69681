/** Records a provider's delivery receipt (e.g. an SMPP deliver_sm) on the message it names. */
import type { Db } from '../../../shared/db/types.js';
import { recordReceipt } from '../store.js';

export type RecordDeliveryReceiptOptions = {
  db: Db;
  providerMessageId: string;
  /** The provider's final state, e.g. DELIVRD, UNDELIV, EXPIRED. */
  status: string;
  at: Date;
};

/**
 * Returns whether a sent message matched the provider id. A receipt can arrive before the
 * dispatcher has recorded the send (an SMSC reports delivery at once): apply the receipts that
 * arrive during a dispatch after it returns, as `recourse outbox dispatch` does.
 */
export async function recordDeliveryReceipt(opts: RecordDeliveryReceiptOptions): Promise<boolean> {
  const status = opts.status.slice(0, 40) || 'unknown';
  const matched = await opts.db.transaction((tx) =>
    recordReceipt(tx, { providerMessageId: opts.providerMessageId, status, at: opts.at }),
  );
  return matched > 0;
}
