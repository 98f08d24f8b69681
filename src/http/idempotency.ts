/**
 * Idempotency keys in the manner of Stripe, for every POST that moves money or contacts a person.
 *
 * The client sends `Idempotency-Key: <key>` (1-255 printable ASCII characters). The first request
 * with a key claims it by inserting it into idempotency_keys in the SAME transaction that does
 * the work, and stores its response (status and body) there before commit. Then:
 *   - a retry with the same key and the same request gets the stored response (and the header
 *     `Idempotent-Replayed: true`), and nothing is done again;
 *   - the same key with a different request (another body or path parameters) is refused with
 *     409 conflict;
 *   - a retry while the first request is still running waits on the key's unique index (the
 *     claim is an INSERT ... ON CONFLICT DO NOTHING); when the first commits it reads the
 *     stored response; when the first fails (rolled back) it does the work itself.
 * A request that fails leaves no key behind (its transaction rolled back): retrying it re-runs
 * the checks and gets the same error while nothing changed.
 *
 * Use: `runIdempotent({ db, scope, key, request, run })`, where run(tx) does the work in the
 * given transaction and returns { status, body } with a JSON body (no bigint: money leaves as
 * strings). `requireIdempotencyKey(request)` reads and checks the header.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Queryable } from '../shared/db/types.js';
import { AppError } from '../shared/errors.js';

export const idempotencyHeader = 'idempotency-key';
export const replayedHeader = 'idempotent-replayed';

export type IdempotentResponse = { status: number; body: unknown };

export type RunIdempotentOptions = {
  db: Db;
  /** The operation the key belongs to, e.g. 'POST /api/v1/payments'. */
  scope: string;
  key: string;
  /** What identifies the request: its parameters and body (hashed canonically). */
  request: unknown;
  run: (tx: Queryable) => Promise<IdempotentResponse>;
};

export type IdempotentResult = IdempotentResponse & { replayed: boolean };

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted at every level, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** Checks a key's form; throws validation_failed naming the header. */
export function checkIdempotencyKey(key: string | undefined): string {
  if (key === undefined || key === '')
    throw new AppError('validation_failed', 'the Idempotency-Key header is required', {
      field: 'Idempotency-Key',
    });
  if (!keyPattern.test(key))
    throw new AppError(
      'validation_failed',
      'Idempotency-Key must be 1-255 printable ASCII characters without spaces',
      { field: 'Idempotency-Key' },
    );
  return key;
}

/** The request's Idempotency-Key header, checked. */
export function requireIdempotencyKey(request: FastifyRequest): string {
  const v = request.headers[idempotencyHeader];
  return checkIdempotencyKey(Array.isArray(v) ? v[0] : v);
}

type StoredKey = {
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
};

export async function runIdempotent(opts: RunIdempotentOptions): Promise<IdempotentResult> {
  const key = checkIdempotencyKey(opts.key);
  const hash = requestHash(opts.request);
  return opts.db.transaction(async (tx) => {
    const claimed = await tx.execute(
      `INSERT INTO idempotency_keys (scope, idempotency_key, request_hash)
       VALUES ($1, $2, $3) ON CONFLICT (scope, idempotency_key) DO NOTHING`,
      [opts.scope, key, hash],
    );
    if (claimed === 0) {
      const [stored] = await tx.query<StoredKey>(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys
         WHERE scope = $1 AND idempotency_key = $2`,
        [opts.scope, key],
      );
      if (!stored || stored.response_status === null || stored.response_body === null)
        throw new Error('idempotency key claimed but holds no response');
      if (stored.request_hash !== hash)
        throw new AppError(
          'conflict',
          'this Idempotency-Key was already used with a different request',
          { field: 'Idempotency-Key' },
        );
      return {
        status: stored.response_status,
        body: JSON.parse(stored.response_body) as unknown,
        replayed: true,
      };
    }
    const response = await opts.run(tx);
    await tx.execute(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4
       WHERE scope = $1 AND idempotency_key = $2`,
      [opts.scope, key, response.status, JSON.stringify(response.body)],
    );
    return { ...response, replayed: false };
  });
}

/** Sends an idempotent result: its status, its body, and Idempotent-Replayed on a replay. */
export function sendIdempotent(reply: FastifyReply, result: IdempotentResult): FastifyReply {
  if (result.replayed) void reply.header(replayedHeader, 'true');
  return reply.code(result.status).send(result.body);
}
