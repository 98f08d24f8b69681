import { randomBytes } from 'node:crypto';
import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { eraseArrangementNotes } from '../../arrangements/index.js';
import {
  appendEvidence,
  linkEvidence,
  recordAdministration,
  type EvidenceInput,
} from '../../audit/index.js';
import { eraseMessages } from '../../channels/index.js';
import { eraseContactDetails, findRetentionHolds } from '../../compliance/index.js';
import { erasePayerDetails } from '../../payments/index.js';
import { anonymiseDebtors, listClosedDebtors, listPortfolios } from '../../portfolio/index.js';
import { eraseTaskNotes, findOpenLegalWork } from '../../queues/index.js';
import { decideRetention, type Hold, type RetentionDecision } from '../domain/retention.js';
import { getRetentionPeriod } from './get-retention-period.js';

export type RetentionProgress = {
  portfolio: string;
  /** debtors with a closed account looked at so far in this portfolio */
  considered: number;
  anonymised: number;
  held: number;
};

export type ApplyRetentionOptions = {
  db: Db;
  asOf: CalendarDate;
  /** list who would be anonymised (and who is held, and why), writing nothing */
  dryRun: boolean;
  /** one portfolio, by name; every portfolio when absent */
  portfolio?: string | undefined;
  /** who applies the rules, for the evidence log: user:<name>, cli:<os user> ... */
  actor: string;
  now?: () => Date;
  /** debtors looked at per transaction */
  batchSize?: number;
  onProgress?: (p: RetentionProgress) => void;
};

export type RetentionDebtor = {
  portfolio: string;
  portfolio_id: string;
  debtor_id: string;
  /** eligible: would be anonymised (dry run); anonymised: by this run; held: by a legal hold */
  status: 'eligible' | 'anonymised' | 'held';
  closed_since: CalendarDate;
  retained_until: CalendarDate;
  holds: Hold[];
};

export type RetentionCounts = {
  /** debtors with at least one closed account */
  considered: number;
  /** anonymised by this run (0 in a dry run) */
  anonymised: number;
  /** would be anonymised (dry run), or were (this run) */
  eligible: number;
  held: number;
  /** all accounts closed, but the retention period has not passed yet */
  retained: number;
  /** an account is still open */
  open: number;
  already_anonymised: number;
};

export type RetentionRun = {
  as_of: CalendarDate;
  dry_run: boolean;
  portfolios: { portfolio: string; portfolio_id: string; retention_months: number }[];
  counts: RetentionCounts;
  /** the debtors anonymised (or who would be) and those held, with why */
  debtors: RetentionDebtor[];
};

const emptyCounts = (): RetentionCounts => ({
  considered: 0,
  anonymised: 0,
  eligible: 0,
  held: 0,
  retained: 0,
  open: 0,
  already_anonymised: 0,
});

/**
 * Applies the retention rules as of a date: every debtor whose accounts have all been closed for
 * longer than the portfolio's retention period, and who is under no legal hold (a dispute, a
 * complaint, an open legal review), is anonymised: name replaced by a pseudonym, identifiers,
 * contact points and free text erased in every module that holds them, amounts, dates and
 * outcomes kept, and a `debtor_anonymised` evidence entry (ids and dates only) appended. One
 * transaction per batch of debtors; a rerun skips those already anonymised, so it is idempotent
 * and finishes what an interrupted run left. A dry run reads the same and writes nothing.
 */
