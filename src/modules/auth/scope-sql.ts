/**
 * The data scope as SQL: a predicate that store queries add to their WHERE clause, so that rows
 * outside a user's scope never leave the database. It reads the work and placement tables
 * (actions, collectors, placements) and nothing else; this is the one place that decides which
 * debtors a user may see.
 */
import type { DataScope } from './domain/scope.js';

export type ScopeFilter = {
  /** a boolean SQL expression over `alias`.portfolio_id, .account_id and .debtor_id */
  sql: string;
  params: unknown[];
};

const currentPlacement = (alias: string, agency: string) =>
  `EXISTS (SELECT 1 FROM placements sp WHERE sp.portfolio_id = ${alias}.portfolio_id
     AND sp.account_id = ${alias}.account_id AND sp.recalled_on IS NULL AND sp.agency_id = ${agency})`;

/**
 * The predicate of a scope over the rows of `alias`, numbering its parameters from `first`
 * ($first, $first+1 ...); null when the scope sees every row (all, pseudonymised).
 */
export function scopeFilter(scope: DataScope, alias: string, first: number): ScopeFilter | null {
  switch (scope.kind) {
    case 'all':
    case 'pseudonymised':
      return null;
    case 'agency':
      return { sql: currentPlacement(alias, `$${first}::text`), params: [scope.agencyId] };
    case 'assigned': {
      const me = `$${first}::text`;
      const agency = `$${first + 1}::text`;
      // their held cases, or the open work of their own queue (unit, and agency or in-house);
      // in-house users never see placed accounts, agency users only their agency's
      const work = `EXISTS (SELECT 1 FROM actions sa WHERE sa.portfolio_id = ${alias}.portfolio_id
        AND sa.debtor_id = ${alias}.debtor_id
        AND ((sa.status = 'claimed' AND sa.claimed_by = ${me})
          OR (sa.status = 'open' AND EXISTS (SELECT 1 FROM collectors sc
            WHERE sc.collector_id = ${me} AND sc.active AND sc.unit = sa.unit
              AND sa.agency_id IS NOT DISTINCT FROM sc.agency_id))))`;
      const placement = `CASE WHEN ${agency} IS NULL
        THEN NOT EXISTS (SELECT 1 FROM placements sp WHERE sp.portfolio_id = ${alias}.portfolio_id
          AND sp.account_id = ${alias}.account_id AND sp.recalled_on IS NULL)
        ELSE ${currentPlacement(alias, agency)} END`;
      return { sql: `(${work} AND ${placement})`, params: [scope.collectorId, scope.agencyId] };
    }
  }
}
