/** SQL for retention over the outbox: the messages' destinations and texts. */
import type { Queryable } from '../../shared/db/types.js';

export const erasedMessageError = 'erased under the retention rules';

/**
 * Erases the debtors' messages' destinations (sealed), subjects, bodies (their SHA-256 stays in
 * the evidence log's message_sent entries) and delivery errors; channel, template and version,
 * status and instants stay. A message not yet delivered is failed: there is no one to send it to.
 */
export async function eraseMessageRows(
  db: Queryable,
  portfolioId: bigint,
  debtorIds: readonly string[],
): Promise<number> {
  return db.execute(
    `UPDATE message_outbox SET to_sealed = '\\x'::bytea, subject = NULL, body = '',
       last_error = CASE WHEN status IN ('pending', 'sending') THEN $3 END,
       failed_at = CASE WHEN status IN ('pending', 'sending') THEN now() ELSE failed_at END,
       status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
       lease_until = NULL
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[])
       AND (length(to_sealed) > 0 OR body <> '' OR subject IS NOT NULL OR last_error IS NOT NULL)`,
    [portfolioId, debtorIds, erasedMessageError],
  );
}
