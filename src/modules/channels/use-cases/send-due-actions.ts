/**
 * Automated sends: the due SMS, WeChat, email and letter actions the daily cycle planned go
 * through the live compliance gate into the outbox. Each action is settled in one transaction of
 * its own, under its row lock: the strategy's approved template and the debtor's destination are
 * found (a template family resolves to its member in the debtor's language, see
 * domain/template-family.ts; an exact template id is sent as named), the gate decides (its decision, allowed or blocked with every rule, goes to the evidence
 * log), and then
 * - allowed: the message is queued in the outbox and the action is done;
 * - blocked by time alone (contact hours, a holiday, a daily cap: the gate gives the next allowed
 *   instant): the action is deferred to that instant (and its due date moved to that day);
 * - blocked otherwise, or no approved template (no_approved_template, or for a family
 *   no_approved_template_for_locale / template_channel_mismatch), no destination, a variable it
 *   cannot fill: the action is cancelled with that reason.
 * Each step is recorded in automated_sends in the same transaction, so an action is never sent
 * twice: a rerun finds it done, and a concurrent run cannot take it (SKIP LOCKED).
 *
 * A run has a deterministic id, send-due:<as-of>:<instant to the minute>; a run already recorded
 * is not run again (its summary is returned). The outbox is then delivered by dispatchOutbox.
 */
import { dateInZone, type CalendarDate } from '../../../shared/calendar.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { attemptContact } from '../../compliance/index.js';
import { findMessageContact } from '../../portfolio/index.js';
import {
  listDueAutomatedActions,
  settleAutomatedAction,
  takeAutomatedAction,
  type AutomatedAction,
} from '../../queues/index.js';
import { findActionTemplate } from '../../strategy/index.js';
import { destination, messageValues, type Sender } from '../domain/automated-message.js';
import { chooseFamilyMember } from '../domain/template-family.js';
import type { MessageChannel } from '../domain/template.js';
import {
  deferredAfter,
  fallbackLocale,
  familyMembers,
  getTemplateVersion,
  findSendDueRun,
  insertSendDueRun,
  latestApprovedVersion,
  saveAutomatedSend,
  type AutomatedSendRow,
  type TemplateVersionRow,
} from '../store.js';
import { enqueueMessage } from './enqueue-message.js';

export type SendDueActionsOptions = {
  db: Db;
  cipher: PiiCipher;
  /** The business date: actions due on or before it are sent. */
  asOf: CalendarDate;
  /** The instant of the attempts (the gate judges contact hours at it). */
  at: Date;
  /** The channels that have adapters; actions on other channels wait. */
  channels: readonly MessageChannel[];
  sender: Sender;
  /** The bank's zone: a deferred action is due on the date of its next allowed instant there. */
  timeZone: string;
  /** Actions read per page (default 200). */
  pageSize?: number;
};

export type SendDueSummary = {
  run_id: string;
  as_of: string;
  at: string;
  /** True when this run was recorded before: nothing was done now. */
  replayed: boolean;
  considered: number;
  queued: number;
  deferred: number;
  closed: number;
  /**
   * Closed actions by reason (compliance_blocked:<rules>, no_approved_template,
   * no_approved_template_for_locale, template_channel_mismatch ...).
   */
  closed_by_reason: Record<string, number>;
  /** Actions another run or a collector held at the time. */
  skipped: number;
  /** Actions whose transaction failed (rolled back: still open, tried again by the next run). */
  failed: Array<{ portfolio_id: string; action_id: string; error: string }>;
};

type Outcome = { status: AutomatedSendRow['status']; reason: string | null };

/** Who sends automated messages: the collector id their attempts carry, and the evidence actor. */
export const automatedSenderId = 'system:send-due';

export function sendDueRunId(asOf: CalendarDate, at: Date): string {
  return `send-due:${asOf}:${at.toISOString().slice(0, 16)}Z`;
}

export async function sendDueActions(opts: SendDueActionsOptions): Promise<SendDueSummary> {
  const { db, asOf, at } = opts;
  const runId = sendDueRunId(asOf, at);
  const earlier = await findSendDueRun(db, runId);
  if (earlier) return { ...(earlier as SendDueSummary), replayed: true };
  const summary: SendDueSummary = {
    run_id: runId,
    as_of: asOf,
    at: at.toISOString(),
    replayed: false,
    considered: 0,
    queued: 0,
    deferred: 0,
    closed: 0,
    closed_by_reason: {},
    skipped: 0,
    failed: [],
  };
  if (opts.channels.length > 0) {
    let after = 0n;
    for (;;) {
      const page = await listDueAutomatedActions({
        db,
        asOf,
        channels: opts.channels,
        afterActionId: after,
        limit: opts.pageSize ?? 200,
      });
      if (page.length === 0) break;
      after = page[page.length - 1]!.action_id;
      const key = (a: AutomatedAction) => `${a.portfolio_id}:${a.action_id}`;
      const later = await deferredAfter(db, page.map(key), at);
      for (const action of page) {
        if (later.has(key(action))) continue;
        summary.considered++;
        let outcome: Outcome | null;
        try {
          outcome = await db.transaction(async (tx) => {
            const taken = await takeAutomatedAction({
              tx,
              portfolioId: action.portfolio_id,
              actionId: action.action_id,
            });
            return taken ? settleAction(tx, taken, runId, opts) : null;
          });
        } catch (e) {
          // One action's failure (an unknown debtor, a template that will not render ...) does
          // not stop the others; its messages carry no personal data.
          summary.failed.push({
            portfolio_id: String(action.portfolio_id),
            action_id: String(action.action_id),
            error: (e instanceof Error ? e.message : String(e)).slice(0, 300),
          });
          continue;
        }
        if (!outcome) summary.skipped++;
        else if (outcome.status === 'queued') summary.queued++;
        else if (outcome.status === 'deferred') summary.deferred++;
        else {
          summary.closed++;
          const r = outcome.reason ?? 'closed';
          summary.closed_by_reason[r] = (summary.closed_by_reason[r] ?? 0) + 1;
        }
      }
    }
  }
  await insertSendDueRun(db, { runId, asOf, at, summary });
  return summary;
}

