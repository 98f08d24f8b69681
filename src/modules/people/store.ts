/** SQL for the people module's own tables: agencies, collectors, placements, unit targets. */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';
import type { Language, Role, Unit } from './domain/people.js';

export type AgencyRow = { agency_id: string; name: string; active: boolean; created_at: Date };

export type CollectorRow = {
  collector_id: string;
  display_name: string;
  role: Role;
  unit: Unit;
  agency_id: string | null;
  languages: Language[];
  skills: string[];
  capacity: number;
  currency: string;
  monthly_target_minor: bigint;
  monthly_bonus_base_minor: bigint;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

const collectorColumns = `collector_id, display_name, role, unit, agency_id, languages, skills,
  capacity, currency, monthly_target_minor, monthly_bonus_base_minor, active, created_at,
  updated_at`;

export type NewCollector = Omit<CollectorRow, 'created_at' | 'updated_at'>;

export async function insertCollector(
  db: Queryable,
  c: NewCollector,
): Promise<CollectorRow | undefined> {
  const [row] = await db.query<CollectorRow>(
    `INSERT INTO collectors (collector_id, display_name, role, unit, agency_id, languages, skills,
       capacity, currency, monthly_target_minor, monthly_bonus_base_minor, active)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9, $10, $11, $12)
     ON CONFLICT (collector_id) DO NOTHING
     RETURNING ${collectorColumns}`,
    [
      c.collector_id,
      c.display_name,
      c.role,
      c.unit,
      c.agency_id,
      c.languages,
      c.skills,
      c.capacity,
      c.currency,
      c.monthly_target_minor,
      c.monthly_bonus_base_minor,
      c.active,
    ],
  );
  return row;
}

export async function findCollector(
  db: Queryable,
  collectorId: string,
  lock = false,
): Promise<CollectorRow | undefined> {
  const [row] = await db.query<CollectorRow>(
    `SELECT ${collectorColumns} FROM collectors WHERE collector_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [collectorId],
    // every request of a collector reads their row: prepared, unless locked in a transaction
    lock ? {} : { prepared: 'people.find_collector' },
  );
  return row;
}

export async function updateCollectorRow(db: Queryable, c: NewCollector): Promise<CollectorRow> {
  const [row] = await db.query<CollectorRow>(
    `UPDATE collectors SET display_name = $2, role = $3, unit = $4, agency_id = $5,
       languages = $6::text[], skills = $7::text[], capacity = $8, currency = $9,
       monthly_target_minor = $10, monthly_bonus_base_minor = $11, active = $12, updated_at = now()
     WHERE collector_id = $1
     RETURNING ${collectorColumns}`,
    [
      c.collector_id,
      c.display_name,
      c.role,
      c.unit,
      c.agency_id,
      c.languages,
      c.skills,
      c.capacity,
      c.currency,
      c.monthly_target_minor,
      c.monthly_bonus_base_minor,
      c.active,
    ],
  );
  return row!;
}

export type CollectorFilter = { unit?: Unit | undefined; agencyId?: string | undefined };

export async function selectCollectors(
  db: Queryable,
  filter: CollectorFilter = {},
): Promise<CollectorRow[]> {
  return db.query<CollectorRow>(
    `SELECT ${collectorColumns} FROM collectors
     WHERE ($1::text IS NULL OR unit = $1) AND ($2::text IS NULL OR agency_id = $2)
     ORDER BY collector_id`,
    [filter.unit ?? null, filter.agencyId ?? null],
  );
}

export async function insertAgency(
  db: Queryable,
  agencyId: string,
  name: string,
): Promise<AgencyRow | undefined> {
  const [row] = await db.query<AgencyRow>(
    `INSERT INTO agencies (agency_id, name) VALUES ($1, $2) ON CONFLICT (agency_id) DO NOTHING
     RETURNING agency_id, name, active, created_at`,
    [agencyId, name],
  );
  return row;
}

export async function findAgency(db: Queryable, agencyId: string): Promise<AgencyRow | undefined> {
  const [row] = await db.query<AgencyRow>(
    'SELECT agency_id, name, active, created_at FROM agencies WHERE agency_id = $1',
    [agencyId],
  );
  return row;
}

export type AgencyWithCounts = AgencyRow & { collectors: number; placed_accounts: number };

export async function selectAgencies(db: Queryable): Promise<AgencyWithCounts[]> {
  return db.query<AgencyWithCounts>(
    `SELECT a.agency_id, a.name, a.active, a.created_at,
       (SELECT count(*)::int FROM collectors c WHERE c.agency_id = a.agency_id) AS collectors,
       (SELECT count(*)::int FROM placements p
        WHERE p.agency_id = a.agency_id AND p.recalled_on IS NULL) AS placed_accounts
     FROM agencies a ORDER BY a.agency_id`,
  );
}

/** The portfolio's id by name (the portfolios table is the spine's; read only). */
export async function findPortfolioIdByName(
  db: Queryable,
  name: string,
): Promise<bigint | undefined> {
  const [row] = await db.query<{ portfolio_id: bigint }>(
    'SELECT portfolio_id FROM portfolios WHERE name = $1',
    [name],
  );
  return row?.portfolio_id;
}

/** Which of the account ids exist in the portfolio (read only). */
export async function existingAccountIds(
  db: Queryable,
  portfolioId: bigint,
  accountIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db.query<{ account_id: string }>(
    'SELECT account_id FROM accounts WHERE portfolio_id = $1 AND account_id = ANY($2::text[])',
    [portfolioId, accountIds],
  );
  return new Set(rows.map((r) => r.account_id));
}

export type CurrentPlacement = { account_id: string; agency_id: string; placed_on: CalendarDate };

export async function lockCurrentPlacements(
  db: Queryable,
  portfolioId: bigint,
  accountIds: readonly string[],
): Promise<CurrentPlacement[]> {
  return db.query<CurrentPlacement>(
    `SELECT account_id, agency_id, placed_on FROM placements
     WHERE portfolio_id = $1 AND account_id = ANY($2::text[]) AND recalled_on IS NULL
     FOR UPDATE`,
    [portfolioId, accountIds],
  );
}

export async function insertPlacements(
  db: Queryable,
  portfolioId: bigint,
  agencyId: string,
  accountIds: readonly string[],
  placedOn: CalendarDate,
): Promise<number> {
  return db.execute(
    `INSERT INTO placements (portfolio_id, account_id, agency_id, placed_on)
     SELECT $1, a, $2, $3::date FROM unnest($4::text[]) AS a`,
    [portfolioId, agencyId, placedOn, accountIds],
  );
}

export async function recallPlacements(
  db: Queryable,
  portfolioId: bigint,
  accountIds: readonly string[],
  recalledOn: CalendarDate,
): Promise<number> {
  return db.execute(
    `UPDATE placements SET recalled_on = greatest($3::date, placed_on), recalled_at = now()
     WHERE portfolio_id = $1 AND account_id = ANY($2::text[]) AND recalled_on IS NULL`,
    [portfolioId, accountIds, recalledOn],
  );
}

export async function readSetting(db: Queryable, key: string): Promise<string | undefined> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
    key,
  ]);
  return row?.value;
}

export async function writeSetting(db: Queryable, key: string, value: string): Promise<void> {
  await db.execute(
    `INSERT INTO settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [key, value],
  );
}

export type UnitTargetRow = { unit: Unit; currency: string; monthly_target_minor: bigint };

export async function upsertUnitTarget(db: Queryable, t: UnitTargetRow): Promise<void> {
  await db.execute(
    `INSERT INTO unit_targets (unit, currency, monthly_target_minor) VALUES ($1, $2, $3)
     ON CONFLICT (unit, currency) DO UPDATE
       SET monthly_target_minor = excluded.monthly_target_minor, updated_at = now()`,
    [t.unit, t.currency, t.monthly_target_minor],
  );
}

export async function selectUnitTargets(db: Queryable): Promise<UnitTargetRow[]> {
  return db.query<UnitTargetRow>(
    'SELECT unit, currency, monthly_target_minor FROM unit_targets ORDER BY unit, currency',
  );
}
