/** The arrangements module's public surface: other modules import only from here. */
export * from './domain/index.js';
export type { PromiseRow } from './store.js';
export { makePromise, maxPromiseDays, type MakePromiseOptions } from './use-cases/make-promise.js';
export {
  creditPromises,
  type CreditPromisesOptions,
  type PromiseCreditResult,
} from './use-cases/credit-promises.js';
export {
  creditNewPayments,
  type CreditNewPaymentsOptions,
  type NewPaymentCredit,
} from './use-cases/credit-new-payments.js';
export {
  takeBackPromiseCredits,
  type TakeBackPromiseCreditsOptions,
  type TakeBackPromiseCreditsResult,
} from './use-cases/take-back-promise-credits.js';
export {
  resolvePromises,
  type ResolvePromisesOptions,
  type ResolvePromisesResult,
} from './use-cases/resolve-promises.js';
export type { PlanRow, InstallmentRow, SettlementRow } from './arrangement-store.js';
export {
  proposePlan,
  type HardshipEvidence,
  type ProposePlanOptions,
} from './use-cases/propose-plan.js';
export { decidePlan, type DecidePlanOptions } from './use-cases/decide-plan.js';
export {
  proposeSettlement,
  type ProposeSettlementOptions,
} from './use-cases/propose-settlement.js';
export { decideSettlement, type DecideSettlementOptions } from './use-cases/decide-settlement.js';
export {
  checkArrangements,
  type CheckArrangementsOptions,
  type CheckArrangementsResult,
} from './use-cases/check-arrangements.js';
export { arrangementRoutes, type ArrangementRoutesOptions } from './routes.js';
export {
  listPlans,
  listSettlements,
  type ListArrangementsOptions,
} from './use-cases/list-arrangements.js';
export {
  eraseArrangementNotes,
  type EraseArrangementNotesOptions,
} from './use-cases/erase-arrangement-notes.js';
export {
  listDebtorPromises,
  type ListDebtorPromisesOptions,
} from './use-cases/list-debtor-promises.js';
