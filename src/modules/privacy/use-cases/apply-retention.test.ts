/**
 * The retention rules against a real database: who is anonymised, who is held and why, what a
 * dry run writes (nothing), what an anonymisation leaves (no plaintext, decryptable or keyed
 * identifier of the person anywhere in the database; the same totals), and that a rerun changes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { row, source, tapeCsv } from '../../../../test/support/tape.js';
import { verifyEvidence } from '../../audit/index.js';
import { testCipher } from '../../compliance/testing.js';
import { importPortfolio } from '../../portfolio/index.js';
import type { Queryable } from '../../../shared/db/types.js';
import { identifiers, importPeople, payOff, person, recordWork } from '../testing.js';
import { applyRetention } from './apply-retention.js';

const asOf = '2026-11-25';
const gone = person(1);
const disputed = person(2);
const recent = person(3);
const owing = person(4);
const complained = person(5);
const litigated = person(6);

/** Every row of every table, as text. */
async function snapshot(db: Queryable): Promise<Map<string, string[]>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out = new Map<string, string[]>();
  for (const { table_name } of tables) {
    const rows = await db.query<{ r: string }>(
      `SELECT row_to_json(t)::text AS r FROM ${table_name} t`,
    );
    out.set(table_name, rows.map((r) => r.r).sort());
  }
  return out;
}

/** Totals that statistics rely on: money by table and ledger account, counts of outcomes. */
async function totals(db: Queryable): Promise<Record<string, string>> {
  const [t] = await db.query<Record<string, string>>(
    `SELECT
       (SELECT coalesce(sum(amount_minor), 0)::text FROM payments) AS payments,
       (SELECT string_agg(ledger_account || '=' || s, ',' ORDER BY ledger_account) FROM
         (SELECT ledger_account, sum(amount_minor) AS s FROM ledger_entries GROUP BY 1) e)
         AS ledger,
       (SELECT sum(principal_outstanding_minor + interest_outstanding_minor
         + fees_outstanding_minor)::text FROM accounts) AS balances,
       (SELECT string_agg(coalesce(outcome, '-') || '=' || n, ',' ORDER BY outcome) FROM
         (SELECT outcome, count(*) AS n FROM contact_attempts GROUP BY 1) o) AS outcomes,
       (SELECT sum(total_minor)::text FROM installment_plans) AS plans,
       (SELECT sum(amount_minor)::text FROM statement_entries) AS statements,
       (SELECT count(*)::text FROM message_outbox) AS messages`,
  );
  return t!;
}

