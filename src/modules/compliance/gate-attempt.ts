/**
 * The live gate on one attempt, inside the caller's transaction: lock the debtor (and the number
 * dialled), load, decide, record. Two attempts on one debtor are serialised by a transaction-
 * scoped advisory lock, so the second decides on a history that includes the first: they can
 * never both pass when only one is allowed. Used by the attemptContact use case; the benchmark
 * runs it without the evidence append to measure the log's cost.
 */
import type { JsonObject } from '../audit/index.js';
import { appendEvidence } from '../audit/index.js';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { ContactAttempt } from './domain/contact-attempt.js';
import { explainDecision, type RuleExplanation } from './domain/explain.js';
import type { Channel, PackId, Recipient } from './domain/vocabulary.js';
import { loadGateState, type NumberDigester } from './gate-state.js';
import { insertAttemptRow, lockKey } from './store.js';

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

export async function gateAttempt(
  tx: Queryable,
  a: AttemptInput,
  digester: NumberDigester,
  recordEvidence: boolean,
): Promise<AttemptResult> {
  validateAttempt(a);
  const numberDigest = a.number ? digester.digest(`phone:${a.number}`).toString('hex') : null;
  await lockKey(tx, debtorLockKey(a.portfolioId, a.debtorId));
  // Per-number caps count other debtors' calls too: serialise on the number as well (always
  // after the debtor's lock, so two attempts never wait on each other's locks).
  if (numberDigest) await lockKey(tx, `number:${a.portfolioId}:${numberDigest}`);
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
  let attemptId: bigint | null = null;
  if (explained.allowed)
    attemptId = await insertAttemptRow(tx, {
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
    });
  let evidenceSeq: bigint | null = null;
  if (recordEvidence) {
    const payload: JsonObject = {
      allowed: explained.allowed,
      rules: explained.rules.map((r) => ({ code: r.code, source: r.source, message: r.message })),
      ...gate,
      attempt_id: attemptId,
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
    const [entry] = await appendEvidence({
      db: tx,
      entries: [
        {
          kind: 'gate_decision',
          portfolioId: a.portfolioId,
          debtorId: a.debtorId,
          accountId: a.accountId,
          actor: a.actor ?? (a.collectorId ? `collector:${a.collectorId}` : 'system:gate'),
          occurredAt: a.at,
          payload,
        },
      ],
    });
    evidenceSeq = entry?.seq ?? null;
  }
  return {
    allowed: explained.allowed,
    rules: [...explained.rules],
    attemptId,
    evidenceSeq,
    pack,
    localDate: state.localDate,
    nextAllowedAt:
      explained.allowed || explained.nextAllowedAt === null
        ? null
        : new Date(explained.nextAllowedAt),
  };
}
