import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { migrate } from './migrate.js';
import type { Queryable } from './types.js';

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

  it('runs a prepared statement by its name again and again, in and out of transactions', async () => {
    const sql = 'SELECT $1::int8 * 2 AS v';
    const twice = (n: bigint, db: Queryable = f.db) =>
      db.query<{ v: bigint }>(sql, [n], { prepared: 'db_test_twice' });
    expect(await twice(2n)).toEqual([{ v: 4n }]);
    expect(await twice(5n)).toEqual([{ v: 10n }]);
    expect(await f.db.transaction((tx) => twice(7n, tx))).toEqual([{ v: 14n }]);
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
