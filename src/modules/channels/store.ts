/**
 * SQL for the channels module's own tables: message_templates, message_template_versions and
 * message_outbox. The one read of another module's table (contact_attempts, the gate's record) is
 * `attemptAndTemplate`: it proves that a message passed the gate.
 */
import type { Queryable } from '../../shared/db/types.js';
import type { LintFinding } from './domain/lint.js';
import type { FamilyMember } from './domain/template-family.js';
import type {
  MessageChannel,
  TemplateLocale,
  TemplateStatus,
  TransitionResult,
} from './domain/template.js';

export type TemplateRow = {
  template_id: string;
  family: string;
  locale: TemplateLocale;
  channel: MessageChannel;
  created_by: string;
  created_at: Date;
};

export type TemplateVersionRow = {
  template_id: string;
  version: number;
  family: string;
  locale: TemplateLocale;
  channel: MessageChannel;
  subject: string | null;
  body: string;
  status: TemplateStatus;
  lint_findings: LintFinding[];
  created_by: string;
  created_at: Date;
  submitted_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  retired_by: string | null;
  retired_at: Date | null;
};

const versionColumns = `v.template_id, v.version, t.family, t.locale, t.channel, v.subject, v.body, v.status,
  v.lint_findings, v.created_by, v.created_at, v.submitted_at, v.decided_by, v.decided_at,
  v.decision_note, v.retired_by, v.retired_at`;

export async function findTemplate(tx: Queryable, templateId: string): Promise<TemplateRow | null> {
  const [row] = await tx.query<TemplateRow>(
    `SELECT template_id, family, locale, channel, created_by, created_at
     FROM message_templates WHERE template_id = $1 FOR UPDATE`,
    [templateId],
  );
  return row ?? null;
}

export async function insertTemplate(
  tx: Queryable,
  t: {
    templateId: string;
    family: string;
    locale: TemplateLocale;
    channel: MessageChannel;
    createdBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO message_templates (template_id, family, locale, channel, created_by)
     VALUES ($1, $2, $3, $4, $5)`,
    [t.templateId, t.family, t.locale, t.channel, t.createdBy],
  );
}

/** The templates of a family (one per locale), locked: a new member waits for a concurrent one. */
export async function familyTemplates(tx: Queryable, family: string): Promise<TemplateRow[]> {
  return tx.query<TemplateRow>(
    `SELECT template_id, family, locale, channel, created_by, created_at
     FROM message_templates WHERE family = $1 ORDER BY locale FOR UPDATE`,
    [family],
  );
}

export async function insertTemplateVersion(
  tx: Queryable,
  v: {
    templateId: string;
    subject: string | null;
    body: string;
    createdBy: string;
    findings: readonly LintFinding[];
  },
): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    `INSERT INTO message_template_versions (template_id, version, subject, body, created_by,
       lint_findings)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5::jsonb
     FROM message_template_versions WHERE template_id = $1
     RETURNING version`,
    [v.templateId, v.subject, v.body, v.createdBy, JSON.stringify(v.findings)],
  );
  return row!.version;
}

export async function getTemplateVersion(
  tx: Queryable,
  templateId: string,
  version: number,
  lock = false,
): Promise<TemplateVersionRow | null> {
  const [row] = await tx.query<TemplateVersionRow>(
    `SELECT ${versionColumns}
     FROM message_template_versions v JOIN message_templates t USING (template_id)
     WHERE v.template_id = $1 AND v.version = $2 ${lock ? 'FOR UPDATE OF v' : ''}`,
    [templateId, version],
  );
  return row ?? null;
}

export type VersionFilter = {
  status?: TemplateStatus;
  channel?: MessageChannel;
  locale?: TemplateLocale;
  templateId?: string;
  family?: string;
};

export async function listTemplateVersions(
  tx: Queryable,
  f: VersionFilter,
): Promise<TemplateVersionRow[]> {
  return tx.query<TemplateVersionRow>(
    `SELECT ${versionColumns}
     FROM message_template_versions v JOIN message_templates t USING (template_id)
     WHERE ($1::text IS NULL OR v.status = $1) AND ($2::text IS NULL OR t.channel = $2)
       AND ($3::text IS NULL OR t.locale = $3) AND ($4::text IS NULL OR v.template_id = $4)
       AND ($5::text IS NULL OR t.family = $5)
     ORDER BY v.template_id, v.version`,
    [f.status ?? null, f.channel ?? null, f.locale ?? null, f.templateId ?? null, f.family ?? null],
  );
}

/** The texts of every approved version (the only texts an automated channel may send). */
export async function approvedTexts(
  tx: Queryable,
): Promise<Array<{ subject: string | null; body: string }>> {
  return tx.query(
    `SELECT subject, body FROM message_template_versions WHERE status = 'approved'
     ORDER BY template_id, version`,
  );
}

export async function updateVersionStatus(
  tx: Queryable,
  v: {
    templateId: string;
    version: number;
    result: Extract<TransitionResult, { ok: true }>;
    actor: string;
    note: string | null;
    findings: readonly LintFinding[];
  },
): Promise<void> {
  const s = v.result.status;
  await tx.query(
    `UPDATE message_template_versions SET
       status = $3,
       lint_findings = CASE WHEN status = 'approved' THEN lint_findings ELSE $6::jsonb END,
       submitted_at = CASE WHEN $3 = 'pending_approval' THEN now() ELSE submitted_at END,
       decided_by = CASE WHEN $3 IN ('approved', 'rejected') THEN $4 ELSE decided_by END,
       decided_at = CASE WHEN $3 IN ('approved', 'rejected') THEN now() ELSE decided_at END,
       decision_note = CASE WHEN $3 IN ('approved', 'rejected') THEN $5 ELSE decision_note END,
       retired_by = CASE WHEN $3 = 'retired' THEN $4 ELSE retired_by END,
       retired_at = CASE WHEN $3 = 'retired' THEN now() ELSE retired_at END
     WHERE template_id = $1 AND version = $2`,
    [v.templateId, v.version, s, v.actor, v.note, JSON.stringify(v.findings)],
  );
}

/** Inserts an approved version as the demo's seed (maker and checker are system names). */
export async function insertApprovedVersion(
  tx: Queryable,
  v: {
    templateId: string;
    family: string;
    locale: TemplateLocale;
    channel: MessageChannel;
    subject: string | null;
    body: string;
    maker: string;
    checker: string;
  },
): Promise<boolean> {
  // nothing when the id is taken, or the family already has a template in this locale
  const inserted = await tx.execute(
    `INSERT INTO message_templates (template_id, family, locale, channel, created_by)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [v.templateId, v.family, v.locale, v.channel, v.maker],
  );
  if (inserted === 0) return false;
  await tx.query(
    `INSERT INTO message_template_versions (template_id, version, subject, body, status,
       created_by, submitted_at, decided_by, decided_at, decision_note)
     VALUES ($1, 1, $2, $3, 'approved', $4, now(), $5, now(), 'demo library')`,
    [v.templateId, v.subject, v.body, v.maker, v.checker],
  );
  return true;
}

