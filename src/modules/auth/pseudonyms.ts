/**
 * Pseudonyms for the rows an analyst sees: an id becomes `ps_` and 16 hex digits of an HMAC under
 * a key kept in the settings table (made on first use), stable across requests so that rows can
 * be joined, and not reversible without the key. Cursors of pseudonymised lists are sealed with
 * the same key (AES-256-GCM), so they do not carry the real ids either.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../../shared/db/types.js';

export type Pseudonymiser = {
  alias: (kind: 'account' | 'debtor', portfolioId: bigint, id: string) => string;
  seal: (text: string) => string;
  open: (sealed: string) => string | null;
};

async function pseudonymKey(db: Queryable): Promise<Buffer> {
  await db.execute(
    `INSERT INTO settings (key, value) VALUES ('pseudonym_key', $1) ON CONFLICT (key) DO NOTHING`,
    [randomBytes(32).toString('base64')],
  );
  const [row] = await db.query<{ value: string }>(
    "SELECT value FROM settings WHERE key = 'pseudonym_key'",
  );
  return Buffer.from(row!.value, 'base64');
}

export async function pseudonymiser(db: Queryable): Promise<Pseudonymiser> {
  const key = await pseudonymKey(db);
  return {
    alias: (kind, portfolioId, id) =>
      `ps_${createHmac('sha256', key).update(`${kind}\0${portfolioId}\0${id}`).digest('hex').slice(0, 16)}`,
    seal: (text) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
    },
    open: (sealed) => {
      try {
        const raw = Buffer.from(sealed, 'base64url');
        const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        d.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
