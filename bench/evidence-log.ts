/**
 * The evidence log's figures, as JSON: append rate (single appends in their own transaction and
 * batches in one), verify rate, checkpoint time, and the inclusion proof time in a 1M-entry tree
 * held in memory. On embedded PGlite by default; DATABASE_URL=postgres://... for PostgreSQL.
 *   npx tsx bench/evidence-log.ts [entries=20000]
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { appendEvidence, createCheckpoint, verifyEvidence } from '../src/modules/audit/index.js';
import { hashSize } from '../src/modules/audit/domain/merkle-hash.js';
import { buildMerkleTree, inclusionProof } from '../src/modules/audit/domain/merkle-tree.js';
import { sampleEntry } from '../src/modules/audit/testing.js';
import { migrate } from '../src/shared/db/migrate.js';
import { openPglite } from '../src/shared/db/pglite.js';
import { openPostgres } from '../src/shared/db/postgres.js';

const entries = Number(process.argv[2] ?? 20_000);
const url = process.env.DATABASE_URL || undefined;
const db = url ? await openPostgres(url) : await openPglite(undefined);
await migrate(db);

const single = 1000;
let t = performance.now();
for (let i = 0; i < single; i++) await appendEvidence({ db, entries: [sampleEntry(i)] });
const singleRate = single / ((performance.now() - t) / 1000);

const batch = 500;
t = performance.now();
for (let i = 0; i < entries; i += batch)
  await appendEvidence({
    db,
    entries: Array.from({ length: Math.min(batch, entries - i) }, (_, j) => sampleEntry(i + j)),
  });
const batchRate = entries / ((performance.now() - t) / 1000);

t = performance.now();
await createCheckpoint({ db });
const checkpointMs = performance.now() - t;

t = performance.now();
const v = await verifyEvidence({ db });
const verifyRate = v.entries_checked / ((performance.now() - t) / 1000);
if (!v.ok) throw new Error(`the log does not verify: ${v.first_bad?.message}`);
await db.close();

const n = 1_000_000;
const data = new Uint8Array(n * hashSize);
for (let i = 0; i < n; i++) data.set(createHash('sha256').update(`e${i}`).digest(), i * hashSize);
t = performance.now();
const tree = buildMerkleTree(data);
const buildMs = performance.now() - t;
const rounds = 100_000;
t = performance.now();
for (let r = 0; r < rounds; r++) inclusionProof(tree, (r * 7919) % n);
const proofUs = ((performance.now() - t) / rounds) * 1000;

console.log(
  JSON.stringify(
    {
      engine: db.engine,
      append_single_per_s: Math.round(singleRate),
      append_batch_500_per_s: Math.round(batchRate),
      checkpoint_ms: Number(checkpointMs.toFixed(2)),
      verify_entries: v.entries_checked,
      verify_per_s: Math.round(verifyRate),
      tree_1m_build_ms: Math.round(buildMs),
      inclusion_proof_1m_us: Number(proofUs.toFixed(2)),
    },
    null,
    2,
  ),
);