// ---- the gate's record ----

export type AllowedAttemptRow = {
  portfolio_id: bigint;
  attempt_id: bigint;
  account_id: string;
  debtor_id: string;
  channel: string;
  recipient: string;
  template_id: string | null;
};

/**
 * The contact attempt a message belongs to (locked against concurrent change; a row exists only
 * when the compliance gate allowed the attempt: contact_attempts holds allowed attempts only) and the template version a message would be
 * rendered from, read in one statement: the enqueue path's only read.
 */
export async function attemptAndTemplate(
  tx: Queryable,
  attemptId: bigint,
  portfolioId: bigint | null,
  templateId: string,
  version: number,
): Promise<{ attempt: AllowedAttemptRow | null; template: TemplateVersionRow | null }> {
  const rows = await tx.query<{ which: 'attempt' | 'template'; row: Record<string, unknown> }>(
    `WITH a AS (
       SELECT portfolio_id, attempt_id, account_id, debtor_id, channel, recipient, template_id
       FROM contact_attempts
       WHERE attempt_id = $1 AND ($2::int8 IS NULL OR portfolio_id = $2)
       FOR KEY SHARE
     )
     SELECT 'attempt' AS which, json_build_object('portfolio_id', portfolio_id::text,
       'attempt_id', attempt_id::text, 'account_id', account_id, 'debtor_id', debtor_id,
       'channel', channel, 'recipient', recipient, 'template_id', template_id) AS row
     FROM a
     UNION ALL
     SELECT 'template', json_build_object('template_id', v.template_id, 'version', v.version,
       'locale', t.locale, 'channel', t.channel, 'subject', v.subject, 'body', v.body,
       'status', v.status)
     FROM message_template_versions v JOIN message_templates t USING (template_id)
     WHERE v.template_id = $3 AND v.version = $4`,
    [attemptId, portfolioId, templateId, version],
  );
  const a = rows.find((r) => r.which === 'attempt')?.row;
  const t = rows.find((r) => r.which === 'template')?.row;
  return {
    attempt: a
      ? ({
          ...a,
          portfolio_id: BigInt(a.portfolio_id as string),
          attempt_id: BigInt(a.attempt_id as string),
        } as AllowedAttemptRow)
      : null,
    template: t ? (t as unknown as TemplateVersionRow) : null,
  };
}

