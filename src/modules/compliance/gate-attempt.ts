/**
 * The live gate on one attempt, inside the caller's transaction: lock the debtor (and the number
 * dialled), load, decide, record. Two attempts on one debtor are serialised by a transaction-
 * scoped advisory lock, so the second decides on a history that includes the first: they can
 * never both pass when only one is allowed. Used by the attemptContact use case; the benchmark
 * runs it without the evidence append to measure the log's cost.
 */
import type { EvidenceInput, JsonObject } from '../audit/index.js';
import { appendEvidence, appendEvidenceCarrying } from '../audit/index.js';
import { createHash } from 'node:crypto';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { ComplianceRefusal } from './domain/refusals.js';
import type { ContactAttempt } from './domain/contact-attempt.js';
import { explainDecision, type RuleExplanation } from './domain/explain.js';
import type { Channel, PackId, Recipient } from './domain/vocabulary.js';
import { loadGateState, type NumberDigester } from './gate-state.js';
import {
  attemptInsert,
  findRequestRow,
  insertAttemptRow,
  insertRequestRow,
  lockKey,
  type NewAttemptRow,
} from './store.js';

export type AttemptInput = {
  portfolioId: bigint;
  accountId: string;
  debtorId: string;
  channel: Channel;
  recipient: Recipient;
  /** E.164 number dialled or texted (calls, SMS); only its keyed digest is stored. */
  number?: string | undefined;
  /** The acting collector; none for automated sends. */
  collectorId?: string | undefined;
  identityDisclosed: boolean;
  templateId?: string | undefined;
  /** Free message text; never stored by the gate (the channel records what is sent). */
  text?: string | undefined;
  actionId?: bigint | undefined;
  /** The instant of the attempt. */
  at: Date;
  /** Who acts, for the evidence log; defaults to collector:<id>, else system:gate. */
  actor?: string | undefined;
  /**
   * A retried request with the same key gets the first decision back (replayed: true) and
   * counts once; the same key on a different request is refused (conflict).
   */
  idempotencyKey?: string | undefined;
};

export type AttemptResult = {
  allowed: boolean;
  /** Every blocking rule, with its source and words ([] when allowed). */
  rules: RuleExplanation[];
  attemptId: bigint | null;
  evidenceSeq: bigint | null;
  pack: { id: PackId; version: string; settingsVersion: number };
  /** The attempt's day in the debtor's zone. */
  localDate: string;
  /** When time alone lifts the block: the first instant the same attempt is allowed. */
  nextAllowedAt: Date | null;
  /** The instant the attempt was decided at (the first request's, when replayed). */
  attemptedAt: Date;
  /** True when this is the stored answer to an earlier request with the same idempotency key. */
  replayed: boolean;
};

const e164 = /^\+[1-9]\d{6,14}$/;

/** The per-debtor lock key: every attempt and flag change on a debtor takes it first. */
export function debtorLockKey(portfolioId: bigint, debtorId: string): string {
  return `contact:${portfolioId}:${debtorId}`;
}

export function validateAttempt(a: Pick<AttemptInput, 'number' | 'at'>): void {
  if (a.number !== undefined && !e164.test(a.number))
    throw new AppError('validation_failed', 'number must be in E.164 form (+ and 7-15 digits)', {
      field: 'number',
    });
  if (Number.isNaN(a.at.getTime()))
    throw new AppError('validation_failed', 'at must be a valid instant', { field: 'at' });
}

/** A decision made and stored in the caller's transaction, its evidence not yet appended. */
export type DecidedAttempt = {
  result: AttemptResult;
  /** The gate_decision entry to append; null when the result replays an earlier request. */
  entry: EvidenceInput | null;
  /** Completes the request once its evidence has a seq (records the idempotent answer). */
  finish: (evidenceSeq: bigint | null) => Promise<void>;
};

/** The lock keys an attempt takes, in the order it takes them. */
export function attemptLockKeys(a: AttemptInput, digester: NumberDigester): string[] {
  const keys = [debtorLockKey(a.portfolioId, a.debtorId)];
  if (a.number) keys.push(`number:${a.portfolioId}:${numberDigestOf(digester, a.number)}`);
  return keys;
}