describe.each(engines)('applyRetention on %s', (engine) => {
  let f: FreshDatabase;
  let pid: bigint;

  beforeAll(async () => {
    f = await freshDatabase(engine);
    pid = await importPeople(f.db, 'retail', [
      gone,
      disputed,
      recent,
      owing,
      complained,
      litigated,
    ]);
    for (const p of [gone, disputed, complained, litigated])
      await payOff(f.db, pid, p, '2020-06-30');
    await payOff(f.db, pid, recent, '2024-06-30');
    for (const p of [gone, disputed]) await recordWork(f.db, pid, p);
    // the disputed person's dispute stands again; the others' holds: a complaint, a legal review
    await f.db.query(
      `INSERT INTO debtor_flags (portfolio_id, debtor_id, flag, at, value, source)
       VALUES ($1, $2, 'dispute', '2021-01-01T00:00:00Z', true, 'api')`,
      [pid, disputed.debtorId],
    );
    await f.db.query(
      `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, attempted_at,
         local_date, outcome, outcome_details)
       VALUES ($1, $2, $3, 'call', '2020-01-02T02:00:00Z', '2020-01-02', 'complaint', '{}')`,
      [pid, complained.accountId, complained.debtorId],
    );
    await f.db.query(
      `INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
         strategy_id, strategy_version, arm, due_on, planned_on, reason)
       VALUES ($1, 'legal:A6', $2, $3, 'escalation', 'legal_review', 'legal', 'default', 1,
         'champion', '2020-05-01', '2020-05-01', '{}')`,
      [pid, litigated.accountId, litigated.debtorId],
    );
  }, 120_000);
  afterAll(() => f.drop());

  it('closes an account on the day it is paid off', async () => {
    const rows = await f.db.query<{
      account_id: string;
      closed_on: string | null;
      closure: string;
    }>('SELECT account_id, closed_on, closure FROM accounts ORDER BY account_id');
    expect(rows).toEqual([
      { account_id: 'A1', closed_on: '2020-06-30', closure: 'paid_off' },
      { account_id: 'A2', closed_on: '2020-06-30', closure: 'paid_off' },
      { account_id: 'A3', closed_on: '2024-06-30', closure: 'paid_off' },
      { account_id: 'A4', closed_on: null, closure: null },
      { account_id: 'A5', closed_on: '2020-06-30', closure: 'paid_off' },
      { account_id: 'A6', closed_on: '2020-06-30', closure: 'paid_off' },
    ]);
  });

  it('a dry run lists who would be anonymised and who is held and why, and writes nothing', async () => {
    const before = await snapshot(f.db);
    const run = await applyRetention({ db: f.db, asOf, dryRun: true, actor: 'system:test' });
    expect(await snapshot(f.db)).toEqual(before);
    expect(run.counts).toEqual({
      considered: 5,
      anonymised: 0,
      eligible: 1,
      held: 3,
      retained: 1,
      open: 0,
      already_anonymised: 0,
    });
    expect(run.portfolios).toEqual([
      { portfolio: 'retail', portfolio_id: pid.toString(), retention_months: 60 },
    ]);
    expect(run.debtors.map((d) => [d.debtor_id, d.status, d.holds.map((h) => h.reason)])).toEqual([
      ['D1', 'eligible', []],
      ['D2', 'held', ['a dispute is flagged']],
      ['D5', 'held', ['a complaint is on record']],
      ['D6', 'held', ['a legal review is open']],
    ]);
  });

  it('anonymises: no plaintext, decryptable or keyed identifier of the person is left anywhere', async () => {
    const totalsBefore = await totals(f.db);
    const run = await applyRetention({
      db: f.db,
      asOf,
      dryRun: false,
      actor: 'system:test',
      batchSize: 2,
    });
    expect(run.counts.anonymised).toBe(1);
    expect(run.debtors.filter((d) => d.status === 'anonymised').map((d) => d.debtor_id)).toEqual([
      'D1',
    ]);
    const rows = [...(await snapshot(f.db)).entries()];
    const values = identifiers(gone);
    const digests = [
      testCipher.digest(gone.phone),
      testCipher.digest(`${gone.name}\u0000${gone.nationalId}`),
    ].map((d) => d.toString('hex'));
    const found: string[] = [];
    let decrypted = 0;
    for (const [table, texts] of rows)
      for (const text of texts) {
        for (const v of [...values, ...digests]) if (text.includes(v)) found.push(`${table}: ${v}`);
        for (const [, hex] of text.matchAll(/\\\\x([0-9a-f]{58,})/g)) {
          let plain: string | null = null;
          try {
            plain = testCipher.decrypt(Buffer.from(hex!, 'hex'));
          } catch {
            plain = null;
          }
          for (const v of values) if (plain?.includes(v)) found.push(`${table}: decryptable ${v}`);
          if (plain !== null) decrypted += 1;
        }
      }
    expect(found).toEqual([]);
    // the scan does read sealed values: the other five people's, and one message's destination
    expect(decrypted).toBe(6);
    // the people kept are untouched
    const others = rows.flatMap(([, t]) => t).join('\n');
    for (const p of [disputed, recent, owing]) expect(others).toContain(p.name);
    expect(await totals(f.db)).toEqual(totalsBefore);
    const [d] = await f.db.query<{ name: string; anonymised_at: Date | null }>(
      "SELECT name, anonymised_at FROM debtors WHERE debtor_id = 'D1'",
    );
    expect(d!.name).toMatch(/^anonymised-[0-9a-f]{16}$/);
    expect(d!.anonymised_at).not.toBeNull();
    // kept for statistics: the outcome, amounts, dates and closure
    const [attempt] = await f.db.query<{ outcome: string; outcome_details: object }>(
      "SELECT outcome, outcome_details FROM contact_attempts WHERE debtor_id = 'D1' AND channel = 'call'",
    );
    expect(attempt).toEqual({ outcome: 'represented', outcome_details: {} });
    const [entry] = await f.db.query<{ kind: string; payload: object }>(
      "SELECT kind, payload FROM evidence_entries WHERE kind = 'debtor_anonymised'",
    );
    expect(entry).toEqual({
      kind: 'debtor_anonymised',
      payload: {
        as_of: asOf,
        closed_since: '2020-06-30',
        retained_until: '2025-06-30',
        retention_months: 60,
      },
    });
    expect((await verifyEvidence({ db: f.db })).ok).toBe(true);
  });

  it('is idempotent: a rerun anonymises no one and changes nothing', async () => {
    const before = await snapshot(f.db);
    const run = await applyRetention({ db: f.db, asOf, dryRun: false, actor: 'system:test' });
    expect(run.counts).toMatchObject({ anonymised: 0, already_anonymised: 1, held: 3 });
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('refuses a loan tape that would bring an anonymised person back', async () => {
    const tape = tapeCsv([
      row({ account_id: gone.accountId, debtor_id: gone.debtorId, debtor_name: gone.name }),
    ]);
    await expect(
      importPortfolio({
        db: f.db,
        cipher: testCipher,
        portfolio: 'retail',
        source: source(tape),
        sourceName: 'again.csv',
      }),
    ).rejects.toMatchObject({
      errors: [{ line: 2, field: 'debtor_id', message: expect.stringMatching(/anonymised/) }],
    });
    const [d] = await f.db.query<{ name: string }>(
      "SELECT name FROM debtors WHERE debtor_id = 'D1'",
    );
    expect(d!.name).toMatch(/^anonymised-/);
  });

  it('refuses an unknown portfolio', async () => {
    await expect(
      applyRetention({ db: f.db, asOf, dryRun: true, actor: 'system:test', portfolio: 'nope' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
