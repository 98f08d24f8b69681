/**
 * What a command or the server needs to run: the configuration, the open database (migrated) and
 * the cipher for personal information, whose key is checked against the one the database was
 * first sealed with.
 */
import { loadConfig, type Config } from './config.js';
import { AppError } from './errors.js';
import { openDatabase } from './db/open.js';
import type { Db } from './db/types.js';
import { loadOrCreateKey, PiiCipher } from './pii-cipher.js';

export type Context = { config: Config; db: Db; cipher: PiiCipher; close: () => Promise<void> };

export async function openContext(config: Config = loadConfig()): Promise<Context> {
  const cipher = new PiiCipher(loadOrCreateKey(config.encryptionKey, config.dataDir));
  const db = await openDatabase(config);
  try {
    await checkKey(db, cipher);
  } catch (e) {
    await db.close();
    throw e;
  }
  return { config, db, cipher, close: () => db.close() };
}

/** The first key used with a database is recorded (as a fingerprint); any other is refused. */
export async function checkKey(db: Db, cipher: PiiCipher): Promise<void> {
  await db.execute(
    "INSERT INTO settings (key, value) VALUES ('pii_key_fingerprint', $1) ON CONFLICT (key) DO NOTHING",
    [cipher.fingerprint],
  );
  const [row] = await db.query<{ value: string }>(
    "SELECT value FROM settings WHERE key = 'pii_key_fingerprint'",
  );
  if (row?.value !== cipher.fingerprint)
    throw new AppError(
      'key_mismatch',
      'the encryption key is not the one this database was created with: set RECOURSE_ENCRYPTION_KEY ' +
        'to the original key (or restore encryption.key in the data directory)',
    );
}
