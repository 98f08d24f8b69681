/** The strategy module's public surface: other modules import only from here. */
export * from './domain/index.js';
export {
  aggregateAccounts,
  factsOfAggregate,
  type DebtorAggregate,
} from './domain/debtor-aggregate.js';
export { segmentRoutes, segmentAssignmentSchema, strategyRoutes } from './routes.js';
export {
  defaultStrategy,
  defaultStrategyId,
  defaultStrategyInput,
  definitionOf,
  strategyJson,
} from './domain/default-strategy.js';
export { listStrategies, type StrategySummary } from './use-cases/list-strategies.js';
export { getStrategy } from './use-cases/get-strategy.js';
export { createStrategy } from './use-cases/create-strategy.js';
export { createStrategyVersion } from './use-cases/create-strategy-version.js';
export { amendStrategyDraft } from './use-cases/amend-strategy-draft.js';
export { activateStrategyVersion } from './use-cases/activate-strategy-version.js';
export { getStrategySplit } from './use-cases/get-strategy-split.js';
export { setStrategySplit } from './use-cases/set-strategy-split.js';
export { getStrategyResults, type StrategyResult } from './use-cases/get-strategy-results.js';
export {
  defaultSegmentPageSize,
  segmentDebtors,
  type SegmentDebtorsOptions,
  type SegmentDebtorsResult,
} from './use-cases/segment-debtors.js';
export { debtorSegmentJsonSql } from './store.js';
export {
  getDebtorSegment,
  type DebtorSegment,
  type GetDebtorSegmentOptions,
} from './use-cases/get-debtor-segment.js';
export {
  countSegments,
  type CountSegmentsOptions,
  type SegmentCounts,
} from './use-cases/count-segments.js';
export {
  findActionTemplate,
  type FindActionTemplateOptions,
} from './use-cases/find-action-template.js';