function numberDigestOf(digester: NumberDigester, number: string): string {
  return digester.digest(`phone:${number}`).toString('hex');
}

/**
 * One attempt through the gate in the caller's transaction, its evidence appended when asked. An
 * allowed attempt's row and its evidence go in one statement (one round trip: the append carries
 * the attempt's INSERT and records the attempt id it returns).
 */
export async function gateAttempt(
  tx: Queryable,
  a: AttemptInput,
  digester: NumberDigester,
  recordEvidence: boolean,
): Promise<AttemptResult> {
  const j = await judgeAttempt(tx, a, digester);
  const { result } = j;
  if (j.entry && recordEvidence) {
    if (j.row) {
      const appended = await appendEvidenceCarrying({
        db: tx,
        entry: j.entry,
        carried: { ...attemptInsert(j.row), idColumn: 'attempt_id', member: 'attempt_id' },
      });
      result.attemptId = appended.carriedId;
      result.evidenceSeq = appended.seq;
    } else {
      const [appended] = await appendEvidence({ db: tx, entries: [j.entry] });
      result.evidenceSeq = appended?.seq ?? null;
    }
  } else if (j.row) result.attemptId = await insertAttemptRow(tx, j.row);
  await j.finish(result.evidenceSeq);
  return result;
}

/**
 * The gate's decision on one attempt, stored in the caller's transaction (an allowed attempt's
 * row inserted, so that the next decision in the transaction counts it), its evidence not yet
 * appended.
 */
export async function decideAttempt(
  tx: Queryable,
  a: AttemptInput,
  digester: NumberDigester,
): Promise<DecidedAttempt> {
  const j = await judgeAttempt(tx, a, digester);
  if (!j.row) return j;
  const attemptId = await insertAttemptRow(tx, j.row);
  j.result.attemptId = attemptId;
  const entry = j.entry && { ...j.entry, payload: { ...j.entry.payload, attempt_id: attemptId } };
  return { result: j.result, entry, finish: j.finish };
}

/** A decision not yet stored: the allowed attempt's row is still to be inserted. */
type JudgedAttempt = DecidedAttempt & {
  /** The allowed attempt's row (null when blocked or replayed). */
  row: NewAttemptRow | null;
};