// ---- the outbox ----

export type OutboxRow = {
  portfolio_id: bigint;
  message_id: bigint;
  attempt_id: bigint;
  account_id: string;
  debtor_id: string;
  channel: MessageChannel;
  template_id: string;
  template_version: number;
  locale: TemplateLocale;
  to_sealed: Uint8Array;
  subject: string | null;
  body: string;
  idempotency_key: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  tries: number;
  next_try_at: Date;
  lease_until: Date | null;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  failed_at: Date | null;
};

const outboxColumns = `portfolio_id, message_id, attempt_id, account_id, debtor_id, channel,
  template_id, template_version, locale, to_sealed, subject, body, idempotency_key, status, tries,
  next_try_at, lease_until, last_error, provider_message_id, sent_at, failed_at`;

export async function insertOutbox(
  tx: Queryable,
  m: {
    portfolioId: bigint;
    attemptId: bigint;
    accountId: string;
    debtorId: string;
    channel: MessageChannel;
    templateId: string;
    version: number;
    locale: TemplateLocale;
    toSealed: Uint8Array;
    subject: string | null;
    body: string;
    idempotencyKey: string;
    notBefore: Date;
  },
): Promise<bigint | null> {
  const [row] = await tx.query<{ message_id: bigint }>(
    `INSERT INTO message_outbox (portfolio_id, attempt_id, account_id, debtor_id, channel,
       template_id, template_version, locale, to_sealed, subject, body, idempotency_key,
       next_try_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (portfolio_id, attempt_id) DO NOTHING
     RETURNING message_id`,
    [
      m.portfolioId,
      m.attemptId,
      m.accountId,
      m.debtorId,
      m.channel,
      m.templateId,
      m.version,
      m.locale,
      m.toSealed,
      m.subject,
      m.body,
      m.idempotencyKey,
      m.notBefore,
    ],
  );
  return row?.message_id ?? null;
}

/**
 * Claims up to `limit` messages that are due (pending and due, or sending with a lapsed lease):
 * rows another dispatcher holds are skipped, and each claimed row is leased until `leaseUntil`.
 */
