/**
 * One store interface over two engines: PGlite (embedded, the default) and PostgreSQL. The same
 * SQL runs on both; values come back in the same JavaScript types on both:
 * int8 -> bigint, date -> 'YYYY-MM-DD' string, timestamptz -> Date, numeric -> string.
 */
export type Engine = 'pglite' | 'postgres';

/**
 * How a statement runs. `prepared`: a name for a fixed statement text on a hot path (a claim, a
 * token lookup): PostgreSQL parses it once per pooled connection and may reuse its plan, instead
 * of planning it on every call. Only for static SQL: one name, one text, for the process's life.
 * PGlite runs it as any other statement.
 */
export type QueryOptions = { prepared?: string };

export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
  /** Runs one parameterised statement and returns the number of rows it affected. */
  execute(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<number>;
  /** Runs a script of several statements with no parameters. */
  exec(sql: string): Promise<void>;
  /** COPY ... FROM STDIN with the given text (or its UTF-8 bytes) as its data. */
  copyFrom(copySql: string, data: string | Uint8Array): Promise<void>;
  /** COPY ... TO STDOUT; returns the data as text. */
  copyTo(copySql: string): Promise<string>;
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Type OIDs we parse the same way on both engines. */
export const oid = { int8: 20, date: 1082, timestamptz: 1184, numeric: 1700 } as const;