/** Locks, loads and decides; the entry's attempt_id is null until the row is inserted. */
async function judgeAttempt(
  tx: Queryable,
  a: AttemptInput,
  digester: NumberDigester,
): Promise<JudgedAttempt> {
  validateAttempt(a);
  const numberDigest = a.number ? numberDigestOf(digester, a.number) : null;
  await lockKey(tx, debtorLockKey(a.portfolioId, a.debtorId));
  // Per-number caps count other debtors' calls too: serialise on the number as well (always
  // after the debtor's lock, so two attempts never wait on each other's locks).
  if (numberDigest) await lockKey(tx, `number:${a.portfolioId}:${numberDigest}`);
  const requestDigest = a.idempotencyKey ? digestRequest(a, numberDigest) : null;
  if (a.idempotencyKey) {
    const earlier = await findRequestRow(tx, a.portfolioId, a.idempotencyKey);
    if (earlier)
      return {
        result: replay(earlier.request_digest, requestDigest as string, earlier.result),
        entry: null,
        row: null,
        finish: async () => undefined,
      };
  }
  const at = a.at.getTime();
  const state = await loadGateState({
    tx,
    portfolioId: a.portfolioId,
    debtorId: a.debtorId,
    accountId: a.accountId,
    at,
    numberDigest,
  });
  const attempt: ContactAttempt = {
    id: 'new',
    debtorId: a.debtorId,
    accountId: a.accountId,
    channel: a.channel,
    at,
    recipient: a.recipient,
    number: numberDigest ?? undefined,
    collectorId: a.collectorId,
    identityDisclosed: a.identityDisclosed,
    text: a.text,
    templateId: a.templateId,
  };
  const explained = explainDecision(state.pack, state.debtor, state.history, attempt);
  const pack = {
    id: state.pack.id,
    version: state.pack.version,
    settingsVersion: state.settingsVersion,
  };
  const gate = {
    pack: pack.id,
    pack_version: pack.version,
    settings_version: pack.settingsVersion,
  };
  const row: NewAttemptRow | null = explained.allowed
    ? {
        portfolioId: a.portfolioId,
        accountId: a.accountId,
        debtorId: a.debtorId,
        actionId: a.actionId ?? null,
        collectorId: a.collectorId ?? null,
        channel: a.channel,
        recipient: a.recipient,
        numberDigest,
        identityDisclosed: a.identityDisclosed,
        templateId: a.templateId ?? null,
        attemptedAt: a.at,
        localDate: state.localDate,
        gate,
      }
    : null;
  const payload: JsonObject = {
    allowed: explained.allowed,
    rules: explained.rules.map((r) => ({ code: r.code, source: r.source, message: r.message })),
    ...gate,
    attempt_id: null,
    action_id: a.actionId ?? null,
    channel: a.channel,
    recipient: a.recipient,
    collector_id: a.collectorId ?? null,
    identity_disclosed: a.identityDisclosed,
    template_id: a.templateId ?? null,
    free_text: a.text !== undefined,
    number_digest: numberDigest,
    local_date: state.localDate,
  };
  const entry: EvidenceInput = {
    kind: 'gate_decision',
    portfolioId: a.portfolioId,
    debtorId: a.debtorId,
    accountId: a.accountId,
    actor: a.actor ?? (a.collectorId ? `collector:${a.collectorId}` : 'system:gate'),
    occurredAt: a.at,
    payload,
  };
  const result: AttemptResult = {
    allowed: explained.allowed,
    rules: [...explained.rules],
    attemptId: null,
    evidenceSeq: null,
    pack,
    localDate: state.localDate,
    nextAllowedAt:
      explained.allowed || explained.nextAllowedAt === null
        ? null
        : new Date(explained.nextAllowedAt),
    attemptedAt: a.at,
    replayed: false,
  };
  const finish = async (evidenceSeq: bigint | null): Promise<void> => {
    result.evidenceSeq = evidenceSeq;
    if (
      a.idempotencyKey &&
      !(await insertRequestRow(
        tx,
        a.portfolioId,
        a.idempotencyKey,
        requestDigest as string,
        resultJson(result),
        a.at,
      ))
    )
      throw reusedKey();
  };
  return { result, entry, row, finish };
}

function digestRequest(a: AttemptInput, numberDigest: string | null): string {
  const fields = [
    a.debtorId,
    a.accountId,
    a.channel,
    a.recipient,
    numberDigest,
    a.collectorId ?? null,
    a.identityDisclosed,
    a.templateId ?? null,
    a.text ?? null,
    a.actionId === undefined ? null : String(a.actionId),
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function reusedKey(): AppError {
  return new AppError('conflict', 'this idempotency key was used for a different contact request', {
    field: 'idempotency-key',
    reason: 'idempotency_key_reused' satisfies ComplianceRefusal,
  });
}

type ResultJson = {
  allowed: boolean;
  rules: RuleExplanation[];
  attempt_id: string | null;
  evidence_seq: string | null;
  pack: AttemptResult['pack'];
  local_date: string;
  next_allowed_at: string | null;
  attempted_at: string;
};

function resultJson(r: AttemptResult): ResultJson {
  return {
    allowed: r.allowed,
    rules: r.rules,
    attempt_id: r.attemptId === null ? null : String(r.attemptId),
    evidence_seq: r.evidenceSeq === null ? null : String(r.evidenceSeq),
    pack: r.pack,
    local_date: r.localDate,
    next_allowed_at: r.nextAllowedAt?.toISOString() ?? null,
    attempted_at: r.attemptedAt.toISOString(),
  };
}

function replay(stored: Uint8Array, digest: string, json: Record<string, unknown>): AttemptResult {
  if (Buffer.from(stored).toString('hex') !== digest) throw reusedKey();
  const j = json as ResultJson;
  return {
    allowed: j.allowed,
    rules: j.rules,
    attemptId: j.attempt_id === null ? null : BigInt(j.attempt_id),
    evidenceSeq: j.evidence_seq === null ? null : BigInt(j.evidence_seq),
    pack: j.pack,
    localDate: j.local_date,
    nextAllowedAt: j.next_allowed_at === null ? null : new Date(j.next_allowed_at),
    attemptedAt: new Date(j.attempted_at),
    replayed: true,
  };
}
