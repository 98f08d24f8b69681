/**
 * Delivers due messages from the outbox. Each run claims up to `limit` due rows (FOR UPDATE SKIP
 * LOCKED, then a lease), so concurrent dispatchers never hold the same message; delivers each
 * through its channel's adapter with the message's idempotency key; then marks it sent (with the
 * provider's id, and a message_sent evidence entry holding the body's digest), or schedules a
 * retry with exponential backoff, or fails it after the last try. A dispatcher that dies after
 * sending leaves a lease that lapses: the message is delivered again with the same key, which the
 * provider recognises (at least once, never twice).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { appendEvidence, type EvidenceInput } from '../../audit/index.js';
import { DeliveryError, type ChannelAdapters } from '../adapter.js';
import { afterFailure, defaultRetryPolicy, type RetryPolicy } from '../domain/retry.js';
import { claimDueMessages, markFailed, markRetry, markSent, type OutboxRow } from '../store.js';

export type DispatchOutboxOptions = {
  db: Db;
  adapters: ChannelAdapters;
  cipher: PiiCipher;
  limit?: number;
  policy?: RetryPolicy;
  /** How long a claim holds before another dispatcher may take the message over. */
  leaseMs?: number;
  /** The clock (tests pass their own). */
  now?: () => Date;
  /** Deliveries in flight at once. */
  concurrency?: number;
};

export type DispatchResult = { claimed: number; sent: number; retried: number; failed: number };

/** An error text safe to store: no destination in it, bounded length. */
function safeError(e: unknown, to: string): string {
  const text = e instanceof Error ? e.message : String(e);
  return (to ? text.split(to).join('[destination]') : text).slice(0, 500);
}

function sentEvidence(row: OutboxRow, providerMessageId: string, at: Date): EvidenceInput {
  return {
    kind: 'message_sent',
    portfolioId: row.portfolio_id,
    debtorId: row.debtor_id,
    accountId: row.account_id,
    actor: 'system:outbox',
    occurredAt: at,
    payload: {
      message_id: String(row.message_id),
      attempt_id: String(row.attempt_id),
      channel: row.channel,
      template_id: row.template_id,
      template_version: row.template_version,
      idempotency_key: row.idempotency_key,
      provider_message_id: providerMessageId,
      body_sha256: createHash('sha256')
        .update(`${row.subject ?? ''}\n${row.body}`, 'utf8')
        .digest('hex'),
      tries: row.tries,
    },
  };
}

export async function dispatchOutbox(opts: DispatchOutboxOptions): Promise<DispatchResult> {
  const { db, adapters, cipher } = opts;
  const now = opts.now ?? (() => new Date());
  const policy = opts.policy ?? defaultRetryPolicy;
  const leaseMs = opts.leaseMs ?? 300_000;
  const claimedAt = now();
  const rows = await db.transaction((tx) =>
    claimDueMessages(tx, claimedAt, new Date(claimedAt.getTime() + leaseMs), opts.limit ?? 100),
  );
  const result: DispatchResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };

  type Outcome =
    | { row: OutboxRow; kind: 'sent'; providerMessageId: string; at: Date }
    | { row: OutboxRow; kind: 'retry'; error: string; nextTryAt: Date }
    | { row: OutboxRow; kind: 'fail'; error: string; at: Date };
  const outcomes: Outcome[] = [];

  const deliver = async (row: OutboxRow): Promise<void> => {
    let to = '';
    try {
      to = cipher.decrypt(row.to_sealed);
      const adapter = adapters[row.channel];
      if (!adapter) throw new DeliveryError(`no adapter configured for ${row.channel}`, false);
      const delivery = await adapter.send({
        messageId: row.idempotency_key,
        channel: row.channel,
        locale: row.locale,
        to,
        subject: row.subject,
        body: row.body,
      });
      outcomes.push({
        row,
        kind: 'sent',
        providerMessageId: delivery.providerMessageId,
        at: now(),
      });
    } catch (e) {
      const permanent = e instanceof DeliveryError && e.permanent;
      const decision = afterFailure(row.tries, permanent, policy);
      const at = now();
      const error = safeError(e, to);
      outcomes.push(
        decision.kind === 'retry'
          ? { row, kind: 'retry', error, nextTryAt: new Date(at.getTime() + decision.delayMs) }
          : { row, kind: 'fail', error, at },
      );
    }
  };

  const concurrency = Math.max(1, opts.concurrency ?? 8);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      while (next < rows.length) await deliver(rows[next++]!);
    }),
  );

  // One transaction records the whole batch: sent (with evidence), retried or failed. Should it
  // fail, the leases lapse and the batch is delivered again under the same idempotency keys.
  if (outcomes.length > 0)
    await db.transaction(async (tx) => {
      const evidence: EvidenceInput[] = [];
      for (const o of outcomes) {
        const ids = { portfolioId: o.row.portfolio_id, messageId: o.row.message_id };
        if (o.kind === 'sent') {
          if (!(await markSent(tx, { ...ids, providerMessageId: o.providerMessageId, at: o.at })))
            continue;
          evidence.push(sentEvidence(o.row, o.providerMessageId, o.at));
        } else if (o.kind === 'retry')
          await markRetry(tx, { ...ids, error: o.error, nextTryAt: o.nextTryAt });
        else await markFailed(tx, { ...ids, error: o.error, at: o.at });
      }
      await appendEvidence({ db: tx, entries: evidence });
    });
  for (const o of outcomes)
    if (o.kind === 'sent') result.sent++;
    else if (o.kind === 'retry') result.retried++;
    else result.failed++;
  return result;
}
