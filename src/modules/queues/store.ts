/**
 * SQL of the queues: claims on planned actions (the actions table is shared work, see 0004; the
 * queues write its claim columns and status), task reports, and the read-only look at accounts,
 * debtors and placements that deciding who may work a case needs. Personal data is never read.
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';
import { debtorSegmentJsonSql, type DebtorSegment } from '../strategy/index.js';

/** Where a collector works: the unit, the agency (null in-house), what they may not work. */
export type QueueScope = {
  unit: string;
  agencyId: string | null;
  languages: readonly string[];
  excludedChannels: readonly string[];
  excludedKinds: readonly string[];
  today: CalendarDate;
};

/**
 * $1 agency id (null: in-house). An in-house queue never hands out an account currently placed
 * with an agency; an agency's queue holds only the accounts currently placed with it.
 */
function inScope(alias: string): string {
  return `CASE WHEN $1::text IS NULL
      THEN NOT EXISTS (SELECT 1 FROM placements p WHERE p.portfolio_id = ${alias}.portfolio_id
        AND p.account_id = ${alias}.account_id AND p.recalled_on IS NULL)
      ELSE EXISTS (SELECT 1 FROM placements p WHERE p.portfolio_id = ${alias}.portfolio_id
        AND p.account_id = ${alias}.account_id AND p.recalled_on IS NULL AND p.agency_id = $1)
    END`;
}

/**
 * $2 unit, $3 today, $4 languages, $5 channels left out, $6 kinds left out. The debtor's language
 * is a scalar subquery, a primary-key probe for each action the walk looks at: as a semi-join,
 * a generic plan (which cannot know how many languages $4 holds) scanned every debtor per action.
 */
const workable = `a.unit = $2 AND a.due_on <= $3::date
  AND NOT (a.channel = ANY($5::text[])) AND NOT (a.kind = ANY($6::text[]))
  AND ${inScope('a')}
  AND (SELECT d.language FROM debtors d WHERE d.portfolio_id = a.portfolio_id
    AND d.debtor_id = a.debtor_id) = ANY($4::text[])`;

/**
 * Someone holds the debtor's case in this unit and scope (an unexpired claim). A scalar subquery:
 * a probe of the debtor's few actions for each candidate the queue's walk looks at, where EXISTS
 * would let the planner join or hash every claimed action of every collector first. The probe
 * goes through the index of the debtor's open and claimed actions, the only index its conditions
 * fit: it asks for those with an unexpired claim (only a claimed action has one, by the table's
 * CHECK), written so that the planner cannot infer "has an expiry" (coalesce), rather than for
 * status = 'claimed'. Either would let a plan made when the statistics last saw few claims walk
 * every claim of the unit by expiry (the indexes of claims): 0.45 ms a probe at 150 claims, over a
 * dozen probes a claim with 200 claimers at the head of the queue.
 */
const heldCase = `coalesce((SELECT true FROM actions h WHERE h.portfolio_id = a.portfolio_id
  AND h.debtor_id = a.debtor_id AND h.unit = a.unit AND h.status IN ('open', 'claimed')
  AND coalesce(h.claim_expires_at > now(), false) AND ${inScope('h')} LIMIT 1), false)`;

/**
 * An action a claim may start from: below capacity ($9, against the `held` CTE), workable, its
 * debtor's case held by no one, and not passed over (`skip`, $7).
 */
const candidate = `(SELECT n FROM held) < $9 AND ${workable} AND NOT ${heldCase}
  AND NOT ((a.portfolio_id::text || ':' || a.debtor_id) = ANY($7::text[]))`;

function scopeParams(s: QueueScope): unknown[] {
  return [s.agencyId, s.unit, s.today, s.languages, s.excludedChannels, s.excludedKinds];
}