export async function claimDueMessages(
  tx: Queryable,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<OutboxRow[]> {
  return tx.query<OutboxRow>(
    `WITH due AS (
       SELECT portfolio_id, message_id FROM message_outbox
       WHERE (status = 'pending' AND next_try_at <= $1)
          OR (status = 'sending' AND lease_until <= $1)
       ORDER BY next_try_at, message_id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     )
     UPDATE message_outbox o SET status = 'sending', lease_until = $2, tries = o.tries + 1
     FROM due WHERE o.portfolio_id = due.portfolio_id AND o.message_id = due.message_id
     RETURNING ${outboxColumns.replace(/(\w+)/g, 'o.$1')}`,
    [now, leaseUntil, limit],
  );
}

export async function markSent(
  tx: Queryable,
  m: { portfolioId: bigint; messageId: bigint; providerMessageId: string; at: Date },
): Promise<boolean> {
  const n = await tx.execute(
    `UPDATE message_outbox SET status = 'sent', lease_until = NULL, provider_message_id = $3,
       sent_at = $4, last_error = NULL
     WHERE portfolio_id = $1 AND message_id = $2 AND status = 'sending'`,
    [m.portfolioId, m.messageId, m.providerMessageId, m.at],
  );
  return n === 1;
}

export async function markRetry(
  tx: Queryable,
  m: { portfolioId: bigint; messageId: bigint; error: string; nextTryAt: Date },
): Promise<void> {
  await tx.execute(
    `UPDATE message_outbox SET status = 'pending', lease_until = NULL, last_error = $3,
       next_try_at = $4
     WHERE portfolio_id = $1 AND message_id = $2 AND status = 'sending'`,
    [m.portfolioId, m.messageId, m.error, m.nextTryAt],
  );
}

export async function markFailed(
  tx: Queryable,
  m: { portfolioId: bigint; messageId: bigint; error: string; at: Date },
): Promise<void> {
  await tx.execute(
    `UPDATE message_outbox SET status = 'failed', lease_until = NULL, last_error = $3,
       failed_at = $4
     WHERE portfolio_id = $1 AND message_id = $2 AND status = 'sending'`,
    [m.portfolioId, m.messageId, m.error, m.at],
  );
}

/**
 * Applies a delivery receipt to the sent message the provider id names. A receipt for a message
 * not yet recorded as sent matches nothing: dispatchers apply the receipts that arrive during a
 * batch after recording the batch (see `recourse outbox dispatch`).
 */
export async function recordReceipt(
  tx: Queryable,
  r: { providerMessageId: string; status: string; at: Date },
): Promise<number> {
  return tx.execute(
    `UPDATE message_outbox SET delivery_status = $2, delivered_at = $3
     WHERE provider_message_id = $1 AND status = 'sent'`,
    [r.providerMessageId, r.status, r.at],
  );
}

export async function getOutboxMessage(
  tx: Queryable,
  portfolioId: bigint,
  messageId: bigint,
): Promise<OutboxRow | null> {
  const [row] = await tx.query<OutboxRow>(
    `SELECT ${outboxColumns} FROM message_outbox WHERE portfolio_id = $1 AND message_id = $2`,
    [portfolioId, messageId],
  );
  return row ?? null;
}

// ---- the defence pack ----

export type DebtorAttemptRow = {
  attempt_id: bigint;
  account_id: string;
  action_id: bigint | null;
  collector_id: string | null;
  agency_id: string | null;
  channel: string;
  recipient: string;
  identity_disclosed: boolean;
  template_id: string | null;
  attempted_at: Date;
  local_date: string;
  answered: boolean | null;
  conversation: boolean | null;
  outcome: string | null;
  outcome_details: Record<string, unknown>;
  outcome_recorded_at: Date | null;
  gate: Record<string, unknown>;
};

/** Every contact attempt on one debtor (the gate's record), oldest first. */
export async function attemptsOfDebtor(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<DebtorAttemptRow[]> {
  return db.query<DebtorAttemptRow>(
    `SELECT attempt_id, account_id, action_id, collector_id, agency_id, channel, recipient,
       identity_disclosed, template_id, attempted_at, local_date, answered, conversation, outcome,
       outcome_details, outcome_recorded_at, gate
     FROM contact_attempts WHERE portfolio_id = $1 AND debtor_id = $2
     ORDER BY attempted_at, attempt_id`,
    [portfolioId, debtorId],
  );
}

export type DebtorMessageRow = Omit<OutboxRow, 'to_sealed'> & {
  delivery_status: string | null;
  delivered_at: Date | null;
};

/** Every message queued for one debtor (without the sealed destination), oldest first. */
export async function messagesOfDebtor(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<DebtorMessageRow[]> {
  return db.query<DebtorMessageRow>(
    `SELECT ${outboxColumns.replace('to_sealed,', '')}, delivery_status, delivered_at
     FROM message_outbox WHERE portfolio_id = $1 AND debtor_id = $2 ORDER BY message_id`,
    [portfolioId, debtorId],
  );
}

// ---- automated sends ----

/** The latest approved version of a template (the one automated sends use), if any. */
export async function latestApprovedVersion(
  tx: Queryable,
  templateId: string,
): Promise<TemplateVersionRow | null> {
  const [row] = await tx.query<TemplateVersionRow>(
    `SELECT ${versionColumns}
     FROM message_template_versions v JOIN message_templates t USING (template_id)
     WHERE v.template_id = $1 AND v.status = 'approved' ORDER BY v.version DESC LIMIT 1`,
    [templateId],
  );
  return row ?? null;
}

/**
 * The members of a family, each with its newest version ever approved (approved, or retired since)
 * or null; empty when no template has this family.
 */
export async function familyMembers(tx: Queryable, family: string): Promise<FamilyMember[]> {
  const rows = await tx.query<{
    template_id: string;
    locale: TemplateLocale;
    channel: MessageChannel;
    version: number | null;
    status: 'approved' | 'retired' | null;
  }>(
    `SELECT t.template_id, t.locale, t.channel, d.version, d.status
     FROM message_templates t
     LEFT JOIN LATERAL (
       SELECT v.version, v.status FROM message_template_versions v
       WHERE v.template_id = t.template_id AND v.status IN ('approved', 'retired')
       ORDER BY v.version DESC LIMIT 1
     ) d ON true
     WHERE t.family = $1 ORDER BY t.locale`,
    [family],
  );
  return rows.map((r) => ({
    templateId: r.template_id,
    locale: r.locale,
    channel: r.channel,
    decided: r.version === null ? null : { version: r.version, status: r.status! },
  }));
}

/** The locale the bank chose for the portfolio's debtors (else bank-wide), or null. */
export async function fallbackLocale(
  tx: Queryable,
  portfolioId: bigint,
): Promise<TemplateLocale | null> {
  const [row] = await tx.query<{ locale: TemplateLocale }>(
    `SELECT locale FROM message_locale_fallbacks
     WHERE portfolio_id = $1 OR portfolio_id IS NULL
     ORDER BY portfolio_id NULLS LAST LIMIT 1`,
    [portfolioId],
  );
  return row?.locale ?? null;
}

/**
 * Sets (or, with null, removes) the fallback locale of a portfolio, or bank-wide; returns the
 * scope's own choice it replaced (null: none).
 */
export async function saveFallbackLocale(
  tx: Queryable,
  f: { portfolioId: bigint | null; locale: TemplateLocale | null; actor: string },
): Promise<TemplateLocale | null> {
  const [before] = await tx.query<{ locale: TemplateLocale }>(
    `DELETE FROM message_locale_fallbacks WHERE coalesce(portfolio_id, 0) = coalesce($1::int8, 0)
     RETURNING locale`,
    [f.portfolioId],
  );
  if (f.locale !== null)
    await tx.execute(
      `INSERT INTO message_locale_fallbacks (portfolio_id, locale, set_by) VALUES ($1, $2, $3)`,
      [f.portfolioId, f.locale, f.actor],
    );
  return before?.locale ?? null;
}

/** Of the given actions ("portfolio:action"), those deferred until after `at`. */
export async function deferredAfter(
  db: Queryable,
  keys: readonly string[],
  at: Date,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.query<{ k: string }>(
    `SELECT portfolio_id || ':' || action_id AS k FROM automated_sends
     WHERE status = 'deferred' AND next_at > $2
       AND (portfolio_id || ':' || action_id) = ANY($1::text[])`,
    [keys, at],
  );
  return new Set(rows.map((r) => r.k));
}

export type AutomatedSendRow = {
  portfolioId: bigint;
  actionId: bigint;
  status: 'queued' | 'deferred' | 'closed';
  nextAt: Date | null;
  reason: string | null;
  rules: unknown[];
  templateId: string | null;
  templateVersion: number | null;
  attemptId: bigint | null;
  messageId: bigint | null;
  evidenceSeq: bigint | null;
  runId: string;
  at: Date;
};

/** Records what became of an automated action (a deferred one counts its tries). */
export async function saveAutomatedSend(tx: Queryable, r: AutomatedSendRow): Promise<void> {
  await tx.execute(
    `INSERT INTO automated_sends AS s (portfolio_id, action_id, status, tries, next_at, reason,
       rules, template_id, template_version, attempt_id, message_id, evidence_seq, run_id,
       updated_at)
     VALUES ($1, $2, $3, 1, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (portfolio_id, action_id) DO UPDATE SET status = EXCLUDED.status,
       tries = s.tries + 1, next_at = EXCLUDED.next_at, reason = EXCLUDED.reason,
       rules = EXCLUDED.rules, template_id = EXCLUDED.template_id,
       template_version = EXCLUDED.template_version, attempt_id = EXCLUDED.attempt_id,
       message_id = EXCLUDED.message_id, evidence_seq = EXCLUDED.evidence_seq,
       run_id = EXCLUDED.run_id, updated_at = EXCLUDED.updated_at`,
    [
      r.portfolioId,
      r.actionId,
      r.status,
      r.nextAt,
      r.reason,
      JSON.stringify(r.rules),
      r.templateId,
      r.templateVersion,
      r.attemptId,
      r.messageId,
      r.evidenceSeq,
      r.runId,
      r.at,
    ],
  );
}

export async function findSendDueRun(
  db: Queryable,
  runId: string,
): Promise<Record<string, unknown> | null> {
  const [row] = await db.query<{ summary: Record<string, unknown> }>(
    'SELECT summary FROM send_due_runs WHERE run_id = $1',
    [runId],
  );
  return row?.summary ?? null;
}

export async function insertSendDueRun(
  db: Queryable,
  r: { runId: string; asOf: string; at: Date; summary: Record<string, unknown> },
): Promise<void> {
  await db.execute(
    `INSERT INTO send_due_runs (run_id, as_of, at, summary) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (run_id) DO NOTHING`,
    [r.runId, r.asOf, r.at, JSON.stringify(r.summary)],
  );
}
