/** The cycle module's public surface: other modules import only from here. */
export {
  buckets,
  nonPerformingClasses,
  riskClasses,
  type Bucket,
  type RiskClass,
} from './domain/aging.js';
export { cycleRoutes } from './routes.js';
export { getCycleRun, type GetCycleRunOptions } from './use-cases/get-cycle-run.js';
export { listCycleRuns, type ListCycleRunsOptions } from './use-cases/list-cycle-runs.js';
export {
  runDailyCycle,
  type CycleSummary,
  type RunDailyCycleOptions,
} from './use-cases/run-daily-cycle.js';
