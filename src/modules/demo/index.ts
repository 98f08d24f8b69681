/** The demo module's public surface: a full day of collection work for the demo database. */
export {
  seedDemoDay,
  type DemoDaySummary,
  type SeedDemoDayOptions,
} from './use-cases/seed-demo-day.js';
export { localInstant } from './local-instant.js';