/** One action through the gate, in the caller's transaction (the action is locked). */
async function settleAction(
  tx: Queryable,
  action: AutomatedAction,
  runId: string,
  opts: SendDueActionsOptions,
): Promise<Outcome> {
  const { at } = opts;
  const ids = { portfolioId: action.portfolio_id, actionId: action.action_id };
  const record: Omit<AutomatedSendRow, 'status' | 'reason'> = {
    ...ids,
    nextAt: null,
    rules: [],
    templateId: null,
    templateVersion: null,
    attemptId: null,
    messageId: null,
    evidenceSeq: null,
    runId,
    at,
  };
  const close = async (reason: string, extra: Partial<AutomatedSendRow> = {}) => {
    await settleAutomatedAction({ tx, ...ids, change: { kind: 'cancel', reason } });
    await saveAutomatedSend(tx, { ...record, ...extra, status: 'closed', reason });
    return { status: 'closed' as const, reason };
  };
  const channel = action.channel as MessageChannel;
  const named =
    action.template_id ??
    (await findActionTemplate({
      db: tx,
      strategyId: action.strategy_id,
      strategyVersion: action.strategy_version,
      kind: action.kind,
      actionKey: action.action_key,
    }));
  if (!named) return close('no_approved_template');
  const facts = await findMessageContact({
    db: tx,
    cipher: opts.cipher,
    portfolioId: action.portfolio_id,
    accountId: action.account_id,
  });
  // A family (one template per locale) gives the member in the debtor's language; a name that is
  // no family is an exact template id, sent whatever the debtor's language (as named).
  const members = await familyMembers(tx, named);
  let template: TemplateVersionRow | null;
  if (members.length > 0) {
    if (!facts) return close(`no_${channel}_destination`, { templateId: named });
    const choice = chooseFamilyMember(members, {
      locale: facts.language,
      channel,
      fallback: await fallbackLocale(tx, action.portfolio_id),
    });
    if (!choice.ok) return close(choice.reason, { templateId: named });
    template = await getTemplateVersion(tx, choice.templateId, choice.version);
  } else {
    template = await latestApprovedVersion(tx, named);
    if (template?.channel !== channel) template = null;
  }
  if (!template) return close('no_approved_template', { templateId: named });
  const templateId = template.template_id;
  const found = { templateId, templateVersion: template.version };
  const to = facts ? destination(channel, { ...facts, accountId: action.account_id }) : null;
  if (!facts || !to) return close(`no_${channel}_destination`, found);
  const values = messageValues(template, { ...facts, accountId: action.account_id }, opts.sender);
  if (!values.ok) return close(`cannot_fill:${values.missing.join(',')}`, found);

  const decision = await attemptContact({
    db: tx,
    cipher: opts.cipher,
    portfolioId: action.portfolio_id,
    accountId: action.account_id,
    debtorId: action.debtor_id,
    channel,
    recipient: 'debtor',
    number: channel === 'sms' ? to : undefined,
    // An automated message names the bank (every template does) and is sent under this id: the
    // gate refuses anonymous collection.
    collectorId: automatedSenderId,
    identityDisclosed: true,
    templateId,
    actionId: action.action_id,
    at,
    actor: automatedSenderId,
  });
  const gate = {
    ...found,
    rules: decision.rules,
    evidenceSeq: decision.evidenceSeq,
  };
  if (!decision.allowed) {
    if (decision.nextAllowedAt) {
      const dueOn = dateInZone(decision.nextAllowedAt, opts.timeZone);
      await settleAutomatedAction({ tx, ...ids, change: { kind: 'postpone', dueOn } });
      await saveAutomatedSend(tx, {
        ...record,
        ...gate,
        status: 'deferred',
        nextAt: decision.nextAllowedAt,
        reason: `deferred:${decision.rules.map((r) => r.code).join(',')}`,
      });
      return { status: 'deferred', reason: null };
    }
    return close(`compliance_blocked:${decision.rules.map((r) => r.code).join(',')}`, gate);
  }
  const message = await enqueueMessage({
    tx,
    cipher: opts.cipher,
    attemptId: decision.attemptId!,
    portfolioId: action.portfolio_id,
    templateId,
    version: template.version,
    variables: values.values,
    to,
    notBefore: at,
  });
  await settleAutomatedAction({ tx, ...ids, change: { kind: 'done', at } });
  await saveAutomatedSend(tx, {
    ...record,
    ...gate,
    status: 'queued',
    reason: null,
    attemptId: decision.attemptId,
    messageId: message.messageId,
  });
  return { status: 'queued', reason: null };
}
