/**
 * The compliance gate's figures, as JSON:
 * - attemptContact throughput (the live gate: debtor lock, load, decide, insert) with the evidence
 *   append, and the same transaction without it, alternating in rounds within one run; their
 *   ratio is the cost of the evidence log on the contact path (target >= 0.8); measured for one
 *   transaction per attempt (attemptContact) and for the server's batched gate (contact-gate.ts,
 *   which the POST /contact-attempts route uses) with N concurrent callers. The evidence phases
 *   include the linker's work: it runs beside them as the server runs it (every --link-ms), and
 *   each phase ends when every entry is linked;
 * - the pure gate's replay rate over 1M attempts (decisions per second, in-process).
 *
 *   npx tsx bench/gate.ts [--attempts N] [--debtors N] [--concurrency N] [--replay N] [--rounds N] [--link-ms MS]
 *
 * On embedded PGlite by default; with DATABASE_URL=postgres://... on a scratch database made on
 * that server and dropped afterwards.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { linkEvidence } from '../src/modules/audit/index.js';
import { attemptContact } from '../src/modules/compliance/index.js';
import type { ContactEvent } from '../src/modules/compliance/domain/contact-events.js';
import { createReplay } from '../src/modules/compliance/domain/replay.js';
import { cnPack, usPack } from '../src/modules/compliance/domain/rule-packs.js';
import { createContactGate, type ContactGate } from '../src/modules/compliance/contact-gate.js';
import { gateAttempt, type AttemptInput } from '../src/modules/compliance/gate-attempt.js';
import { updateComplianceSettings } from '../src/modules/compliance/index.js';
import { migrate } from '../src/shared/db/migrate.js';
import { openPglite } from '../src/shared/db/pglite.js';
import { openPostgres } from '../src/shared/db/postgres.js';
import type { Db } from '../src/shared/db/types.js';
import { PiiCipher } from '../src/shared/pii-cipher.js';
import { scratchPostgres } from './scratch-postgres.js';

const { values } = parseArgs({
  options: {
    attempts: { type: 'string' },
    debtors: { type: 'string', default: '2000' },
    concurrency: { type: 'string' },
    replay: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '4' },
    'link-ms': { type: 'string', default: '1000' },
  },
});
const url = process.env.DATABASE_URL || undefined;
const attempts = Number(values.attempts ?? (url ? 8000 : 4000));
const debtors = Number(values.debtors);
const concurrency = Number(values.concurrency ?? (url ? 8 : 1));
const rounds = Number(values.rounds);
const replayAttempts = Number(values.replay);
const linkMs = Number(values['link-ms']);

async function seed(db: Db): Promise<bigint> {
  const [p] = await db.query<{ portfolio_id: bigint }>(
    "INSERT INTO portfolios (name) VALUES ('bench') RETURNING portfolio_id",
  );
  const id = (p as { portfolio_id: bigint }).portfolio_id;
  await db.query(
    `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone,
       identity_digest)
     SELECT $1, 'D' || i, 'Bench debtor', 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00'
     FROM generate_series(1, $2::int) AS i`,
    [id, debtors],
  );
  await db.query(
    `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
       principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, timezone,
       row_digest)
     SELECT $1, 'A' || i, 'D' || i, 'consumer_loan', 'CNY', 100000, 5000, DATE '2026-10-01',
       'Asia/Shanghai', '\\x00'
     FROM generate_series(1, $2::int) AS i`,
    [id, debtors],
  );
  return id;
}

/** The i-th attempt of a phase: each debtor called a few times a day, within contact hours. */
function input(portfolioId: bigint, phaseStart: number, i: number): AttemptInput {
  const d = (i % debtors) + 1;
  const round = Math.floor(i / debtors);
  // two calls a debtor per day (cn allows 3), 10:00 and 15:00 Shanghai time
  const day = Math.floor(round / 2);
  const hour = round % 2 === 0 ? 2 : 7; // UTC
  const at = new Date(phaseStart + day * 86_400_000 + hour * 3_600_000 + (i % 1000) * 1000);
  return {
    portfolioId,
    accountId: `A${d}`,
    debtorId: `D${d}`,
    channel: 'call',
    recipient: 'debtor',
    number: `+86138${String(d).padStart(8, '0')}`,
    collectorId: `c-${i % 50}`,
    identityDisclosed: true,
    at,
  };
}

type Gates = { with: ContactGate; without: ContactGate };

async function runPhase(
  db: Db,
  cipher: PiiCipher,
  gates: Gates,
  inputs: AttemptInput[],
  withEvidence: boolean,
  batched: boolean,
): Promise<{ seconds: number; allowed: number }> {
  let next = 0;
  let allowed = 0;
  const t = performance.now();
  const stop = new AbortController();
  // the server's linker, beside the contact path
  const linker = withEvidence
    ? (async () => {
        for (;;) {
          await sleep(linkMs, undefined, { signal: stop.signal }).catch(() => undefined);
          if (stop.signal.aborted) return;
          await linkEvidence({ db });
        }
      })()
    : Promise.resolve();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < inputs.length; i = next++) {
        const a = inputs[i] as AttemptInput;
        const r = batched
          ? await (withEvidence ? gates.with : gates.without).attempt(a)
          : withEvidence
            ? await attemptContact({ db, cipher, ...a })
            : await db.transaction((tx) => gateAttempt(tx, a, cipher, false));
        if (r.allowed) allowed++;
      }
    }),
  );
  stop.abort();
  await linker;
  if (withEvidence) await linkEvidence({ db });
  return { seconds: (performance.now() - t) / 1000, allowed };
}

