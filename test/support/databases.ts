/**
 * Store tests run on every engine: PGlite always, and PostgreSQL too when TEST_DATABASE_URL is
 * set. Each call makes a fresh, migrated, empty database (a new PGlite in memory, or a new
 * PostgreSQL database created from TEST_DATABASE_URL and dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite } from '../../src/shared/db/pglite.js';
import { openPostgres } from '../../src/shared/db/postgres.js';
import { migrate } from '../../src/shared/db/migrate.js';
import type { Db, Engine } from '../../src/shared/db/types.js';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export const engines: Engine[] = testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];

export type FreshDatabase = { db: Db; url: string | undefined; drop: () => Promise<void> };

/** A fresh PostgreSQL database on the test server; returns its URL and a function to drop it. */
export async function createPostgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `recourse_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: testDatabaseUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The migrated, empty database made once per run by global-setup.ts, as a tarball. */
export function pgliteTemplate(): Blob {
  return new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
}

export async function freshDatabase(engine: Engine): Promise<FreshDatabase> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined, pgliteTemplate());
    return { db, url: undefined, drop: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url);
  await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      await drop();
    },
  };
}
