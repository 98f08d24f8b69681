import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { listDebtorPromises, listPlans, listSettlements } from '../../arrangements/index.js';
import { recordAdministration } from '../../audit/index.js';
import { adminActorOf, type Principal } from '../../auth/index.js';
import { buildDefencePack, type DefencePack } from '../../channels/index.js';
import { listDebtorFlags } from '../../compliance/index.js';
import { getAccountLedger, listAccountPayments } from '../../payments/index.js';
import {
  findPortfolio,
  listPersonalDataReads,
  logPersonalDataExport,
  personalFields,
  readDebtorRecord,
  requireInScope,
  type RevealPurpose,
} from '../../portfolio/index.js';
import { listDebtorTasks } from '../../queues/index.js';
import { getDebtorSegment } from '../../strategy/index.js';
import { exportJson, type ExportValue } from '../domain/export-json.js';

export type ExportPersonalDataOptions = {
  db: Db;
  cipher: PiiCipher;
  actor: Principal;
  portfolioId: bigint;
  debtorId: string;
  purpose: RevealPurpose;
  note: string | null;
  at: Date;
};

export type PersonalDataExport = {
  format: 'recourse-personal-data-export/1';
  generated_at: string;
  portfolio: string;
  portfolio_id: string;
  debtor_id: string;
  requested_by: string;
  purpose: RevealPurpose;
  note: string | null;
  /** this export's entry in the log of personal data reads */
  read_id: string;
  /** null, or when and that the person's data was anonymised under the retention rules */
  anonymised: { at: string; statement: string } | null;
  identity: { [key: string]: ExportValue };
  accounts: ExportValue[];
  ledgers: ExportValue[];
  payments: ExportValue[];
  promises: ExportValue[];
  installment_plans: ExportValue[];
  settlements: ExportValue[];
  contact_attempts: ExportValue[];
  flags: ExportValue[];
  actions: ExportValue[];
  segment: ExportValue;
  evidence: ExportValue[];
  personal_data_reads: ExportValue[];
};

const everDate = '0001-01-01';

/**
 * Everything Recourse holds about one person, in one JSON document (PIPL art. 45: the right to a
 * copy): who they are with their identifiers and contact points unsealed, their accounts, ledgers,
 * payments, promises, plans and settlements, every contact attempt with its outcome and the
 * message sent, their flags, the work planned for them, their segment and why, the evidence
 * entries about them, and every read of their personal data. The export itself is logged as such
 * a read (who, when, which fields, why) before the document is returned; it is in the document.
 */
export async function exportPersonalData(
  o: ExportPersonalDataOptions,
): Promise<PersonalDataExport> {
  const portfolio = await findPortfolio({ db: o.db, portfolioId: o.portfolioId });
  if (!portfolio) throw new AppError('not_found', `no portfolio ${o.portfolioId}`);
  await requireInScope({
    db: o.db,
    scope: o.actor.scope,
    portfolioId: o.portfolioId,
    debtorId: o.debtorId,
  });
  // attempts, messages and evidence as the defence pack reads them (it links the evidence first)
  let pack: DefencePack | null = null;
  try {
    pack = await buildDefencePack({
      db: o.db,
      portfolio: portfolio.name,
      debtorId: o.debtorId,
      generatedAt: o.at,
      actor: adminActorOf(o.actor),
      recordExport: false,
    });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'not_found')) throw e;
  }
  return o.db.transaction(async (tx) => {
    const { portfolioId, debtorId } = o;
    const record = await readDebtorRecord({ db: tx, cipher: o.cipher, portfolioId, debtorId });
    if (!record)
      throw new AppError('not_found', `no debtor ${debtorId} in portfolio ${portfolio.name}`);
    const accountIds = record.accounts.map((a) => a.account_id);
    const ledgers = [];
    const payments = [];
    const plans = [];
    const settlements = [];
    for (const accountId of accountIds) {
      const ledger = await getAccountLedger({ db: tx, portfolioId, accountId });
      ledgers.push({ account_id: accountId, postings: ledger.postings, summary: ledger.summary });
      payments.push(...(await listAccountPayments({ tx, portfolioId, accountId, from: everDate })));
      const filter = { db: tx, portfolioId, accountId, limit: 10_000 };
      plans.push(...(await listPlans(filter)));
      settlements.push(...(await listSettlements(filter)));
    }
    const present = new Set<string>(['name']);
    for (const a of record.accounts)
      for (const f of personalFields) if (a.personal[f]) present.add(f);
    const readId = await logPersonalDataExport({
      tx,
      actor: o.actor,
      portfolioId,
      debtorId,
      fields: [...present],
      purpose: o.purpose,
      note: o.note,
      at: o.at,
    });
    // data leaving the platform: in the administration trail, without the data or the note
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_personal_data_exported',
        actor: adminActorOf(o.actor),
        occurredAt: o.at,
        portfolioId,
        debtorId,
        payload: { read_id: readId.toString(), purpose: o.purpose, fields: [...present] },
      },
    });
    const d = record.debtor;
    const anonymisedAt = d.anonymised_at;
    return {
      format: 'recourse-personal-data-export/1',
      generated_at: o.at.toISOString(),
      portfolio: portfolio.name,
      portfolio_id: portfolioId.toString(),
      debtor_id: debtorId,
      requested_by: o.actor.username,
      purpose: o.purpose,
      note: o.note,
      read_id: readId.toString(),
      anonymised: anonymisedAt
        ? {
            at: anonymisedAt.toISOString(),
            statement:
              'This person was anonymised under the retention rules: their name was replaced by ' +
              'a pseudonym and their identifiers, contact points and free-text notes were ' +
              'erased. What remains (amounts, dates, outcomes) is kept without them.',
          }
        : null,
      identity: {
        name: d.name,
        country: d.country,
        language: d.language,
        timezone: d.timezone,
        created_at: d.created_at.toISOString(),
        updated_at: d.updated_at.toISOString(),
      },
      accounts: record.accounts.map(exportJson),
      ledgers: ledgers.map(exportJson),
      payments: payments.map(exportJson),
      promises: (await listDebtorPromises({ db: tx, portfolioId, debtorId })).map(exportJson),
      installment_plans: plans.map(exportJson),
      settlements: settlements.map(exportJson),
      contact_attempts: (pack?.attempts ?? []).map(exportJson),
      flags: (await listDebtorFlags({ db: tx, portfolioId, debtorId })).map(exportJson),
      actions: (await listDebtorTasks({ db: tx, portfolioId, debtorId })).map(exportJson),
      segment: exportJson(await getDebtorSegment({ db: tx, portfolioId, debtorId })),
      evidence: (pack?.evidence ?? []).map((p) => exportJson(p.entry)),
      personal_data_reads: (await listPersonalDataReads({ db: tx, portfolioId, debtorId })).map(
        exportJson,
      ),
    };
  });
}
