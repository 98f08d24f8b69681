/**
 * Plain-SQL, forward-only migrations from src/db/migrations (NNNN_name.sql), applied in order at
 * start, each in its own transaction, and recorded with a checksum. An applied migration whose
 * file changed afterwards is refused: history is never rewritten.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import type { Db } from './types.js';

const migrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../db/migrations',
);

export type Migration = { version: number; name: string; sql: string; checksum: string };

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/** Applies the pending migrations; returns the versions applied now. */
export async function migrate(db: Db, migrations = readMigrations()): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      // One migrator at a time across processes sharing a PostgreSQL database.
      await tx.query('SELECT pg_advisory_xact_lock(7300123)');
      const rows = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [m.version],
      );
      if (rows[0]) {
        if (rows[0].checksum !== m.checksum)
          throw new AppError(
            'config_invalid',
            `migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`,
          );
        return false;
      }
      await tx.exec(m.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [m.version, m.name, m.checksum],
      );
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
