import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { migrate } from './migrate.js';

describe.each(engines)('store on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());

  it('returns int8 as bigint, date as a calendar string, timestamptz as Date', async () => {
    const [row] = await f.db.query<{ big: bigint; d: string; t: Date; n: string }>(
      "SELECT 9007199254740993::int8 AS big, DATE '2024-02-29' AS d, now() AS t, 1.50::numeric AS n",
    );
    expect(row).toBeDefined();
    expect(row!.big).toBe(9007199254740993n);
    expect(row!.d).toBe('2024-02-29');
    expect(row!.t).toBeInstanceOf(Date);
    expect(row!.n).toBe('1.50');
  });

  it('accepts bigint parameters', async () => {
    const [row] = await f.db.query<{ v: bigint }>('SELECT $1::int8 + 1 AS v', [9007199254740993n]);
    expect(row!.v).toBe(9007199254740994n);
  });

  it('runs a prepared statement like any other, in and out of a transaction', async () => {
    await f.db.exec('CREATE TABLE t_prep (k text PRIMARY KEY, v int8)');
    const upsert =
      'INSERT INTO t_prep VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = t_prep.v + $2 RETURNING v';
    const named = { prepared: 'test.t_prep_upsert' };
    // more runs than the server's heuristics take before they settle on a plan
    for (let i = 1; i <= 7; i++)
      expect(await f.db.query<{ v: bigint }>(upsert, ['a', BigInt(i)], named)).toEqual([
        { v: BigInt((i * (i + 1)) / 2) },
      ]);
    await f.db
      .transaction(async (tx) => {
        expect(await tx.execute(upsert, ['b', 5n], named)).toBe(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await f.db.query('SELECT k, v FROM t_prep ORDER BY k')).toEqual([{ k: 'a', v: 28n }]);
    await expect(f.db.query('SELECT 1', [], named)).rejects.toThrow(/has two texts/);
  });

  it('rolls a failed transaction back whole', async () => {
    await f.db.exec('CREATE TABLE t_tx (v int PRIMARY KEY)');
    await expect(
      f.db.transaction(async (tx) => {
        await tx.execute('INSERT INTO t_tx VALUES (1)');
        await tx.execute('INSERT INTO t_tx VALUES (1)');
      }),
    ).rejects.toThrow();
    expect(await f.db.query('SELECT * FROM t_tx')).toEqual([]);
  });

  it('copies rows in and out, inside a transaction', async () => {
    await f.db.exec('CREATE TABLE t_copy (a text, b int8)');
    await f.db.transaction(async (tx) => {
      await tx.copyFrom('COPY t_copy (a, b) FROM STDIN', 'x\t1\n"y"\t2\n\\N\t3\n');
    });
    const out = await f.db.copyTo('COPY (SELECT a, b FROM t_copy ORDER BY b) TO STDOUT');
    expect(out).toBe('x\t1\n"y"\t2\n\\N\t3\n');
  });

  it('applies migrations once and records them', async () => {
    expect(await migrate(f.db)).toEqual([]);
    const rows = await f.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const [m] = await f.db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version LIMIT 1',
    );
    await expect(
      migrate(f.db, [{ version: m!.version, name: m!.name, sql: 'SELECT 1', checksum: 'other' }]),
    ).rejects.toThrow(/changed after it was applied/);
  });
});
