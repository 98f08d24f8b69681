import type { DebtorSegment } from '../../strategy/index.js';
import type { Unit } from '../../people/index.js';
import { caseId } from '../domain/case-id.js';
import type { ActionRow, CaseAccountRow, ClaimAttempt } from '../store.js';

type ClaimedCase = Extract<ClaimAttempt, { kind: 'claimed' }>;

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

/** The claimed case as the collector sees it (loaded by the claim statement). */
export function workCaseOf(k: ClaimedCase & { unit: Unit }): WorkCase {
  return {
    caseId: caseId({ unit: k.unit, portfolioId: k.portfolioId, debtorId: k.debtorId }),
    unit: k.unit,
    portfolioId: k.portfolioId,
    portfolio: k.profile.portfolio,
    debtorId: k.debtorId,
    language: k.profile.language,
    timezone: k.profile.timezone,
    segment: k.segment,
    accounts: k.accounts,
    actions: k.actions,
    claimExpiresAt: k.actions.reduce<Date | null>(
      (min, a) =>
        a.claim_expires_at && (!min || a.claim_expires_at < min) ? a.claim_expires_at : min,
      null,
    ),
  };
}
