/** The queues module's public surface: other modules import only from here. */
export { caseId, parseCaseId, type CaseKey } from './domain/case-id.js';
export * from './domain/outcomes.js';
export { queueRefusals, type QueueRefusal } from './domain/refusals.js';
export { queueRoutes, caseJson, type QueueRoutesOptions } from './routes.js';
export {
  claimNextCase,
  defaultClaimMinutes,
  type ClaimNextCaseOptions,
} from './use-cases/claim-next-case.js';
export { releaseCase, type ReleaseCaseOptions } from './use-cases/release-case.js';
export { listHeldCases, type ListHeldCasesOptions } from './use-cases/list-held-cases.js';
export { getQueueLoad, type GetQueueLoadOptions } from './use-cases/get-queue-load.js';
export { expireClaims, type ExpireClaimsOptions } from './use-cases/expire-claims.js';
export {
  refreshQueueOrder,
  type RefreshQueueOrderOptions,
} from './use-cases/refresh-queue-order.js';
export { completeTask, type CompleteTaskOptions } from './use-cases/complete-task.js';
export type { WorkCase } from './use-cases/load-case.js';
export {
  recordOutcome,
  type RecordOutcomeOptions,
  type RecordOutcomeResult,
} from './use-cases/record-outcome.js';
export {
  recordPromisePayment,
  type RecordPromisePaymentOptions,
} from './use-cases/record-promise-payment.js';
export {
  computeKpis,
  kpisByUnit,
  maxKpiDays,
  type ComputeKpisOptions,
} from './use-cases/compute-kpis.js';
export {
  inHouse,
  kpiGroupings,
  rollupKpis,
  type CollectorFacts,
  type KpiGrouping,
  type KpiRow,
} from './domain/kpi-rollup.js';
export {
  listDueAutomatedActions,
  settleAutomatedAction,
  takeAutomatedAction,
  type AutomatedAction,
  type AutomatedActionChange,
  type ListDueAutomatedActionsOptions,
} from './use-cases/automated-actions.js';
export {
  findOpenLegalWork,
  type FindOpenLegalWorkOptions,
} from './use-cases/find-open-legal-work.js';
export { eraseTaskNotes, type EraseTaskNotesOptions } from './use-cases/erase-task-notes.js';
export {
  listDebtorTasks,
  type DebtorTask,
  type ListDebtorTasksOptions,
} from './use-cases/list-debtor-tasks.js';
