import type { Queryable } from '../../../shared/db/types.js';
import type { NewCollector } from '../store.js';
import { insertAgency, insertCollector } from '../store.js';

export type SeedDemoPeopleOptions = { tx: Queryable };

export const demoAgencyId = 'AG-EAST';

const base = {
  agency_id: null,
  currency: 'CNY',
  monthly_bonus_base_minor: 1_500_000n,
  active: true,
} as const;

/** The demo team: a few collectors per unit, one supervisor, one agency with two collectors. */
export const demoCollectors: readonly NewCollector[] = [
  {
    ...base,
    collector_id: 'C-PH-01',
    display_name: 'Phone 1 (zh)',
    role: 'phone_collector',
    unit: 'phone',
    languages: ['zh-CN'],
    skills: ['negotiation'],
    capacity: 20,
    monthly_target_minor: 30_000_000n,
  },
  {
    ...base,
    collector_id: 'C-PH-02',
    display_name: 'Phone 2 (zh, en)',
    role: 'phone_collector',
    unit: 'phone',
    languages: ['zh-CN', 'en'],
    skills: ['negotiation'],
    capacity: 20,
    monthly_target_minor: 30_000_000n,
  },
  {
    ...base,
    collector_id: 'C-PH-03',
    display_name: 'Phone 3 (en)',
    role: 'phone_collector',
    unit: 'phone',
    languages: ['en'],
    skills: [],
    capacity: 15,
    monthly_target_minor: 20_000_000n,
  },
  {
    ...base,
    collector_id: 'C-FD-01',
    display_name: 'Field 1',
    role: 'field_collector',
    unit: 'field',
    languages: ['zh-CN'],
    skills: ['field'],
    capacity: 8,
    monthly_target_minor: 50_000_000n,
  },
  {
    ...base,
    collector_id: 'C-FD-02',
    display_name: 'Field 2',
    role: 'field_collector',
    unit: 'field',
    languages: ['zh-CN', 'en'],
    skills: ['field'],
    capacity: 8,
    monthly_target_minor: 50_000_000n,
  },
  {
    ...base,
    collector_id: 'C-LG-01',
    display_name: 'Legal 1',
    role: 'legal_coordinator',
    unit: 'legal',
    languages: ['zh-CN', 'en'],
    skills: ['legal'],
    capacity: 30,
    monthly_target_minor: 80_000_000n,
  },
  {
    ...base,
    collector_id: 'C-AN-01',
    display_name: 'Analyst 1',
    role: 'data_analyst',
    unit: 'analysts',
    languages: ['zh-CN', 'en'],
    skills: ['cash_flow_analysis'],
    capacity: 10,
    monthly_target_minor: 0n,
  },
  {
    ...base,
    collector_id: 'C-SUP-01',
    display_name: 'Supervisor',
    role: 'supervisor',
    unit: 'phone',
    languages: ['zh-CN', 'en'],
    skills: ['negotiation', 'field', 'legal', 'cash_flow_analysis'],
    capacity: 10,
    monthly_target_minor: 0n,
  },
  {
    ...base,
    collector_id: 'C-AG-01',
    display_name: 'East agency phone',
    role: 'phone_collector',
    unit: 'phone',
    agency_id: demoAgencyId,
    languages: ['zh-CN'],
    skills: [],
    capacity: 25,
    monthly_target_minor: 20_000_000n,
  },
  {
    ...base,
    collector_id: 'C-AG-02',
    display_name: 'East agency field',
    role: 'field_collector',
    unit: 'field',
    agency_id: demoAgencyId,
    languages: ['zh-CN'],
    skills: ['field'],
    capacity: 10,
    monthly_target_minor: 20_000_000n,
  },
];

/** Writes the demo team in the caller's transaction; a second run changes nothing. */
export async function seedDemoPeople({
  tx,
}: SeedDemoPeopleOptions): Promise<{ collectors: number }> {
  await insertAgency(tx, demoAgencyId, 'East Recovery Partners');
  let collectors = 0;
  for (const c of demoCollectors) if (await insertCollector(tx, c)) collectors += 1;
  return { collectors };
}
