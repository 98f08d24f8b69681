/**
 * The linker: chains the committed evidence entries after the chain head, in seq order (their
 * prev_hash and entry_hash, the head's hash and Merkle frontier), and records as voids the seqs
 * that no entry will ever hold. Appends take no lock; only linkers take the chain head, so this
 * runs off the contact path: the server every second, every audit command first.
 *
 * A seq with no visible entry is either held by a transaction still running or lost (rolled
 * back, or skipped by the sequence after a crash). A transaction takes its id before its seq, so
 * once every transaction running after the last seq was read has ended, each seq up to it is
 * settled: visible now, or never. The linker waits up to `settleMs` for that; past it, it links up
 * to the first unsettled seq and leaves the rest to the next run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../../shared/db/types.js';
import { decodeFrontier, encodeFrontier } from '../domain/merkle-frontier.js';
import { linkChain } from '../domain/link-chain.js';
import { contentOf } from '../evidence-content.js';
import {
  insertVoids,
  lastTakenSeq,
  linkEntries,
  lockChainHead,
  moveChainHead,
  runningTransactions,
  stillRunning,
  unlinkedEntries,
} from '../store.js';

export type LinkEvidenceOptions = {
  db: Db;
  /** How long to wait for running transactions to end before deciding voids (default 2000). */
  settleMs?: number;
  /** Entries chained per transaction (default 5000). */
  batchSize?: number;
};

export type LinkedEvidence = {
  /** Entries chained now. */
  linked: number;
  /** Seqs recorded as voids now. */
  voids: number;
  /** The chain head after the run. */
  lastSeq: bigint;
};

/** The last seq every seq up to which is settled, or null when running transactions outlast the wait. */
async function settledSeq(db: Db, settleMs: number): Promise<bigint | null> {
  const last = await lastTakenSeq(db);
  let running = await runningTransactions(db);
  const deadline = Date.now() + settleMs;
  for (;;) {
    running = await stillRunning(db, running);
    if (running.length === 0) return last;
    if (Date.now() >= deadline) return null;
    await sleep(Math.min(20, Math.max(1, deadline - Date.now())));
  }
}

export async function linkEvidence(opts: LinkEvidenceOptions): Promise<LinkedEvidence> {
  const { db } = opts;
  const batchSize = opts.batchSize ?? 5000;
  const settled = await settledSeq(db, opts.settleMs ?? 2000);
  const total: LinkedEvidence = { linked: 0, voids: 0, lastSeq: 0n };
  for (;;) {
    const step = await db.transaction(async (tx) => {
      const head = await lockChainHead(tx);
      const rows = await unlinkedEntries(tx, head.last_seq, batchSize);
      const complete = rows.length < batchSize;
      const r = linkChain(
        {
          lastSeq: head.last_seq,
          lastHash: head.last_hash,
          frontier: decodeFrontier(Number(head.last_seq), head.frontier),
        },
        rows.map((row) => contentOf(row)),
        settled,
        complete,
      );
      if (r.head.lastSeq !== head.last_seq) {
        await linkEntries(tx, r.links);
        await insertVoids(
          tx,
          r.voids.map((v) => ({ ...v, recorded_at: head.now })),
        );
        await moveChainHead(tx, {
          lastSeq: r.head.lastSeq,
          lastHash: r.head.lastHash,
          frontier: encodeFrontier(r.head.frontier),
        });
      }
      return { ...r, more: !complete && r.links.length === rows.length };
    });
    total.linked += step.links.length;
    total.voids += step.voids.length;
    total.lastSeq = step.head.lastSeq;
    if (!step.more) return total;
  }
}
