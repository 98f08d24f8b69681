import type { Queryable } from '../../../shared/db/types.js';
import { getDebtorSegment, type DebtorSegment } from '../../strategy/index.js';
import type { Unit } from '../../people/index.js';
import { caseId } from '../domain/case-id.js';
import {
  findDebtorProfile,
  selectCaseAccounts,
  selectCaseActions,
  type ActionRow,
  type CaseAccountRow,
} from '../store.js';

/** A case as a collector sees it: no name, no identifiers, no contact points. */
export type WorkCase = {
  caseId: string;
  unit: Unit;
  portfolioId: bigint;
  portfolio: string;
  debtorId: string;
  language: string;
  timezone: string;
  segment: DebtorSegment | null;
  accounts: CaseAccountRow[];
  actions: ActionRow[];
  claimExpiresAt: Date | null;
};

export async function loadCase(
  tx: Queryable,
  k: { unit: Unit; portfolioId: bigint; debtorId: string; actionIds: readonly bigint[] },
): Promise<WorkCase> {
  const [profile, segment, accounts, actions] = [
    await findDebtorProfile(tx, k.portfolioId, k.debtorId),
    await getDebtorSegment({ db: tx, portfolioId: k.portfolioId, debtorId: k.debtorId }),
    await selectCaseAccounts(tx, k.portfolioId, k.debtorId),
    await selectCaseActions(tx, k.portfolioId, k.actionIds),
  ];
  return {
    caseId: caseId({ unit: k.unit, portfolioId: k.portfolioId, debtorId: k.debtorId }),
    unit: k.unit,
    portfolioId: k.portfolioId,
    portfolio: profile?.portfolio ?? '',
    debtorId: k.debtorId,
    language: profile?.language ?? '',
    timezone: profile?.timezone ?? '',
    segment,
    accounts,
    actions,
    claimExpiresAt: actions.reduce<Date | null>(
      (min, a) =>
        a.claim_expires_at && (!min || a.claim_expires_at < min) ? a.claim_expires_at : min,
      null,
    ),
  };
}
