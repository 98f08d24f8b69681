/**
 * The live gate for a server: concurrent attempts are decided in small batches (a few at once),
 * one transaction each, so that a commit and an evidence append are paid once per batch rather
 * than once per attempt. Within a batch every lock the attempts need (their
 * debtors and numbers) is taken first, in sorted order (the order single attempts take them
 * in too, so batches and single attempts never deadlock); then each attempt is decided in turn,
 * seeing the ones before it, and all decisions are appended to the evidence log together.
 * Every attempt keeps the guarantees of attemptContact: decision, evidence and attempt row
 * commit together, and two attempts on one debtor never both pass when only one is allowed.
 * When a batch fails (an unknown debtor, a reused idempotency key ...), each of its attempts is
 * retried alone, so one bad request only fails itself.
 */
import { appendEvidence } from '../audit/index.js';
import type { Db } from '../../shared/db/types.js';
import {
  attemptLockKeys,
  decideAttempt,
  gateAttempt,
  validateAttempt,
  type AttemptInput,
  type AttemptResult,
} from './gate-attempt.js';
import type { NumberDigester } from './gate-state.js';
import { lockKey } from './store.js';

export type ContactGate = {
  /** The gate's decision on one attempt (as attemptContact, batched with concurrent ones). */
  attempt(input: AttemptInput): Promise<AttemptResult>;
  /** Resolves once every queued attempt is decided. */
  close(): Promise<void>;
};

export type ContactGateOptions = {
  db: Db;
  cipher: NumberDigester;
  /** Attempts per transaction at most (default 32). */
  maxBatch?: number;
  /** Batches decided at once, each in its own transaction and connection (default 4). */
  parallel?: number;
  /** For the benchmark's baseline only: false skips the evidence append. */
  recordEvidence?: boolean;
};

type Pending = {
  input: AttemptInput;
  resolve: (r: AttemptResult) => void;
  reject: (e: unknown) => void;
};

export function createContactGate(o: ContactGateOptions): ContactGate {
  const { db, cipher } = o;
  const maxBatch = o.maxBatch ?? 32;
  const record = o.recordEvidence ?? true;
  const parallel = o.parallel ?? 4;
  const queue: Pending[] = [];
  const running = new Set<Promise<void>>();

  const decideBatch = (batch: Pending[]): Promise<AttemptResult[]> =>
    db.transaction(async (tx) => {
      const keys = [...new Set(batch.flatMap((p) => attemptLockKeys(p.input, cipher)))].sort();
      for (const k of keys) await lockKey(tx, k);
      const decided = [];
      for (const p of batch) decided.push(await decideAttempt(tx, p.input, cipher));
      const entries = decided.flatMap((d) => (d.entry ? [d.entry] : []));
      const appended = record && entries.length ? await appendEvidence({ db: tx, entries }) : [];
      let i = 0;
      for (const d of decided)
        if (d.entry) await d.finish(record ? (appended[i++]?.seq ?? null) : null);
      return decided.map((d) => d.result);
    });

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await decideBatch(batch);
        batch.forEach((p, i) => p.resolve(results[i] as AttemptResult));
      } catch (e) {
        if (batch.length === 1) (batch[0] as Pending).reject(e);
        else
          for (const p of batch)
            await db
              .transaction((tx) => gateAttempt(tx, p.input, cipher, record))
              .then(p.resolve, p.reject);
      }
    }
  };

  const kick = (): void => {
    while (running.size < parallel && queue.length > 0) {
      const worker: Promise<void> = drain().finally(() => {
        running.delete(worker);
        kick();
      });
      running.add(worker);
    }
  };

  return {
    attempt(input) {
      try {
        validateAttempt(input);
      } catch (e) {
        return Promise.reject(e);
      }
      return new Promise<AttemptResult>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        kick();
      });
    },
    async close() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
