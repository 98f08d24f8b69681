/**
 * One store interface over two engines: PGlite (embedded, the default) and PostgreSQL. The same
 * SQL runs on both; values come back in the same JavaScript types on both:
 * int8 -> bigint, date -> 'YYYY-MM-DD' string, timestamptz -> Date, numeric -> string.
 */
export type Engine = 'pglite' | 'postgres';

export interface Queryable {
  /**
   * Runs one parameterised statement and returns its rows. A `prepared` name makes it a prepared
   * statement of the connection on PostgreSQL (parsed and planned once per connection, for a hot
   * statement; one name for one SQL text); PGlite runs it as any other.
   */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: { prepared?: string },
  ): Promise<T[]>;
  /** Runs one parameterised statement and returns the number of rows it affected. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
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
