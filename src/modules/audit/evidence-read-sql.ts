/**
 * Read-only SQL over the evidence log for the web app: one debtor's entries with the hash of the
 * entry before each (to check the chain link), and the gate decisions tallied by the rules that
 * blocked them. Nothing here writes.
 */
import type { Queryable } from '../../shared/db/types.js';
import type { EvidenceRow } from './store.js';

export type EvidenceWithPrior = EvidenceRow & { prior_hash: Uint8Array | null };

/** One debtor's entries, newest first, before seq `before` (all when null), at most `limit`. */
export async function selectDebtorEntries(
  db: Queryable,
  f: { portfolioId: bigint; debtorId: string; before: bigint | null; limit: number },
): Promise<EvidenceWithPrior[]> {
  return db.query<EvidenceWithPrior>(
    `SELECT e.seq, e.kind, e.portfolio_id, e.debtor_id, e.account_id, e.actor, e.occurred_at,
            e.recorded_at, e.payload, e.prev_hash, e.entry_hash, p.entry_hash AS prior_hash
     FROM evidence_entries e
     LEFT JOIN evidence_entries p ON p.seq = e.seq - 1
     WHERE e.portfolio_id = $1 AND e.debtor_id = $2 AND ($3::bigint IS NULL OR e.seq < $3)
     ORDER BY e.seq DESC LIMIT $4`,
    [f.portfolioId, f.debtorId, f.before, f.limit],
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
