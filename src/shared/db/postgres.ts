import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { oid, type Db, type Queryable } from './types.js';

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

function queryable(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[], options?: { prepared?: string }) {
      const r = await client.query({
        text: sql,
        values: toParams(params),
        types,
        ...(options?.prepared ? { name: options.prepared } : {}),
      });
      return r.rows as T[];
    },
    async execute(sql, params) {
      const r = await client.query({ text: sql, values: toParams(params), types });
      return r.rowCount ?? 0;
    },
    async exec(sql) {
      await client.query(sql);
    },
    async copyFrom(copySql, data) {
      await withClient(client, async (c) => {
        const stream = c.query(copyStreams.from(copySql));
        await pipeline(
          Readable.from([
            typeof data === 'string'
              ? data
              : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
          ]),
          stream,
        );
      });
    },
    async copyTo(copySql) {
      return withClient(client, async (c) => {
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
      });
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

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection the server ends (a restart, a terminated backend) is dropped by the
  // pool and replaced on the next checkout; without a listener its error would crash the process.
  pool.on('error', () => undefined);
  // Fail fast with a clear message when the server is not there.
  const probe = await pool.connect();
  probe.release();
  const base = queryable(pool);
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
      await pool.end();
    },
  };
}
