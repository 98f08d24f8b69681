/** The people module's public surface: other modules import only from here. */
export * from './domain/people.js';
export { peopleRefusals, type PeopleRefusal } from './domain/refusals.js';
export { actingCollector, actingCollectorId } from './acting-collector.js';
export { peopleRoutes, collectorJson } from './routes.js';
export type { AgencyRow, CollectorRow, NewCollector, UnitTargetRow } from './store.js';
export { selectUnitTargets as listUnitTargets } from './store.js';
export { getCollector, type GetCollectorOptions } from './use-cases/get-collector.js';
export { listCollectors, type ListCollectorsOptions } from './use-cases/list-collectors.js';
export { createCollector, type CreateCollectorOptions } from './use-cases/create-collector.js';
export { updateCollector, type UpdateCollectorOptions } from './use-cases/update-collector.js';
export { createAgency, type CreateAgencyOptions } from './use-cases/create-agency.js';
export { listAgencies, type ListAgenciesOptions } from './use-cases/list-agencies.js';
export { placeAccounts, type PlaceAccountsOptions } from './use-cases/place-accounts.js';
export { recallAccounts, type RecallAccountsOptions } from './use-cases/recall-accounts.js';
export { getBonusRules, setBonusRules } from './use-cases/bonus-rules.js';
export {
  demoAgencyId,
  demoCollectors,
  seedDemoPeople,
  type SeedDemoPeopleOptions,
} from './use-cases/seed-demo-people.js';
