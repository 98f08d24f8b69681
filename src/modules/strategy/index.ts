/** The strategy module's public surface: other modules import only from here. */
export * from './domain/index.js';
export {
  aggregateAccounts,
  factsOfAggregate,
  type DebtorAggregate,
} from './domain/debtor-aggregate.js';
export { segmentRoutes, segmentAssignmentSchema } from './routes.js';
export {
  defaultSegmentPageSize,
  segmentDebtors,
  segmentationRulesWithoutOutcomes,
  type SegmentDebtorsOptions,
  type SegmentDebtorsResult,
} from './use-cases/segment-debtors.js';
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
