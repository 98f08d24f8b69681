/**
 * Read-only SQL over the evidence log for the web app: one debtor's entries with the hash of the
 * entry before each (to check the chain link), and the gate decisions tallied by the rules that
 * blocked them. Nothing here writes.
 */
import type { Queryable } from '../../shared/db/types.js';
import type { EvidenceRow } from './store.js';

export type EvidenceWithPrior = EvidenceRow & { prior_hash: Uint8Array | null };

// entries with the stored hash of the position before each (an entry, or a void)
const withPrior = `SELECT e.seq, e.kind, e.portfolio_id, e.debtor_id, e.account_id, e.actor,
    e.occurred_at, e.recorded_at, e.payload, e.prev_hash, e.entry_hash,
    coalesce(p.entry_hash, v.entry_hash) AS prior_hash
  FROM evidence_entries e
  LEFT JOIN evidence_entries p ON p.seq = e.seq - 1
  LEFT JOIN evidence_voids v ON v.seq = e.seq - 1`;

/** One debtor's entries, newest first, before seq `before` (all when null), at most `limit`. */
export async function selectDebtorEntries(
  db: Queryable,
  f: { portfolioId: bigint; debtorId: string; before: bigint | null; limit: number },
): Promise<EvidenceWithPrior[]> {
  return db.query<EvidenceWithPrior>(
    `${withPrior}
     WHERE e.portfolio_id = $1 AND e.debtor_id = $2 AND ($3::bigint IS NULL OR e.seq < $3)
     ORDER BY e.seq DESC LIMIT $4`,
    [f.portfolioId, f.debtorId, f.before, f.limit],
  );
}

export type AdministrationFilter = {
  kind: string | null;
  actor: string | null;
  /** days in the bank's zone, inclusive */
  from: string | null;
  to: string | null;
  timeZone: string;
  /** entries before this seq (the newest when null) */
  before: bigint | null;
  limit: number;
};

/**
 * The administration entries (admin_* kinds), newest first, filtered by kind, actor and the
 * days they occurred on in the bank's zone (the partial index evidence_entries_administration).
 */
export async function selectAdministrationEntries(
  db: Queryable,
  f: AdministrationFilter,
): Promise<EvidenceWithPrior[]> {
  return db.query<EvidenceWithPrior>(
    `${withPrior}
     WHERE left(e.kind, 6) = 'admin_'
       AND ($1::text IS NULL OR e.kind = $1)
       AND ($2::text IS NULL OR e.actor = $2)
       AND ($3::date IS NULL OR e.occurred_at >= ($3::date)::timestamp AT TIME ZONE $5)
       AND ($4::date IS NULL OR e.occurred_at < ($4::date + 1)::timestamp AT TIME ZONE $5)
       AND ($6::bigint IS NULL OR e.seq < $6)
     ORDER BY e.seq DESC LIMIT $7`,
    [f.kind, f.actor, f.from, f.to, f.timeZone, f.before, f.limit],
  );
}

export type GateTallyRow = {
  day: string;
  /** null: the day's total of decisions; else one rule that blocked. */
  code: string | null;
  source: string | null;
  decisions: number;
  blocked: number;
};

/**
 * gate_decision entries on debtor-local days from..to: per day the decisions and how many were
 * blocked, and per day and rule the blocked attempts naming that rule (an attempt blocked by
 * two rules counts under both).
 */
export async function tallyGateDecisionRows(
  db: Queryable,
  f: { from: string; to: string; portfolioId: bigint | null },
): Promise<GateTallyRow[]> {
  return db.query<GateTallyRow>(
    `WITH d AS (
       SELECT payload->>'local_date' AS day, (payload->>'allowed')::boolean AS allowed,
              payload->'rules' AS rules
       FROM evidence_entries
       WHERE kind = 'gate_decision' AND payload->>'local_date' BETWEEN $1 AND $2
         AND ($3::bigint IS NULL OR portfolio_id = $3)
     )
     SELECT day, NULL::text AS code, NULL::text AS source, count(*)::int AS decisions,
            (count(*) FILTER (WHERE NOT allowed))::int AS blocked
     FROM d GROUP BY day
     UNION ALL
     SELECT d.day, r->>'code', min(r->>'source'), count(*)::int, count(*)::int
     FROM d, jsonb_array_elements(d.rules) AS r
     WHERE NOT d.allowed
     GROUP BY d.day, r->>'code'
     ORDER BY 1, 2 NULLS FIRST`,
    [f.from, f.to, f.portfolioId],
  );
}
