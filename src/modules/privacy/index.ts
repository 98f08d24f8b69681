/** The privacy module's public surface: retention (anonymisation) and access-request exports. */
export { privacyRoutes, type PrivacyRoutesOptions } from './routes.js';
export {
  addMonths,
  decideRetention,
  defaultRetentionMonths,
  holdsOf,
  maxRetentionMonths,
  minRetentionMonths,
  retentionMonthsProblem,
  type Hold,
  type HoldFacts,
  type RetentionDecision,
  type RetentionFacts,
} from './domain/retention.js';
export {
  applyRetention,
  type ApplyRetentionOptions,
  type RetentionCounts,
  type RetentionDebtor,
  type RetentionProgress,
  type RetentionRun,
} from './use-cases/apply-retention.js';
export {
  exportPersonalData,
  type ExportPersonalDataOptions,
  type PersonalDataExport,
} from './use-cases/export-personal-data.js';
export {
  getRetentionPeriod,
  type GetRetentionPeriodOptions,
  type RetentionPeriod,
} from './use-cases/get-retention-period.js';
export {
  setRetentionPeriod,
  type SetRetentionPeriodOptions,
} from './use-cases/set-retention-period.js';
