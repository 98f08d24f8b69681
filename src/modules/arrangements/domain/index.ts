/**
 * The arrangements domain's public surface (pure: no I/O). The module's index.ts, when the use
 * cases and routes land, re-exports this; other modules import from there.
 */
export { addMonthsClamped, monthlyDueDates } from './due-dates.js';
export {
  balanceStructureOf,
  buildInstallmentPlan,
  evaluateInstallmentPlan,
  maxInstallmentsCap,
  maxTermMonths,
  planWaiverLines,
  splitWithRemainderLast,
  type BalanceStructure,
  type ChargeTreatment,
  type Installment,
  type InstallmentPlan,
  type PlanEvaluation,
  type PlanPayment,
  type PlanStatus,
  type PlanTerms,
} from './installment-plan.js';
export {
  discountOf,
  discountWithin,
  evaluateSettlement,
  makeSettlementOffer,
  settlementWriteOffLines,
  type DiscountFraction,
  type SettlementEvaluation,
  type SettlementOffer,
  type SettlementOfferInput,
  type SettlementPayment,
  type SettlementStatus,
} from './settlement.js';
export {
  decideApproval,
  exampleAuthorityMatrix,
  requiredApprover,
  type Actor,
  type ApprovalDecision,
  type ApprovalRequest,
  type AuthorityLimits,
  type AuthorityMatrix,
} from './authority.js';
export {
  creditToPromises,
  type CreditablePromise,
  type PromiseCredit as PromiseCreditLine,
} from './promise-credit.js';
export { arrangementRefusals, type ArrangementRefusal } from './refusals.js';
