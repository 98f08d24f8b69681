import { PGlite, type Transaction } from '@electric-sql/pglite';
import { checkPreparedText } from './prepared.js';
import { oid, type Db, type Queryable, type QueryOptions } from './types.js';

const parsers = {
  [oid.int8]: (v: string) => BigInt(v),
  [oid.date]: (v: string) => v,
  [oid.numeric]: (v: string) => v,
  [oid.timestamptz]: (v: string) => new Date(v),
};

function toParams(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params?.map((p) => (typeof p === 'bigint' ? p.toString() : p));
}

function queryable(db: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      if (options?.prepared !== undefined) checkPreparedText(options.prepared, sql);
      const r = await db.query<T>(sql, toParams(params), { parsers });
      return r.rows;
    },
    async execute(sql, params, options) {
      if (options?.prepared !== undefined) checkPreparedText(options.prepared, sql);
      const r = await db.query(sql, toParams(params), { parsers });
      return r.affectedRows ?? 0;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async copyFrom(copySql, data) {
      const fileSql = copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
      await db.query(fileSql, [], { blob: new Blob([data as string | Uint8Array<ArrayBuffer>]) });
    },
    async copyTo(copySql) {
      const fileSql = copySql.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'");
      const r = await db.query(fileSql, []);
      return r.blob ? await r.blob.text() : '';
    },
  };
}

/**
 * Opens (creating when new) an embedded database in dataDir, or in memory when it is absent;
 * `load` starts it from a dumped data directory (a tarball from PGlite's dumpDataDir).
 */
export async function openPglite(dataDir: string | undefined, load?: Blob): Promise<Db> {
  const pg = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(load ? { loadDataDir: load } : {}),
  });
  return pgliteDb(pg);
}

/** The store interface over an open PGlite instance. */
export function pgliteDb(pg: PGlite): Db {
  const base = queryable(pg);
  return {
    engine: 'pglite',
    ...base,
    transaction(fn) {
      return pg.transaction((tx) => fn(queryable(tx)));
    },
    async close() {
      await pg.close();
    },
  };
}
