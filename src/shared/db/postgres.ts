import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { checkPreparedText } from './prepared.js';
import { oid, type Db, type Queryable, type QueryOptions } from './types.js';

const typeParsers: Record<number, (v: string) => unknown> = {
  [oid.int8]: (v) => BigInt(v),
  [oid.date]: (v) => v,
  [oid.numeric]: (v) => v,
};

const types = {
  getTypeParser(id: number, format?: string) {
    return typeParsers[id] ?? pg.types.getTypeParser(id, format as 'text');
  },
};

function toParams(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params?.map((p) => (typeof p === 'bigint' ? p.toString() : p));
}

/** The driver's query: named (prepared once per connection) when the caller asks for it. */
function config(
  sql: string,
  params: readonly unknown[] | undefined,
  options: QueryOptions | undefined,
): pg.QueryConfig {
  const name = options?.prepared;
  if (name === undefined) return { text: sql, values: toParams(params), types };
  checkPreparedText(name, sql);
  return { name, text: sql, values: toParams(params), types };
}

/**
 * Runs operations one after another, each once the one before has settled (failed or not): a
 * transaction's statements may be issued before the previous one is done (a page read while
 * another is computed), and the driver no longer queues them itself (deprecated in pg 8, gone in
 * 9). Each is sent as soon as its turn comes, as the driver's queue did.
 */
function inTurn(): <T>(op: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(op: () => Promise<T>): Promise<T> => {
    const turn = tail.then(op, op);
    tail = turn.catch(() => undefined);
    return turn;
  };
}

/**
 * Statements on a pool (or a transaction's client, in turn). A prepared statement outside a
 * transaction runs on `prepared`'s connections; inside one, on the transaction's (see
 * openPostgres).
 */
function queryable(client: pg.PoolClient | pg.Pool, prepared?: () => pg.Pool): Queryable {
  const turn = client instanceof pg.Pool ? <T>(op: () => Promise<T>) => op() : inTurn();
  const run = (sql: string, params?: readonly unknown[], options?: QueryOptions) =>
    options?.prepared !== undefined && prepared
      ? prepared().query(config(sql, params, options))
      : turn(() => client.query(config(sql, params, options)));
  return {
    async query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return (await run(sql, params, options)).rows as T[];
    },
    async execute(sql, params, options) {
      return (await run(sql, params, options)).rowCount ?? 0;
    },
    async exec(sql) {
      await turn(() => client.query(sql));
    },
    async copyFrom(copySql, data) {
      await turn(() =>
        withClient(client, async (c) => {
          const stream = c.query(copyStreams.from(copySql));
          await pipeline(
            Readable.from([
              typeof data === 'string'
                ? data
                : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
            ]),
            stream,
          );
        }),
      );
    },
    async copyTo(copySql) {
      return turn(() =>
        withClient(client, async (c) => {
          const chunks: Buffer[] = [];
          const stream = c.query(copyStreams.to(copySql));
          await pipeline(
            stream,
            new Writable({
              write(chunk: Buffer, _enc, cb) {
                chunks.push(chunk);
                cb();
              },
            }),
          );
          return Buffer.concat(chunks).toString('utf8');
        }),
      );
    },
  };
}

async function withClient<T>(
  client: pg.PoolClient | pg.Pool,
  fn: (c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (client instanceof pg.Pool) {
    const c = await client.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  }
  return fn(client);
}

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ max: 10, ...config });
  // An idle pooled connection the server ends (a restart, a terminated backend) is dropped by the
  // pool and replaced on the next checkout; without a listener its error would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = newPool({ connectionString: url });
  // Fail fast with a clear message when the server is not there.
  const probe = await pool.connect();
  probe.release();
  // Prepared statements (hot paths: a claim, a token lookup) run on connections of their own,
  // opened when first needed, where PostgreSQL always runs a prepared statement's generic plan:
  // planned once per connection instead of on every call (measured on the claim: 0.6 ms of
  // server time instead of 3 ms, most of it planning), and never switching plans under load by
  // the server's heuristics. Other statements keep a plan made for their values. Inside a
  // transaction a prepared statement is prepared on the transaction's connection, where the
  // server chooses between a plan for its values and the generic plan (after five runs, the
  // generic one when it costs no more).
  let hot: pg.Pool | undefined;
  const preparedPool = () =>
    (hot ??= newPool({ connectionString: url, options: '-c plan_cache_mode=force_generic_plan' }));
  const base = queryable(pool, preparedPool);
  return {
    engine: 'postgres',
    ...base,
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(queryable(c));
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async close() {
      await Promise.all([pool.end(), hot?.end()]);
    },
  };
}
