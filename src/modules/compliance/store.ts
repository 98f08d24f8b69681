/**
 * SQL for the compliance module's own table (compliance_settings) and the work tables the gate
 * owns its part of (contact_attempts: the gate inserts allowed attempts; debtor_flags: the flag
 * API), per /work/briefs/contracts.md.
 */
import type { Queryable } from '../../shared/db/types.js';
import type { Channel, FlagName, PackId, Recipient } from './domain/vocabulary.js';

/**
 * Serialises the transactions that take the same key until they end (a transaction-scoped
 * advisory lock on a 64-bit hash of the key).
 */
export async function lockKey(tx: Queryable, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

export type SettingsRow = {
  portfolio_id: bigint;
  version: number;
  pack_id: PackId;
  config: Record<string, unknown>;
  changed_by: string;
  reason: string | null;
  changed_at: Date;
  evidence_seq: bigint;
};

const settingsColumns =
  'portfolio_id, version, pack_id, config, changed_by, reason, changed_at, evidence_seq';

export async function currentSettingsRow(
  tx: Queryable,
  portfolioId: bigint,
): Promise<SettingsRow | undefined> {
  const [row] = await tx.query<SettingsRow>(
    `SELECT ${settingsColumns} FROM compliance_settings
     WHERE portfolio_id = $1 ORDER BY version DESC LIMIT 1`,
    [portfolioId],
  );
  return row;
}

/** Every version, newest first. */
export async function settingsHistoryRows(
  tx: Queryable,
  portfolioId: bigint,
): Promise<SettingsRow[]> {
  return tx.query<SettingsRow>(
    `SELECT ${settingsColumns} FROM compliance_settings
     WHERE portfolio_id = $1 ORDER BY version DESC`,
    [portfolioId],
  );
}

export async function insertSettingsRow(tx: Queryable, row: SettingsRow): Promise<void> {
  await tx.query(
    `INSERT INTO compliance_settings (${settingsColumns})
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
    [
      row.portfolio_id,
      row.version,
      row.pack_id,
      JSON.stringify(row.config),
      row.changed_by,
      row.reason,
      row.changed_at,
      row.evidence_seq,
    ],
  );
}

export type FlagRow = { flag: FlagName; at: Date; value: boolean };

/** A debtor's flag changes, in the order they take effect (ties in the order recorded). */
export async function flagRows(
  tx: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<FlagRow[]> {
  return tx.query<FlagRow>(
    `SELECT flag, at, value FROM debtor_flags
     WHERE portfolio_id = $1 AND debtor_id = $2 ORDER BY at, flag_seq`,
    [portfolioId, debtorId],
  );
}

export type NewFlagRow = {
  portfolioId: bigint;
  debtorId: string;
  flag: FlagName;
  value: boolean;
  at: Date;
  source: string;
  details: Record<string, unknown>;
};

export async function insertFlagRow(tx: Queryable, f: NewFlagRow): Promise<bigint> {
  const [row] = await tx.query<{ flag_seq: bigint }>(
    `INSERT INTO debtor_flags (portfolio_id, debtor_id, flag, at, value, source, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING flag_seq`,
    [f.portfolioId, f.debtorId, f.flag, f.at, f.value, f.source, JSON.stringify(f.details)],
  );
  return (row as { flag_seq: bigint }).flag_seq;
}

export type HistoryRow = {
  attempt_id: bigint;
  debtor_id: string;
  account_id: string;
  channel: Channel;
  recipient: Recipient;
  number_digest: Uint8Array | null;
  attempted_at: Date;
  local_date: string;
  answered: boolean | null;
  conversation: boolean | null;
};

const historyColumns =
  'attempt_id, debtor_id, account_id, channel, recipient, number_digest, attempted_at, ' +
  'local_date, answered, conversation';

/**
 * The calls the gate counts against an attempt within [from, to): the debtor's own, and other
 * debtors' calls to the same number (per-number caps).
 */
export async function historyRows(
  tx: Queryable,
  portfolioId: bigint,
  debtorId: string,
  /** hex */
  numberDigest: string | null,
  from: Date,
  to: Date,
): Promise<HistoryRow[]> {
  return tx.query<HistoryRow>(
    `SELECT ${historyColumns} FROM contact_attempts
     WHERE portfolio_id = $1 AND debtor_id = $2 AND channel = 'call'
       AND attempted_at >= $4 AND attempted_at < $5
     UNION ALL
     SELECT ${historyColumns} FROM contact_attempts
     WHERE portfolio_id = $1 AND number_digest = decode($3::text, 'hex') AND debtor_id <> $2 AND channel = 'call'
       AND attempted_at >= $4 AND attempted_at < $5
     ORDER BY attempted_at, attempt_id`,
    [portfolioId, debtorId, numberDigest, from, to],
  );
}

export type NewAttemptRow = {
  portfolioId: bigint;
  accountId: string;
  debtorId: string;
  actionId: bigint | null;
  collectorId: string | null;
  channel: Channel;
  recipient: Recipient;
  /** hex */
  numberDigest: string | null;
  identityDisclosed: boolean;
  templateId: string | null;
  attemptedAt: Date;
  localDate: string;
  gate: Record<string, unknown>;
};

/** The INSERT of an allowed attempt, RETURNING its attempt_id: run alone, or carried by the evidence append. */
export function attemptInsert(a: NewAttemptRow): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, action_id, collector_id,
       channel, recipient, number_digest, identity_disclosed, template_id, attempted_at,
       local_date, gate)
     VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8::text, 'hex'), $9, $10, $11, $12, $13::jsonb)
     RETURNING attempt_id`,
    params: [
      a.portfolioId,
      a.accountId,
      a.debtorId,
      a.actionId,
      a.collectorId,
      a.channel,
      a.recipient,
      a.numberDigest,
      a.identityDisclosed,
      a.templateId,
      a.attemptedAt,
      a.localDate,
      JSON.stringify(a.gate),
    ],
  };
}

export async function insertAttemptRow(tx: Queryable, a: NewAttemptRow): Promise<bigint> {
  const { sql, params } = attemptInsert(a);
  const [row] = await tx.query<{ attempt_id: bigint }>(sql, params);
  return (row as { attempt_id: bigint }).attempt_id;
}

export type RequestRow = { request_digest: Uint8Array; result: Record<string, unknown> };

export async function findRequestRow(
  tx: Queryable,
  portfolioId: bigint,
  key: string,
): Promise<RequestRow | undefined> {
  const [row] = await tx.query<RequestRow>(
    `SELECT request_digest, result FROM contact_attempt_requests
     WHERE portfolio_id = $1 AND idempotency_key = $2`,
    [portfolioId, key],
  );
  return row;
}

/** Records a request's result; false when the key was taken meanwhile. */
export async function insertRequestRow(
  tx: Queryable,
  portfolioId: bigint,
  key: string,
  digestHex: string,
  result: Record<string, unknown>,
  at: Date,
): Promise<boolean> {
  const n = await tx.execute(
    `INSERT INTO contact_attempt_requests (portfolio_id, idempotency_key, request_digest, result,
       created_at)
     VALUES ($1, $2, decode($3, 'hex'), $4::jsonb, $5)
     ON CONFLICT (portfolio_id, idempotency_key) DO NOTHING`,
    [portfolioId, key, digestHex, JSON.stringify(result), at],
  );
  return n === 1;
}