function replayEvents(n: number): ContactEvent[] {
  let s = 42;
  const rnd = (): number => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  const zones = ['Asia/Shanghai', 'America/New_York', 'America/Los_Angeles', 'Europe/London'];
  const people = 50_000;
  const events: ContactEvent[] = [];
  for (let d = 0; d < people; d++)
    events.push({
      type: 'debtor',
      line: 0,
      debtorId: `D${d}`,
      timeZone: zones[d % zones.length] as string,
      country: 'CN',
    });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / n;
  for (let i = 0; i < n; i++) {
    const d = Math.floor(rnd() * people);
    events.push({
      type: 'attempt',
      line: 0,
      attempt: {
        id: `t${i}`,
        debtorId: `D${d}`,
        accountId: `A${d}`,
        channel: rnd() < 0.8 ? 'call' : 'sms',
        at: start + Math.floor(i * step),
        recipient: 'debtor',
        number: `+86138${String(d).padStart(8, '0')}`,
        collectorId: 'C1',
        identityDisclosed: true,
        templateId: 'r1',
        answered: rnd() < 0.4,
        conversation: rnd() < 0.1,
      },
    });
  }
  return events;
}

function replayRate(
  pack: typeof cnPack,
  events: ContactEvent[],
): { perSecond: number; allowed: number } {
  const replay = createReplay(pack);
  let allowed = 0;
  let decisions = 0;
  const t = performance.now();
  for (const e of events) {
    const d = replay.apply(e);
    if (d) {
      decisions++;
      if (d.allowed) allowed++;
    }
  }
  return { perSecond: Math.round(decisions / ((performance.now() - t) / 1000)), allowed };
}

const scratch = url ? await scratchPostgres(url, 'recourse_bench_gate') : undefined;
const db = scratch ? await openPostgres(scratch.url) : await openPglite(undefined);
try {
  await migrate(db);
  const portfolioId = await seed(db);
  await updateComplianceSettings({
    db,
    portfolioId,
    packId: 'cn',
    config: {},
    actor: 'system:bench',
    at: new Date('2026-01-01T00:00:00Z'),
  });
  const cipher = new PiiCipher(Buffer.alloc(32, 1));
  const perRound = Math.ceil(attempts / rounds);
  const gates: Gates = {
    with: createContactGate({ db, cipher }),
    without: createContactGate({ db, cipher, recordEvidence: false }),
  };
  // warm-up (JIT, plans, caches), not counted
  await runPhase(
    db,
    cipher,
    gates,
    Array.from({ length: Math.min(200, debtors) }, (_, i) =>
      input(portfolioId, Date.parse('2025-01-01T00:00:00Z'), i),
    ),
    true,
    false,
  );
  let month = 0;
  const measure = async (batched: boolean) => {
    const totals = {
      with: { seconds: 0, attempts: 0, allowed: 0 },
      without: { seconds: 0, attempts: 0, allowed: 0 },
    };
    // Alternate phases on separate months so each sees the same history depth.
    for (let r = 0; r < rounds; r++)
      for (const withEvidence of r % 2 === 0 ? [true, false] : [false, true]) {
        const start = Date.UTC(2026, month++, 1);
        const inputs = Array.from({ length: perRound }, (_, i) => input(portfolioId, start, i));
        const res = await runPhase(db, cipher, gates, inputs, withEvidence, batched);
        const t = withEvidence ? totals.with : totals.without;
        t.seconds += res.seconds;
        t.attempts += inputs.length;
        t.allowed += res.allowed;
      }
    const withRate = totals.with.attempts / totals.with.seconds;
    const withoutRate = totals.without.attempts / totals.without.seconds;
    return {
      attempts_per_phase: totals.with.attempts,
      with_evidence_per_s: Math.round(withRate),
      without_evidence_per_s: Math.round(withoutRate),
      ratio: Number((withRate / withoutRate).toFixed(3)),
      allowed_with: totals.with.allowed,
      allowed_without: totals.without.allowed,
    };
  };
  // one transaction per attempt (attemptContact), then the server's batched gate
  const single = await measure(false);
  const batched = await measure(true);
  await gates.with.close();
  await gates.without.close();

  const events = replayEvents(replayAttempts);
  const cn = replayRate(cnPack, events);
  const us = replayRate(usPack, events);

  console.log(
    JSON.stringify(
      {
        engine: db.engine,
        debtors,
        concurrency,
        target_ratio: 0.8,
        attempt_contact: single,
        batched_gate: batched,
        replay: {
          attempts: replayAttempts,
          cn_decisions_per_s: cn.perSecond,
          us_decisions_per_s: us.perSecond,
          cn_allowed: cn.allowed,
          us_allowed: us.allowed,
        },
      },
      null,
      2,
    ),
  );
} finally {
  await db.close();
  await scratch?.drop();
}