/** What one claim statement did. */
export type ClaimAttempt =
  | { kind: 'at_capacity'; held: number }
  | { kind: 'empty' }
  /** a case or the collector's own claims changed under it: try again (passing the debtor over) */
  | { kind: 'contended'; portfolioId: bigint | null; debtorId: string | null }
  | {
      kind: 'claimed';
      portfolioId: bigint;
      debtorId: string;
      profile: CaseProfile;
      segment: DebtorSegment | null;
      accounts: CaseAccountRow[];
      actions: ActionRow[];
    };

export type CaseProfile = { language: string; timezone: string; portfolio: string };

type ClaimRow = {
  held: number;
  candidate: boolean;
  gated: boolean;
  bumped: boolean;
  portfolio_id: bigint | null;
  debtor_id: string | null;
  profile: CaseProfile | null;
  segment: DebtorSegment | null;
  accounts:
    | (Omit<CaseAccountRow, 'balance_minor' | 'overdue_amount_minor'> & {
        balance_minor: string;
        overdue_amount_minor: string;
      })[]
    | null;
  actions:
    | (Omit<ActionRow, 'portfolio_id' | 'action_id' | 'claim_expires_at'> & {
        action_id: string;
        claim_expires_at: string | null;
      })[]
    | null;
};

/**
 * Claims the next case of the scope for the collector in ONE statement (one round trip, its own
 * transaction), and returns it loaded. Its steps, each a CTE:
 * - held: the collector's cases now, against their capacity ($9), from the index of claims by
 *   collector and expiry (see 0024: asked for without the status, which would fit the index of
 *   lapsing claims);
 * - open_cand, lapsed_cand, cand: the queue's first workable action (oldest due first, then the
 *   highest balance, as ranked on the action): the first open one, walking the index of open
 *   actions (held cases are not in it), and the first whose claim lapsed (from the index of
 *   claimed actions by expiry), each FOR UPDATE SKIP LOCKED (an action another claimer has locked
 *   is passed over), its debtor not held by anyone in this unit and scope and not in `skip`
 *   ("portfolio:debtor", passed over after a lost race); the earlier of the two in queue order;
 * - gate: the case's mutex (a transaction-level advisory lock on unit, portfolio and debtor),
 *   taken without waiting: two claimers never work on one case at once;
 * - bump: the collector's claim counter moves on only from the value this statement's snapshot
 *   saw, so two claims by one collector at once are serialised and the second, which counted
 *   held cases before the first committed, claims nothing (and is tried again);
 * - locked: every open or claimed action of the debtor in the unit and scope, locked (waiting for
 *   rows others are changing): row locks return the latest committed version, so a claim that
 *   committed after this statement's snapshot is seen;
 * - claimed: the workable ones claimed, unless the locked rows show someone holds the case;
 * then the case's profile, segment (the strategy module's subquery), accounts (no personal data)
 * and the claimed actions, as JSON.
 */
