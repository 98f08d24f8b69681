/**
 * Idempotency keys in the manner of Stripe, for every POST that moves money or contacts a person.
 *
 * The client sends `Idempotency-Key: <key>` (1-255 printable ASCII characters). The request's
 * work and the claim of its key happen in ONE transaction: the work runs, then the key is inserted
 * into idempotency_keys with the response (status and body) and the request's hash, by
 * INSERT ... ON CONFLICT DO NOTHING, before commit. The key's unique index admits exactly one
 * transaction, so the work commits at most once per key. Then:
 *   - a retry with the same key and the same request gets the stored response (and the header
 *     `Idempotent-Replayed: true`): its own work found the key taken and was rolled back, or was
 *     refused (e.g. "already reversed") and the stored response replaced the refusal;
 *   - the same key with a different request (another body or path parameters) is refused with
 *     409 conflict;
 *   - a retry while the first request is still running waits on the key's unique index; when
 *     the first commits, the retry rolls back and answers with the stored response; when the
 *     first rolled back, the retry's own work commits.
 * Claiming at commit rather than before the work costs one statement instead of two (measured in
 * bench/payments.ts); the price is that a retry re-runs the work before rolling it back.
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

/** Thrown inside the transaction when another request already holds the key: rolls back. */
class KeyTaken extends Error {}

async function storedResponse(
  db: Db,
  scope: string,
  key: string,
  hash: string,
): Promise<IdempotentResult | null> {
  const [stored] = await db.query<StoredKey>(
    `SELECT request_hash, response_status, response_body FROM idempotency_keys
     WHERE scope = $1 AND idempotency_key = $2`,
    [scope, key],
  );
  if (!stored || stored.response_status === null || stored.response_body === null) return null;
  if (stored.request_hash !== hash)
    throw new AppError(
      'conflict',
      'this Idempotency-Key was already used with a different request',
      {
        field: 'Idempotency-Key',
        reason: 'idempotency_key_reused',
      },
    );
  return {
    status: stored.response_status,
    body: JSON.parse(stored.response_body) as unknown,
    replayed: true,
  };
}

export async function runIdempotent(opts: RunIdempotentOptions): Promise<IdempotentResult> {
  const key = checkIdempotencyKey(opts.key);
  const hash = requestHash(opts.request);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await opts.db.transaction(async (tx) => {
        const response = await opts.run(tx);
        // The claim: the key's unique index admits one transaction; a concurrent one waits here
        // for the first to end, then finds the key taken and rolls back everything it did.
        const claimed = await tx.execute(
          `INSERT INTO idempotency_keys
             (scope, idempotency_key, request_hash, response_status, response_body)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, idempotency_key) DO NOTHING`,
          [opts.scope, key, hash, response.status, JSON.stringify(response.body)],
        );
        if (claimed === 0) throw new KeyTaken();
        return { ...response, replayed: false };
      });
    } catch (e) {
      if (!(e instanceof KeyTaken) && !(e instanceof AppError)) throw e;
      // A refusal may be the trace of the first request (a payment already reversed by it):
      // the stored response of the key wins.
      const stored = await storedResponse(opts.db, opts.scope, key, hash);
      if (stored !== null) return stored;
      if (!(e instanceof KeyTaken)) throw e;
    }
  }
  throw new Error('idempotency key kept changing hands');
}

/** Sends an idempotent result: its status, its body, and Idempotent-Replayed on a replay. */
export function sendIdempotent(reply: FastifyReply, result: IdempotentResult): FastifyReply {
  if (result.replayed) void reply.header(replayedHeader, 'true');
  return reply.code(result.status).send(result.body);
}