export async function applyRetention(o: ApplyRetentionOptions): Promise<RetentionRun> {
  const now = o.now ?? (() => new Date());
  const batchSize = o.batchSize ?? 500;
  const all = await listPortfolios({ db: o.db });
  const portfolios = o.portfolio === undefined ? all : all.filter((p) => p.name === o.portfolio);
  if (o.portfolio !== undefined && portfolios.length === 0)
    throw new AppError('not_found', `no portfolio named ${o.portfolio}`, { field: 'portfolio' });
  const run: RetentionRun = {
    as_of: o.asOf,
    dry_run: o.dryRun,
    portfolios: [],
    counts: emptyCounts(),
    debtors: [],
  };
  for (const p of portfolios) {
    const portfolioId = BigInt(p.portfolio_id);
    const { retentionMonths } = await getRetentionPeriod({ db: o.db, portfolioId });
    run.portfolios.push({
      portfolio: p.name,
      portfolio_id: portfolioId.toString(),
      retention_months: retentionMonths,
    });
    const progress = { portfolio: p.name, considered: 0, anonymised: 0, held: 0 };
    let after = '';
    for (;;) {
      const batch = async (q: Queryable): Promise<RetentionDebtor[] | null> => {
        const page = await listClosedDebtors({ db: q, portfolioId, after, limit: batchSize });
        if (page.length === 0) return null;
        after = page[page.length - 1]!.debtor_id;
        const closed = page.filter((d) => d.all_closed && d.anonymised_at === null);
        const ids = closed.map((d) => d.debtor_id);
        const compliance = await findRetentionHolds({ db: q, portfolioId, debtorIds: ids });
        const legal = await findOpenLegalWork({ db: q, portfolioId, debtorIds: ids });
        const listed: RetentionDebtor[] = [];
        for (const d of page) {
          const held = compliance.get(d.debtor_id);
          const decision: RetentionDecision = decideRetention(
            {
              allClosed: d.all_closed,
              closedSince: d.closed_since,
              anonymised: d.anonymised_at !== null,
              holds: {
                dispute: held?.dispute ?? false,
                complaints: held?.complaints ?? 0,
                legalReviews: legal.get(d.debtor_id) ?? 0,
              },
            },
            retentionMonths,
            o.asOf,
          );
          run.counts.considered += 1;
          if (decision.status === 'anonymised') run.counts.already_anonymised += 1;
          else if (decision.status === 'open') run.counts.open += 1;
          else if (decision.status === 'retained') run.counts.retained += 1;
          else {
            if (decision.status === 'held') run.counts.held += 1;
            else run.counts.eligible += 1;
            listed.push({
              portfolio: p.name,
              portfolio_id: portfolioId.toString(),
              debtor_id: d.debtor_id,
              status: decision.status,
              closed_since: decision.closedSince,
              retained_until: decision.retainedUntil,
              holds: decision.status === 'held' ? decision.holds : [],
            });
          }
        }
        progress.considered += page.length;
        progress.held += listed.filter((d) => d.status === 'held').length;
        if (o.dryRun) return listed;
        const eligible = listed.filter((d) => d.status === 'eligible');
        const done = await anonymise(q, portfolioId, eligible, retentionMonths, o, now());
        for (const d of eligible) if (done.has(d.debtor_id)) d.status = 'anonymised';
        run.counts.anonymised += done.size;
        progress.anonymised += done.size;
        if (done.size > 0)
          await recordAdministration({
            db: q,
            entry: {
              kind: 'admin_retention_applied',
              actor: o.actor,
              occurredAt: now(),
              portfolioId,
              payload: { as_of: o.asOf, retention_months: retentionMonths, anonymised: done.size },
            },
          });
        return listed;
      };
      const listed = o.dryRun ? await batch(o.db) : await o.db.transaction(batch);
      if (listed === null) break;
      run.debtors.push(...listed);
      o.onProgress?.({ ...progress });
    }
  }
  // chain the run's evidence entries now rather than at the server's next linking
  if (run.counts.anonymised > 0) await linkEvidence({ db: o.db });
  return run;
}

/** Anonymises the debtors in every module that holds their data; those changed. */
async function anonymise(
  tx: Queryable,
  portfolioId: bigint,
  debtors: readonly RetentionDebtor[],
  retentionMonths: number,
  o: ApplyRetentionOptions,
  at: Date,
): Promise<Set<string>> {
  if (debtors.length === 0) return new Set();
  const changed = await anonymiseDebtors({
    tx,
    portfolioId,
    debtors: debtors.map((d) => ({
      debtorId: d.debtor_id,
      pseudonym: `anonymised-${randomBytes(8).toString('hex')}`,
    })),
    at,
    salt: randomBytes(16).toString('hex'),
  });
  const debtorIds = changed.debtors;
  await eraseContactDetails({ tx, portfolioId, debtorIds });
  await eraseTaskNotes({ tx, portfolioId, debtorIds });
  await eraseArrangementNotes({ tx, portfolioId, debtorIds });
  await eraseMessages({ tx, portfolioId, debtorIds });
  await erasePayerDetails({ tx, portfolioId, accountIds: changed.accountIds });
  const done = new Set(debtorIds);
  const entries: EvidenceInput[] = debtors
    .filter((d) => done.has(d.debtor_id))
    .map((d) => ({
      kind: 'debtor_anonymised',
      portfolioId,
      debtorId: d.debtor_id,
      actor: o.actor,
      occurredAt: at,
      payload: {
        as_of: o.asOf,
        closed_since: d.closed_since,
        retained_until: d.retained_until,
        retention_months: retentionMonths,
      },
    }));
  await appendEvidence({ db: tx, entries });
  return done;
}
