/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else the embedded PGlite
 * database in the data directory. PGlite is one process's database, so the data directory is
 * locked with a file holding the owner's pid; a second process is told plainly who holds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { Config } from '../config.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export type OpenOptions = { migrate?: boolean };

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions = {},
): Promise<Db> {
  let db: Db;
  if (config.databaseUrl) {
    try {
      db = await openPostgres(config.databaseUrl);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new AppError('config_invalid', `cannot connect to PostgreSQL: ${reason}`);
    }
  } else {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const release = lockDataDir(config.dataDir);
    try {
      const inner = await openPglite(path.join(config.dataDir, 'pglite'));
      db = {
        ...inner,
        async close() {
          try {
            await inner.close();
          } finally {
            release();
          }
        },
      };
    } catch (e) {
      release();
      throw e;
    }
  }
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}

function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'recourse.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid))
            fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new AppError(
          'data_dir_locked',
          `the data directory ${dataDir} is in use by process ${pid} (a running "recourse serve"?): ` +
            'stop it first, or set DATABASE_URL to share one PostgreSQL database',
          { pid },
        );
      fs.rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new AppError('data_dir_locked', `cannot lock the data directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
