import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import {
  documentEvidence,
  findReferencedDocuments,
  type DocumentReference,
} from '../../documents/index.js';
import { getOpenCharges } from '../../payments/index.js';
import { insertPlan, type InstallmentRow, type PlanRow } from '../arrangement-store.js';
import { authorityMatrix } from '../authority-config.js';
import {
  balanceStructureOf,
  buildInstallmentPlan,
  requiredApprover,
  type ChargeTreatment,
  type InstallmentPlan,
} from '../domain/index.js';

export type HardshipEvidence = {
  /** e.g. unemployment, illness, disaster, business_failure */
  kind: string;
  /**
   * The documents that back the claim, never their content: an uploaded document of the debtor by
   * {document_id, sha256} (checked to be theirs, with that hash), or a reference to one held
   * elsewhere as text.
   */
  documents: (string | DocumentReference)[];
  note?: string | undefined;
};

export type ProposePlanOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  proposedBy: string;
  agreedOn: CalendarDate;
  installmentCount: number;
  firstDueOn: CalendarDate;
  downPaymentMinor?: bigint | undefined;
  downPaymentDueOn?: CalendarDate | undefined;
  penaltyInterest: ChargeTreatment;
  fees: ChargeTreatment;
  graceDays: number;
  hardship?: HardshipEvidence | undefined;
};

export type PlanPreview = {
  debtorId: string;
  plan: InstallmentPlan;
  waivedMinor: bigint;
  /** who must approve it (the authority matrix); null when no approval is needed */
  requiredRole: string | null;
};

/**
 * The plan a proposal would make, without recording it: the schedule over the account's balance
 * as the ledger proves it, what it waives and who must approve it. Refused as a proposal would be.
 */
export async function previewPlan(
  opts: Omit<ProposePlanOptions, 'proposedBy' | 'hardship'>,
): Promise<PlanPreview> {
  const { tx } = opts;
  if (!Number.isInteger(opts.graceDays) || opts.graceDays < 0 || opts.graceDays > 60)
    throw new AppError('validation_failed', 'grace_days: must be 0..60', { field: 'grace_days' });
  const { account, charges } = await getOpenCharges({
    tx,
    portfolioId: opts.portfolioId,
    accountId: opts.accountId,
    asOf: opts.agreedOn,
  });
  const balance = balanceStructureOf(charges);
  const plan = buildInstallmentPlan({
    currency: account.currency,
    balance,
    agreedOn: opts.agreedOn,
    installmentCount: opts.installmentCount,
    firstDueDate: opts.firstDueOn,
    ...(opts.downPaymentMinor !== undefined && opts.downPaymentMinor > 0n
      ? {
          downPaymentMinor: opts.downPaymentMinor,
          downPaymentDueDate: opts.downPaymentDueOn ?? opts.agreedOn,
        }
      : {}),
    penaltyInterest: opts.penaltyInterest,
    fees: opts.fees,
  });
  const waivedMinor = plan.waivedMinor.fee + plan.waivedMinor.penaltyInterest;
  const requiredRole = requiredApprover(await authorityMatrix(tx), {
    kind: 'installment_plan',
    currency: plan.currency,
    installmentCount: opts.installmentCount,
    waivedMinor,
  });
  return { debtorId: account.debtorId, plan, waivedMinor, requiredRole };
}

/** The hardship evidence as the plan keeps it: each uploaded document checked and described. */
async function hardshipOf(
  opts: ProposePlanOptions,
  debtorId: string,
  hardship: HardshipEvidence,
): Promise<HardshipEvidence> {
  const uploaded = await findReferencedDocuments({
    db: opts.tx,
    portfolioId: opts.portfolioId,
    debtorId,
    references: hardship.documents.filter((d) => typeof d !== 'string'),
  });
  return {
    ...hardship,
    documents: hardship.documents.map((d) =>
      typeof d === 'string' ? d : documentEvidence(uploaded.shift()!),
    ),
  };
}

/**
 * A collector proposes an installment plan over the account's balance as the ledger proves it:
 * 1-60 monthly installments summing exactly to the plan total (remainder on the last), optional
 * down payment, penalty interest and fees accrued, frozen or waived, hardship evidence metadata.
 * It records who must approve it (the authority matrix); nothing changes on the account until a
 * checker approves.
 */
export async function proposePlan(
  opts: ProposePlanOptions,
): Promise<{ plan: PlanRow; installments: InstallmentRow[] }> {
  const { tx } = opts;
  const { debtorId, plan, waivedMinor, requiredRole } = await previewPlan(opts);
  const installments = plan.schedule.map((i) => ({
    number: i.number,
    due_on: i.dueDate,
    amount_minor: i.amountMinor,
  }));
  const { balance } = plan;
  const row = await insertPlan(
    tx,
    {
      portfolio_id: opts.portfolioId,
      account_id: opts.accountId,
      debtor_id: debtorId,
      currency: plan.currency,
      agreed_on: opts.agreedOn,
      installment_count: opts.installmentCount,
      first_due_on: opts.firstDueOn,
      down_payment_minor: plan.downPayment?.amountMinor ?? 0n,
      down_payment_due_on: plan.downPayment?.dueDate ?? null,
      penalty_interest: opts.penaltyInterest,
      fees: opts.fees,
      grace_days: opts.graceDays,
      balance: {
        principalMinor: balance.principalMinor.toString(),
        interestMinor: balance.interestMinor.toString(),
        penaltyInterestMinor: balance.penaltyInterestMinor.toString(),
        feeMinor: balance.feeMinor.toString(),
      },
      total_minor: plan.totalMinor,
      waived_minor: waivedMinor,
      hardship: opts.hardship === undefined ? {} : await hardshipOf(opts, debtorId, opts.hardship),
      proposed_by: opts.proposedBy,
      required_role: requiredRole,
    },
    installments,
  );
  return { plan: row, installments };
}