export async function claimNextCaseRow(
  db: Queryable,
  scope: QueueScope,
  c: { collectorId: string; capacity: number; claimMinutes: number; skip: readonly string[] },
): Promise<ClaimAttempt> {
  const [row] = await db.query<ClaimRow>(
    `WITH held AS MATERIALIZED (
       SELECT count(*)::int AS n FROM (SELECT DISTINCT unit, portfolio_id, debtor_id FROM actions
         WHERE claimed_by = $8 AND claim_expires_at > now()) c
     ), seen AS MATERIALIZED (
       SELECT coalesce((SELECT claims FROM queue_claimers WHERE collector_id = $8), -1) AS claims
     ), open_cand AS MATERIALIZED (
       SELECT a.portfolio_id, a.debtor_id, a.due_on, a.queue_balance_minor, a.action_id
       FROM actions a
       WHERE a.status = 'open' AND ${candidate}
       ORDER BY a.unit, a.due_on, a.queue_balance_minor DESC NULLS LAST, a.action_id
       LIMIT 1
       FOR UPDATE OF a SKIP LOCKED
     ), lapsed_cand AS MATERIALIZED (
       SELECT a.portfolio_id, a.debtor_id, a.due_on, a.queue_balance_minor, a.action_id
       FROM actions a
       WHERE a.status = 'claimed' AND a.claim_expires_at <= now() AND ${candidate}
       ORDER BY a.due_on, a.queue_balance_minor DESC NULLS LAST, a.action_id
       LIMIT 1
       FOR UPDATE OF a SKIP LOCKED
     ), cand AS MATERIALIZED (
       SELECT portfolio_id, debtor_id FROM (
         SELECT * FROM open_cand UNION ALL SELECT * FROM lapsed_cand) u
       ORDER BY due_on, queue_balance_minor DESC NULLS LAST, action_id
       LIMIT 1
     ), gate AS MATERIALIZED (
       SELECT portfolio_id, debtor_id FROM cand
       WHERE pg_try_advisory_xact_lock(
         hashtextextended('case:' || $2 || ':' || portfolio_id::text || ':' || debtor_id, 0))
     ), bump AS (
       INSERT INTO queue_claimers AS q (collector_id, claims)
       SELECT $8, 1 FROM gate
       ON CONFLICT (collector_id) DO UPDATE SET claims = q.claims + 1
         WHERE q.claims = (SELECT claims FROM seen)
       RETURNING q.claims
     ), locked AS MATERIALIZED (
       SELECT a.portfolio_id, a.action_id, a.kind, a.channel, a.due_on, a.status,
         a.claim_expires_at
       FROM actions a JOIN gate g ON a.portfolio_id = g.portfolio_id AND a.debtor_id = g.debtor_id
       WHERE EXISTS (SELECT 1 FROM bump) AND a.unit = $2 AND a.status IN ('open', 'claimed')
         AND ${inScope('a')}
       FOR UPDATE OF a
     ), claimed AS (
       UPDATE actions a SET status = 'claimed', claimed_by = $8, claimed_at = now(),
         claim_expires_at = now() + make_interval(mins => $10::int)
       FROM locked l
       WHERE a.portfolio_id = l.portfolio_id AND a.action_id = l.action_id
         AND (l.status = 'open' OR l.claim_expires_at <= now()) AND l.due_on <= $3::date
         AND NOT (l.channel = ANY($5::text[])) AND NOT (l.kind = ANY($6::text[]))
         AND NOT EXISTS (SELECT 1 FROM locked o
           WHERE o.status = 'claimed' AND o.claim_expires_at > now())
       RETURNING a.*
     )
     SELECT (SELECT n FROM held) AS held, c.portfolio_id IS NOT NULL AS candidate,
       EXISTS (SELECT 1 FROM gate) AS gated, EXISTS (SELECT 1 FROM bump) AS bumped,
       c.portfolio_id, c.debtor_id,
       ${debtorSegmentJsonSql('c.portfolio_id', 'c.debtor_id')} AS segment,
       (SELECT json_build_object('language', d.language, 'timezone', d.timezone,
           'portfolio', p.name)
         FROM debtors d JOIN portfolios p ON p.portfolio_id = d.portfolio_id
         WHERE d.portfolio_id = c.portfolio_id AND d.debtor_id = c.debtor_id) AS profile,
       (SELECT json_agg(json_build_object('account_id', ac.account_id, 'product', ac.product,
           'currency', ac.currency,
           'balance_minor', (ac.principal_outstanding_minor + ac.interest_outstanding_minor
             + ac.fees_outstanding_minor)::text,
           'overdue_amount_minor', ac.overdue_amount_minor::text, 'dpd', ac.dpd,
           'bucket', ac.bucket, 'risk_class', ac.risk_class, 'agency_id', pl.agency_id)
           ORDER BY ac.account_id)
         FROM accounts ac
         LEFT JOIN placements pl ON pl.portfolio_id = ac.portfolio_id
           AND pl.account_id = ac.account_id AND pl.recalled_on IS NULL
         WHERE ac.portfolio_id = c.portfolio_id AND ac.debtor_id = c.debtor_id
           AND EXISTS (SELECT 1 FROM claimed)) AS accounts,
       (SELECT json_agg(json_build_object('action_id', x.action_id::text,
           'account_id', x.account_id, 'debtor_id', x.debtor_id, 'kind', x.kind,
           'channel', x.channel, 'unit', x.unit, 'template_id', x.template_id,
           'due_on', x.due_on, 'reason', x.reason, 'status', x.status,
           'claimed_by', x.claimed_by, 'claim_expires_at', x.claim_expires_at,
           'claim_active', true) ORDER BY x.due_on, x.action_id)
         FROM claimed x) AS actions
     FROM (SELECT 1) one LEFT JOIN cand c ON true`,
    [...scopeParams(scope), c.skip, c.collectorId, c.capacity, c.claimMinutes],
    { prepared: 'queues.claim_next_case' },
  );
  const r = row!;
  if (r.held >= c.capacity) return { kind: 'at_capacity', held: r.held };
  if (!r.candidate) return { kind: 'empty' };
  if (!r.gated || !r.bumped || r.actions === null)
    // a debtor someone else is claiming or holds is passed over; after one's own claim, not
    return r.gated && !r.bumped
      ? { kind: 'contended', portfolioId: null, debtorId: null }
      : { kind: 'contended', portfolioId: r.portfolio_id, debtorId: r.debtor_id };
  const portfolioId = r.portfolio_id!;
  return {
    kind: 'claimed',
    portfolioId,
    debtorId: r.debtor_id!,
    profile: r.profile ?? { language: '', timezone: '', portfolio: '' },
    segment: r.segment,
    accounts: (r.accounts ?? []).map((a) => ({
      ...a,
      balance_minor: BigInt(a.balance_minor),
      overdue_amount_minor: BigInt(a.overdue_amount_minor),
    })),
    actions: r.actions.map((a) => ({
      ...a,
      portfolio_id: portfolioId,
      action_id: BigInt(a.action_id),
      claim_expires_at: a.claim_expires_at === null ? null : new Date(a.claim_expires_at),
    })),
  };
}

