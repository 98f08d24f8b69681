/**
 * A complaint defence pack for one debtor: every contact attempt with the gate decision it
 * passed, the outcome, the message rendered from which template version and what became of it,
 * and every evidence entry about the debtor with its inclusion proof. Read in one transaction, so
 * the parts agree with each other, in which the export is recorded in the administration trail
 * (admin_defence_pack_exported, about the debtor).
 */
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import {
  linkEvidence,
  proveDebtorEvidence,
  recordAdministration,
  type InclusionProofJson,
} from '../../audit/index.js';
import { listPortfolios } from '../../portfolio/index.js';
import { attemptsOfDebtor, messagesOfDebtor, type DebtorMessageRow } from '../store.js';

export type BuildDefencePackOptions = {
  db: Db;
  portfolio: string;
  debtorId: string;
  generatedAt: Date;
  /** who exports the pack (recorded in the evidence log as of generatedAt) */
  actor: string;
  /**
   * Record the export in the administration trail (default). An access request's export, which
   * reads the pack as part of a larger document, records its own entry instead.
   */
  recordExport?: boolean;
};

export type DefencePackMessage = {
  message_id: string;
  template_id: string;
  template_version: number;
  locale: string;
  subject: string | null;
  body: string;
  status: string;
  tries: number;
  idempotency_key: string;
  provider_message_id: string | null;
  sent_at: string | null;
  delivery_status: string | null;
  delivered_at: string | null;
};

export type DefencePackAttempt = {
  attempt_id: string;
  account_id: string;
  action_id: string | null;
  collector_id: string | null;
  agency_id: string | null;
  channel: string;
  recipient: string;
  identity_disclosed: boolean;
  attempted_at: string;
  local_date: string;
  gate: Record<string, unknown>;
  answered: boolean | null;
  conversation: boolean | null;
  outcome: string | null;
  outcome_details: Record<string, unknown>;
  outcome_recorded_at: string | null;
  template_id: string | null;
  message: DefencePackMessage | null;
};

export type DefencePack = {
  format: 'recourse-defence-pack/1';
  portfolio: string;
  portfolio_id: string;
  debtor_id: string;
  generated_at: string;
  attempts: DefencePackAttempt[];
  evidence: InclusionProofJson[];
};

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function messageJson(m: DebtorMessageRow): DefencePackMessage {
  return {
    message_id: m.message_id.toString(),
    template_id: m.template_id,
    template_version: m.template_version,
    locale: m.locale,
    subject: m.subject,
    body: m.body,
    status: m.status,
    tries: m.tries,
    idempotency_key: m.idempotency_key,
    provider_message_id: m.provider_message_id,
    sent_at: iso(m.sent_at),
    delivery_status: m.delivery_status,
    delivered_at: iso(m.delivered_at),
  };
}

export async function buildDefencePack(opts: BuildDefencePackOptions): Promise<DefencePack> {
  const portfolio = (await listPortfolios({ db: opts.db })).find((p) => p.name === opts.portfolio);
  if (!portfolio) throw new AppError('not_found', `no portfolio named ${opts.portfolio}`);
  const id = BigInt(portfolio.portfolio_id);
  // Every committed entry is linked first, so that each can be proven.
  await linkEvidence({ db: opts.db });
  return opts.db.transaction(async (tx) => {
    const attempts = await attemptsOfDebtor(tx, id, opts.debtorId);
    const messages = await messagesOfDebtor(tx, id, opts.debtorId);
    const evidence = await proveDebtorEvidence({
      db: tx,
      portfolioId: id,
      debtorId: opts.debtorId,
    });
    if (attempts.length === 0 && evidence.length === 0)
      throw new AppError(
        'not_found',
        `nothing recorded for debtor ${opts.debtorId} in portfolio ${opts.portfolio}`,
      );
    if (opts.recordExport !== false)
      await recordAdministration({
        db: tx,
        entry: {
          kind: 'admin_defence_pack_exported',
          actor: opts.actor,
          occurredAt: opts.generatedAt,
          portfolioId: id,
          debtorId: opts.debtorId,
          payload: {
            portfolio: opts.portfolio,
            attempts: attempts.length,
            evidence_entries: evidence.length,
          },
        },
      });
    const byAttempt = new Map(messages.map((m) => [m.attempt_id.toString(), m]));
    return {
      format: 'recourse-defence-pack/1',
      portfolio: opts.portfolio,
      portfolio_id: id.toString(),
      debtor_id: opts.debtorId,
      generated_at: opts.generatedAt.toISOString(),
      attempts: attempts.map((a) => {
        const m = byAttempt.get(a.attempt_id.toString());
        return {
          attempt_id: a.attempt_id.toString(),
          account_id: a.account_id,
          action_id: a.action_id === null ? null : a.action_id.toString(),
          collector_id: a.collector_id,
          agency_id: a.agency_id,
          channel: a.channel,
          recipient: a.recipient,
          identity_disclosed: a.identity_disclosed,
          attempted_at: a.attempted_at.toISOString(),
          local_date: a.local_date,
          gate: a.gate,
          answered: a.answered,
          conversation: a.conversation,
          outcome: a.outcome,
          outcome_details: a.outcome_details,
          outcome_recorded_at: iso(a.outcome_recorded_at),
          template_id: a.template_id,
          message: m ? messageJson(m) : null,
        };
      }),
      evidence,
    };
  });
}