/**
 * Copies each open or claimed action's account balance onto it (its place in the queue's order),
 * where it differs: new work is ranked and payments since move work down the queue. Set-based,
 * once per daily cycle; returns how many actions changed.
 */
export async function refreshQueueBalances(db: Queryable): Promise<number> {
  return db.execute(
    `UPDATE actions a SET queue_balance_minor = ac.principal_outstanding_minor
       + ac.interest_outstanding_minor + ac.fees_outstanding_minor
     FROM accounts ac
     WHERE a.status IN ('open', 'claimed')
       AND ac.portfolio_id = a.portfolio_id AND ac.account_id = a.account_id
       AND a.queue_balance_minor IS DISTINCT FROM ac.principal_outstanding_minor
         + ac.interest_outstanding_minor + ac.fees_outstanding_minor`,
  );
}

/** Cases the collector holds now (unexpired claims), one row per case. */
export type HeldCaseRow = {
  unit: string;
  portfolio_id: bigint;
  debtor_id: string;
  actions: number;
  oldest_due_on: CalendarDate;
  claimed_at: Date;
  claim_expires_at: Date;
};

export async function selectHeldCases(db: Queryable, collectorId: string): Promise<HeldCaseRow[]> {
  return db.query<HeldCaseRow>(
    `SELECT unit, portfolio_id, debtor_id, count(*)::int AS actions, min(due_on) AS oldest_due_on,
       min(claimed_at) AS claimed_at, min(claim_expires_at) AS claim_expires_at
     FROM actions WHERE claimed_by = $1 AND claim_expires_at > now()
     GROUP BY unit, portfolio_id, debtor_id
     ORDER BY min(claimed_at), portfolio_id, debtor_id`,
    [collectorId],
  );
}

export type ActionRow = {
  portfolio_id: bigint;
  action_id: bigint;
  account_id: string;
  debtor_id: string;
  kind: string;
  channel: string;
  unit: string;
  template_id: string | null;
  due_on: CalendarDate;
  reason: unknown;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  claimed_by: string | null;
  claim_expires_at: Date | null;
  /** claimed and not expired (by the database's clock) */
  claim_active: boolean;
};

const actionColumns = `portfolio_id, action_id, account_id, debtor_id, kind, channel, unit,
  template_id, due_on, reason, status, claimed_by, claim_expires_at,
  (status = 'claimed' AND claim_expires_at > now()) AS claim_active`;

/** Who else holds claims on the debtor's actions in the unit (for a clear refusal). */
export async function otherHolders(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
  unit: string | null,
  collectorId: string,
): Promise<string[]> {
  const rows = await db.query<{ claimed_by: string }>(
    `SELECT DISTINCT claimed_by FROM actions
     WHERE portfolio_id = $1 AND debtor_id = $2 AND ($3::text IS NULL OR unit = $3)
       AND status = 'claimed' AND claim_expires_at > now() AND claimed_by <> $4
     ORDER BY claimed_by`,
    [portfolioId, debtorId, unit, collectorId],
  );
  return rows.map((r) => r.claimed_by);
}

/** Gives the collector's held case (unit, portfolio, debtor) back to open; returns the actions. */
export async function releaseHeldCase(
  db: Queryable,
  collectorId: string,
  unit: string,
  portfolioId: bigint,
  debtorId: string,
): Promise<number> {
  return db.execute(
    `UPDATE actions SET status = 'open', claimed_by = NULL, claimed_at = NULL,
       claim_expires_at = NULL
     WHERE portfolio_id = $1 AND debtor_id = $2 AND unit = $3 AND claimed_by = $4
       AND status = 'claimed' AND claim_expires_at > now()`,
    [portfolioId, debtorId, unit, collectorId],
    { prepared: 'queues.release_case' },
  );
}

/** Claims that have lapsed go back to open; returns how many actions. */
export async function expireLapsedClaims(db: Queryable): Promise<number> {
  return db.execute(
    `UPDATE actions SET status = 'open', claimed_by = NULL, claimed_at = NULL,
       claim_expires_at = NULL
     WHERE status = 'claimed' AND claim_expires_at <= now()`,
  );
}

export async function findActionById(
  db: Queryable,
  actionId: bigint,
  lock = false,
): Promise<ActionRow | undefined> {
  const [row] = await db.query<ActionRow>(
    `SELECT ${actionColumns} FROM actions WHERE action_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [actionId],
  );
  return row;
}

/** Marks an action done by the collector (claimed_by keeps who did it). */
export async function markDone(
  db: Queryable,
  portfolioId: bigint,
  actionId: bigint,
  collectorId: string,
  /** when the work was done (a call: the attempt's instant); now by default */
  doneAt: Date | null = null,
): Promise<void> {
  await db.execute(
    `UPDATE actions SET status = 'done', done_at = coalesce($4::timestamptz, now()),
       claimed_by = $3, claim_expires_at = NULL
     WHERE portfolio_id = $1 AND action_id = $2 AND status IN ('open', 'claimed')`,
    [portfolioId, actionId, collectorId, doneAt],
  );
}

export async function insertTaskReport(
  db: Queryable,
  portfolioId: bigint,
  actionId: bigint,
  collectorId: string,
  note: string,
): Promise<Date> {
  const [row] = await db.query<{ completed_at: Date }>(
    `INSERT INTO task_reports (portfolio_id, action_id, collector_id, note)
     VALUES ($1, $2, $3, $4) RETURNING completed_at`,
    [portfolioId, actionId, collectorId, note],
  );
  return row!.completed_at;
}

export type CaseAccountRow = {
  account_id: string;
  product: string;
  currency: string;
  balance_minor: bigint;
  overdue_amount_minor: bigint;
  dpd: number | null;
  bucket: string | null;
  risk_class: string | null;
  agency_id: string | null;
};

/** Whether an account is currently placed with the agency (null: with none). */
export async function currentAgencyOf(
  db: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<string | null> {
  const [row] = await db.query<{ agency_id: string }>(
    `SELECT agency_id FROM placements
     WHERE portfolio_id = $1 AND account_id = $2 AND recalled_on IS NULL`,
    [portfolioId, accountId],
  );
  return row?.agency_id ?? null;
}

export type QueueLoadRow = {
  unit: string;
  agency_id: string | null;
  open_cases: number;
  open_actions: number;
  claimed_cases: number;
  overdue_cases: number;
  oldest_due_on: CalendarDate | null;
};

/** Work due by today per unit and queue (in-house, or an agency's placed accounts). */
export async function selectQueueLoad(db: Queryable, today: CalendarDate): Promise<QueueLoadRow[]> {
  return db.query<QueueLoadRow>(
    `WITH w AS (
       SELECT a.unit, p.agency_id, a.portfolio_id::text || ':' || a.debtor_id AS debtor, a.due_on,
         (a.status = 'claimed' AND a.claim_expires_at > now()) AS held
       FROM actions a
       LEFT JOIN placements p ON p.portfolio_id = a.portfolio_id AND p.account_id = a.account_id
         AND p.recalled_on IS NULL
       WHERE a.status IN ('open', 'claimed') AND a.due_on <= $1::date)
     SELECT unit, agency_id,
       count(DISTINCT debtor) FILTER (WHERE NOT held)::int AS open_cases,
       count(*) FILTER (WHERE NOT held)::int AS open_actions,
       count(DISTINCT debtor) FILTER (WHERE held)::int AS claimed_cases,
       count(DISTINCT debtor) FILTER (WHERE NOT held AND due_on < $1::date)::int AS overdue_cases,
       min(due_on) FILTER (WHERE NOT held) AS oldest_due_on
     FROM w GROUP BY unit, agency_id ORDER BY unit, agency_id NULLS FIRST`,
    [today],
  );
}

export type AttemptRow = {
  portfolio_id: bigint;
  attempt_id: bigint;
  account_id: string;
  debtor_id: string;
  action_id: bigint | null;
  collector_id: string | null;
  channel: string;
  local_date: CalendarDate;
  attempted_at: Date;
  outcome: string | null;
};

export async function findAttemptForUpdate(
  db: Queryable,
  attemptId: bigint,
): Promise<AttemptRow | undefined> {
  const [row] = await db.query<AttemptRow>(
    `SELECT portfolio_id, attempt_id, account_id, debtor_id, action_id, collector_id, channel,
       local_date, attempted_at, outcome
     FROM contact_attempts WHERE attempt_id = $1 FOR UPDATE`,
    [attemptId],
  );
  return row;
}

export async function writeOutcome(
  db: Queryable,
  a: {
    portfolioId: bigint;
    attemptId: bigint;
    collectorId: string;
    answered: boolean;
    conversation: boolean;
    outcome: string;
    details: Record<string, unknown>;
  },
): Promise<Date> {
  const [row] = await db.query<{ outcome_recorded_at: Date }>(
    `UPDATE contact_attempts SET answered = $3, conversation = $4, outcome = $5,
       outcome_details = $6::jsonb, outcome_recorded_at = now(),
       collector_id = coalesce(collector_id, $7)
     WHERE portfolio_id = $1 AND attempt_id = $2
     RETURNING outcome_recorded_at`,
    [
      a.portfolioId,
      a.attemptId,
      a.answered,
      a.conversation,
      a.outcome,
      JSON.stringify(a.details),
      a.collectorId,
    ],
  );
  return row!.outcome_recorded_at;
}

export async function insertDebtorFlag(
  db: Queryable,
  f: {
    portfolioId: bigint;
    debtorId: string;
    flag: string;
    source: string;
    details: Record<string, unknown>;
  },
): Promise<void> {
  await db.execute(
    `INSERT INTO debtor_flags (portfolio_id, debtor_id, flag, at, value, source, details)
     VALUES ($1, $2, $3, now(), true, $4, $5::jsonb)`,
    [f.portfolioId, f.debtorId, f.flag, f.source, JSON.stringify(f.details)],
  );
}

/** A promise's portfolio, account and currency by its id (the promises table is read only here). */
export async function findPromiseRef(
  db: Queryable,
  promiseId: bigint,
): Promise<{ portfolio_id: bigint; account_id: string; currency: string } | undefined> {
  const [row] = await db.query<{ portfolio_id: bigint; account_id: string; currency: string }>(
    'SELECT portfolio_id, account_id, currency FROM promises WHERE promise_id = $1',
    [promiseId],
  );
  return row;
}

export type CollectorActivityRow = {
  collector_id: string;
  attempts: number;
  complaints: number;
  promises_kept: number;
  promises_broken: number;
};

/**
 * Per collector over local days from..to: attempts and complaints (contact_attempts), promises
 * kept and broken by the day they were resolved (promises; read only).
 */
export async function selectCollectorActivity(
  db: Queryable,
  from: CalendarDate,
  to: CalendarDate,
): Promise<CollectorActivityRow[]> {
  return db.query<CollectorActivityRow>(
    `SELECT c.collector_id,
       (SELECT count(*)::int FROM contact_attempts a WHERE a.collector_id = c.collector_id
          AND a.local_date BETWEEN $1::date AND $2::date) AS attempts,
       (SELECT count(*)::int FROM contact_attempts a WHERE a.collector_id = c.collector_id
          AND a.local_date BETWEEN $1::date AND $2::date AND a.outcome = 'complaint') AS complaints,
       (SELECT count(*)::int FROM promises p WHERE p.collector_id = c.collector_id
          AND p.status = 'kept' AND p.resolved_on BETWEEN $1::date AND $2::date) AS promises_kept,
       (SELECT count(*)::int FROM promises p WHERE p.collector_id = c.collector_id
          AND p.status = 'broken' AND p.resolved_on BETWEEN $1::date AND $2::date)
         AS promises_broken
     FROM collectors c ORDER BY c.collector_id`,
    [from, to],
  );
}

export type CollectorRecoveredRow = { collector_id: string; currency: string; minor: bigint };

/** Cash recovered per collector: payments toward their promises paid from..to. */
export async function selectCollectorRecovered(
  db: Queryable,
  from: CalendarDate,
  to: CalendarDate,
): Promise<CollectorRecoveredRow[]> {
  return db.query<CollectorRecoveredRow>(
    `SELECT p.collector_id, p.currency, sum(pp.amount_minor)::int8 AS minor
     FROM promise_payments pp
     JOIN promises p ON p.portfolio_id = pp.portfolio_id AND p.promise_id = pp.promise_id
     WHERE p.collector_id IS NOT NULL AND pp.paid_on BETWEEN $1::date AND $2::date
     GROUP BY p.collector_id, p.currency`,
    [from, to],
  );
}

/** Distinct accounts attempted and reached (a conversation) per group of collectors. */
export async function selectGroupContacts(
  db: Queryable,
  by: 'collector' | 'unit' | 'agency',
  from: CalendarDate,
  to: CalendarDate,
  /** only the attempts of this agency's collectors */
  agencyId?: string,
): Promise<{ key: string; accounts_attempted: number; accounts_reached: number }[]> {
  const key = {
    collector: 'c.collector_id',
    unit: 'c.unit',
    agency: "coalesce(c.agency_id, 'in_house')",
  }[by];
  return db.query(
    `SELECT ${key} AS key,
       count(DISTINCT a.portfolio_id::text || ':' || a.account_id)::int AS accounts_attempted,
       count(DISTINCT a.portfolio_id::text || ':' || a.account_id)
         FILTER (WHERE a.conversation)::int AS accounts_reached
     FROM contact_attempts a JOIN collectors c ON c.collector_id = a.collector_id
     WHERE a.local_date BETWEEN $1::date AND $2::date
       AND ($3::text IS NULL OR c.agency_id = $3::text)
     GROUP BY 1`,
    [from, to, agencyId ?? null],
  );
}

// ---- automated actions (SMS, WeChat, email, letter): sent by the channels' dispatcher ----

export type AutomatedActionRow = {
  portfolio_id: bigint;
  action_id: bigint;
  action_key: string;
  account_id: string;
  debtor_id: string;
  kind: string;
  channel: string;
  strategy_id: string;
  strategy_version: number;
  template_id: string | null;
  due_on: CalendarDate;
};

const automatedColumns = `portfolio_id, action_id, action_key, account_id, debtor_id, kind,
  channel, strategy_id, strategy_version, template_id, due_on`;

/**
 * Open in-house actions on the given channels due by `asOf`, after `afterActionId`, in action id
 * order (read only: each is then taken with lockOpenAction). An action a collector has claimed,
 * or one of an account placed with an agency, is not an automated send.
 */
export async function selectDueAutomatedActions(
  db: Queryable,
  asOf: CalendarDate,
  channels: readonly string[],
  afterActionId: bigint,
  limit: number,
): Promise<AutomatedActionRow[]> {
  return db.query<AutomatedActionRow>(
    `SELECT ${automatedColumns} FROM actions
     WHERE status = 'open' AND agency_id IS NULL AND channel = ANY($2::text[])
       AND due_on <= $1::date AND action_id > $3
     ORDER BY action_id LIMIT $4`,
    [asOf, channels, afterActionId, limit],
  );
}

/** The action, locked, when it is still open and no one else holds its lock; else undefined. */
export async function lockOpenAction(
  db: Queryable,
  portfolioId: bigint,
  actionId: bigint,
): Promise<AutomatedActionRow | undefined> {
  const [row] = await db.query<AutomatedActionRow>(
    `SELECT ${automatedColumns} FROM actions
     WHERE portfolio_id = $1 AND action_id = $2 AND status = 'open'
     FOR UPDATE SKIP LOCKED`,
    [portfolioId, actionId],
  );
  return row;
}

/** An open action done by the system (no collector), at `doneAt`. */
export async function markDoneBySystem(
  db: Queryable,
  portfolioId: bigint,
  actionId: bigint,
  doneAt: Date,
): Promise<number> {
  return db.execute(
    `UPDATE actions SET status = 'done', done_at = $3
     WHERE portfolio_id = $1 AND action_id = $2 AND status = 'open'`,
    [portfolioId, actionId, doneAt],
  );
}

/** An open action cancelled, with why. */
export async function cancelOpenAction(
  db: Queryable,
  portfolioId: bigint,
  actionId: bigint,
  reason: string,
): Promise<number> {
  return db.execute(
    `UPDATE actions SET status = 'cancelled', cancel_reason = $3
     WHERE portfolio_id = $1 AND action_id = $2 AND status = 'open'`,
    [portfolioId, actionId, reason],
  );
}

/** An open action moved to a later due date (never earlier). */
export async function postponeOpenAction(
  db: Queryable,
  portfolioId: bigint,
  actionId: bigint,
  dueOn: CalendarDate,
): Promise<number> {
  return db.execute(
    `UPDATE actions SET due_on = $3::date
     WHERE portfolio_id = $1 AND action_id = $2 AND status = 'open' AND due_on < $3::date`,
    [portfolioId, actionId, dueOn],
  );
}
