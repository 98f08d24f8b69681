/**
 * The set-based SQL of action planning in the daily cycle: the outcome history read from
 * contact attempts, debtor flags, promises and segment events (one GROUP BY each, into temp
 * tables), the page of accounts to plan, and the writes (actions, treatment positions, exits,
 * cancellations) from COPY-filled staging tables. $1 is always the as-of date.
 */

/** Outcomes that mean the debtor was reached, whatever the channel. */
const reachedSql = `(answered IS TRUE OR conversation IS TRUE OR outcome IN ('promise_to_pay',
  'paid', 'dispute', 'hardship_claimed', 'represented', 'complaint', 'refuses',
  'callback_requested'))`;

/**
 * Per debtor, as of $1: the current streak of unanswered calls (calls with a recorded outcome
 * that did not reach the debtor, after the last time the debtor was reached) and the day it began,
 * the last day reached, the dispute flag's latest value, promises kept and broken, and earlier
 * delinquency episodes (cures recorded in segment_events before $1).
 */
export const createHistoryTablesSql = `
  CREATE TEMP TABLE plan_debtor_history (
    portfolio_id bigint NOT NULL,
    debtor_id text NOT NULL,
    unanswered integer NOT NULL,
    unanswered_since date,
    last_reached_on date,
    dispute boolean NOT NULL,
    broken integer NOT NULL,
    kept integer NOT NULL,
    previous integer NOT NULL,
    arrangement_broken boolean NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE plan_account_promises (
    portfolio_id bigint NOT NULL,
    account_id text NOT NULL,
    broken integer NOT NULL,
    kept integer NOT NULL,
    last_broken_on date
  ) ON COMMIT DROP`;

export const insertDebtorHistorySql = `
  INSERT INTO plan_debtor_history
  WITH attempts AS (
    SELECT portfolio_id, debtor_id, channel, attempted_at, local_date, ${reachedSql} AS reached,
      (answered IS NOT NULL OR outcome IS NOT NULL) AS known
    FROM contact_attempts WHERE local_date <= $1::date
  ), last_reach AS (
    SELECT portfolio_id, debtor_id, max(attempted_at) AS at, max(local_date) AS on_day
    FROM attempts WHERE reached GROUP BY portfolio_id, debtor_id
  ), parts AS (
    SELECT a.portfolio_id, a.debtor_id,
      count(*) FILTER (WHERE a.channel = 'call' AND a.known AND NOT a.reached
        AND (r.at IS NULL OR a.attempted_at > r.at))::int AS unanswered,
      min(a.local_date) FILTER (WHERE a.channel = 'call' AND a.known AND NOT a.reached
        AND (r.at IS NULL OR a.attempted_at > r.at)) AS unanswered_since,
      max(r.on_day) AS last_reached_on, NULL::boolean AS dispute, 0 AS broken, 0 AS kept,
      0 AS previous, false AS arrangement_broken
    FROM attempts a LEFT JOIN last_reach r USING (portfolio_id, debtor_id)
    GROUP BY a.portfolio_id, a.debtor_id
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON (portfolio_id, debtor_id) portfolio_id, debtor_id, 0, NULL::date,
        NULL::date, value, 0, 0, 0, false
      FROM debtor_flags
      WHERE flag = 'dispute' AND at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
      ORDER BY portfolio_id, debtor_id, at DESC, flag_seq DESC) f
    UNION ALL
    SELECT portfolio_id, debtor_id, 0, NULL::date, NULL::date, NULL::boolean,
      count(*) FILTER (WHERE status = 'broken')::int, count(*) FILTER (WHERE status = 'kept')::int, 0,
      false
    FROM promises WHERE status IN ('kept', 'broken') AND resolved_on <= $1::date
    GROUP BY portfolio_id, debtor_id
    UNION ALL
    SELECT portfolio_id, debtor_id, 0, NULL::date, NULL::date, NULL::boolean, 0, 0, count(*)::int,
      false
    FROM segment_events WHERE to_segment IS NULL AND as_of < $1::date
    GROUP BY portfolio_id, debtor_id
    UNION ALL
    -- the debtor's latest agreed installment plan broke (and no plan was agreed since)
    SELECT * FROM (
      SELECT DISTINCT ON (portfolio_id, debtor_id) portfolio_id, debtor_id, 0, NULL::date,
        NULL::date, NULL::boolean, 0, 0, 0, (status = 'broken' AND ended_on <= $1::date)
      FROM installment_plans
      WHERE status IN ('active', 'broken', 'completed') AND agreed_on <= $1::date
      ORDER BY portfolio_id, debtor_id, agreed_on DESC, plan_id DESC) p
  )
  SELECT portfolio_id, debtor_id, sum(unanswered)::int AS unanswered,
    min(unanswered_since) AS unanswered_since, max(last_reached_on) AS last_reached_on,
    coalesce(bool_or(dispute), false) AS dispute, sum(broken)::int AS broken,
    sum(kept)::int AS kept, sum(previous)::int AS previous,
    bool_or(arrangement_broken) AS arrangement_broken
  FROM parts GROUP BY portfolio_id, debtor_id`;

export const indexDebtorHistorySql =
  'CREATE UNIQUE INDEX ON plan_debtor_history (portfolio_id, debtor_id)';

/** Per account, as of $1: promises kept and broken, and the day the last one broke. */
export const insertAccountPromisesSql = `
  INSERT INTO plan_account_promises
  SELECT portfolio_id, account_id,
    count(*) FILTER (WHERE status = 'broken')::int AS broken,
    count(*) FILTER (WHERE status = 'kept')::int AS kept,
    max(resolved_on) FILTER (WHERE status = 'broken') AS last_broken_on
  FROM promises WHERE status IN ('kept', 'broken') AND resolved_on <= $1::date
  GROUP BY portfolio_id, account_id`;

export const indexAccountPromisesSql =
  'CREATE UNIQUE INDEX ON plan_account_promises (portfolio_id, account_id)';

/** Lets the account pages find their debtor's staged segment by index. */
export const indexSegmentStagingSql =
  'CREATE INDEX segment_staging_key ON segment_staging (portfolio_id, debtor_id)';

export type PlanAccountRow = {
  portfolio_id: bigint;
  account_id: string;
  debtor_id: string;
  product: string;
  currency: string;
  outstanding_minor: bigint;
  dpd: number;
  pre_due: boolean;
  bucket: string;
  risk_class: string;
  next_due_date: string | null;
  segment: string | null;
  strategy_id: string | null;
  arm: string | null;
  strategy_version: number | null;
  rule_id: string | null;
  step: number | null;
  entered_on: string | null;
  due_on: string | null;
  promise_broken_seen: string | null;
  /** the stored position's treatment action key: that action exists already */
  action_key: string | null;
  done_on: string | null;
  unanswered: number | null;
  unanswered_since: string | null;
  last_reached_on: string | null;
  dispute: boolean | null;
  arrangement_broken: boolean | null;
  previous: number | null;
  broken: number | null;
  kept: number | null;
  last_broken_on: string | null;
};

/**
 * The accounts to plan (delinquent, or inside the pre-due window) and the accounts that hold a
 * treatment position (to leave it), with the debtor's staged segment, the account's treatment
 * position (and the day its current action was done, if it was) and its outcome history. Read
 * through a cursor in pages: one plan with hash joins over the whole set (a page per keyset
 * query cost an index probe per account into each of five tables).
 */
export const declarePlanCursorSql = `
  DECLARE plan_accounts NO SCROLL CURSOR FOR
  SELECT a.portfolio_id, a.account_id, a.debtor_id, a.product, a.currency,
    (a.principal_outstanding_minor + a.interest_outstanding_minor + a.fees_outstanding_minor)::int8
      AS outstanding_minor,
    a.dpd, a.pre_due, a.bucket, a.risk_class, a.next_due_date, s.segment,
    p.strategy_id, p.strategy_version, p.arm, p.rule_id, p.step, p.entered_on, p.due_on,
    p.promise_broken_seen, p.action_key,
    CASE WHEN x.done_at IS NOT NULL
      THEN least((x.done_at AT TIME ZONE a.timezone)::date, $1::date) END AS done_on,
    h.unanswered, h.unanswered_since, h.last_reached_on, h.dispute, h.previous,
    h.arrangement_broken,
    ap.broken, ap.kept, ap.last_broken_on
  FROM accounts a
  LEFT JOIN segment_staging s ON s.portfolio_id = a.portfolio_id AND s.debtor_id = a.debtor_id
  LEFT JOIN treatment_positions p
    ON p.portfolio_id = a.portfolio_id AND p.account_id = a.account_id
  LEFT JOIN (SELECT portfolio_id, action_key, done_at FROM actions WHERE status = 'done') x
    ON x.portfolio_id = p.portfolio_id AND x.action_key = p.action_key
  LEFT JOIN plan_debtor_history h ON h.portfolio_id = a.portfolio_id AND h.debtor_id = a.debtor_id
  LEFT JOIN plan_account_promises ap
    ON ap.portfolio_id = a.portfolio_id AND ap.account_id = a.account_id
  WHERE a.dpd > 0 OR a.pre_due OR p.account_id IS NOT NULL`;

export const fetchPlanCursorSql = (n: number) => `FETCH FORWARD ${n} FROM plan_accounts`;

export const closePlanCursorSql = 'CLOSE plan_accounts';

export const createPlanStagingSql = `
  CREATE TEMP TABLE action_staging (
    portfolio_id bigint NOT NULL,
    action_key text NOT NULL,
    account_id text NOT NULL,
    debtor_id text NOT NULL,
    kind text NOT NULL,
    channel text NOT NULL,
    unit text NOT NULL,
    strategy_id text NOT NULL,
    strategy_version integer NOT NULL,
    arm text NOT NULL,
    due_on date NOT NULL,
    planned_on date NOT NULL,
    reason jsonb NOT NULL,
    queue_balance_minor bigint NOT NULL,
    template_id text
  ) ON COMMIT DROP;
  CREATE TEMP TABLE position_staging (
    portfolio_id bigint NOT NULL,
    account_id text NOT NULL,
    strategy_id text NOT NULL,
    strategy_version integer NOT NULL,
    arm text NOT NULL,
    rule_id text NOT NULL,
    step integer NOT NULL,
    entered_on date NOT NULL,
    due_on date NOT NULL,
    promise_broken_seen date,
    action_key text NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE superseded_staging (
    portfolio_id bigint NOT NULL,
    action_key text NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE exit_staging (
    portfolio_id bigint NOT NULL,
    account_id text NOT NULL,
    strategy_id text NOT NULL,
    strategy_version integer NOT NULL,
    arm text NOT NULL,
    action_key text NOT NULL,
    cured boolean NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE escalation_staging (
    portfolio_id bigint NOT NULL,
    debtor_id text NOT NULL,
    segment text NOT NULL,
    rule text NOT NULL,
    facts jsonb NOT NULL
  ) ON COMMIT DROP`;

export const copyActionStagingSql = `COPY action_staging (portfolio_id, action_key, account_id,
  debtor_id, kind, channel, unit, strategy_id, strategy_version, arm, due_on, planned_on, reason,
  queue_balance_minor, template_id) FROM STDIN`;

export const copyPositionStagingSql = `COPY position_staging (portfolio_id, account_id,
  strategy_id, strategy_version, arm, rule_id, step, entered_on, due_on, promise_broken_seen,
  action_key) FROM STDIN`;

export const copySupersededStagingSql =
  'COPY superseded_staging (portfolio_id, action_key) FROM STDIN';

export const copyExitStagingSql = `COPY exit_staging (portfolio_id, account_id, strategy_id,
  strategy_version, arm, action_key, cured) FROM STDIN`;

export const copyEscalationStagingSql =
  'COPY escalation_staging (portfolio_id, debtor_id, segment, rule, facts) FROM STDIN';

/** Escalations that set a debtor's segment override segmentation's staged assignment. */
export const applyEscalatedSegmentsSql = `
  UPDATE segment_staging s SET segment = e.segment, rule = e.rule, facts = e.facts
  FROM escalation_staging e
  WHERE s.portfolio_id = e.portfolio_id AND s.debtor_id = e.debtor_id`;

/**
 * What a page staged, moved into its tables, in one round trip the server runs while the next
 * page is computed; the staging is emptied by TRUNCATE (a DELETE would leave every page's rows
 * dead in it, for each later page to scan past):
 * - new actions only: an action whose key exists (planned on any day) is not planned again. Each
 *   enters the queues ranked by its account's balance as planned (the queues' order, see 0010).
 *   The key's unique index decides (ON CONFLICT DO NOTHING), whatever the statistics say: as a
 *   NOT EXISTS anti-join the planner sorted every action planned so far against each page (a
 *   merge anti-join: quadratic over a cycle's pages), and as a probe per row it walked the whole
 *   table when its statistics last saw it empty (a first cycle);
 * - the positions that moved or are new (an account with a position never exits its treatment
 *   in the same run, so the exits deleted after the last page are other accounts).
 * The plan's cursor reads as of its opening: it never sees what a page moved.
 */
export const movePageSql = `
  INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
    strategy_id, strategy_version, arm, due_on, planned_on, reason, queue_balance_minor,
    template_id)
  SELECT s.portfolio_id, s.action_key, s.account_id, s.debtor_id, s.kind, s.channel, s.unit,
    s.strategy_id, s.strategy_version, s.arm, s.due_on, s.planned_on, s.reason,
    s.queue_balance_minor, s.template_id
  FROM action_staging s
  ON CONFLICT (portfolio_id, action_key) DO NOTHING;
  TRUNCATE action_staging;
  INSERT INTO treatment_positions AS p (portfolio_id, account_id, strategy_id, strategy_version,
    arm, rule_id, step, entered_on, due_on, promise_broken_seen, action_key)
  SELECT portfolio_id, account_id, strategy_id, strategy_version, arm, rule_id, step, entered_on,
    due_on, promise_broken_seen, action_key
  FROM position_staging
  ON CONFLICT (portfolio_id, account_id) DO UPDATE SET
    strategy_id = EXCLUDED.strategy_id, strategy_version = EXCLUDED.strategy_version,
    arm = EXCLUDED.arm, rule_id = EXCLUDED.rule_id, step = EXCLUDED.step,
    entered_on = EXCLUDED.entered_on, due_on = EXCLUDED.due_on,
    promise_broken_seen = EXCLUDED.promise_broken_seen, action_key = EXCLUDED.action_key
  WHERE (p.strategy_id, p.strategy_version, p.arm, p.rule_id, p.step, p.entered_on, p.due_on,
      p.promise_broken_seen, p.action_key)
    IS DISTINCT FROM (EXCLUDED.strategy_id, EXCLUDED.strategy_version, EXCLUDED.arm,
      EXCLUDED.rule_id, EXCLUDED.step, EXCLUDED.entered_on, EXCLUDED.due_on,
      EXCLUDED.promise_broken_seen, EXCLUDED.action_key);
  TRUNCATE position_staging`;

/**
 * The open treatment action of a position that moved (another step, rule or version, or left its
 * treatment without being cured) is superseded; a done or claimed one is left alone.
 */
export const cancelSupersededSql = `
  UPDATE actions a SET status = 'cancelled', cancel_reason = 'superseded'
  FROM superseded_staging s
  WHERE a.portfolio_id = s.portfolio_id AND a.action_key = s.action_key AND a.status = 'open'`;

export const insertExitsSql = `
  INSERT INTO treatment_exits (portfolio_id, account_id, exited_on, strategy_id, strategy_version,
    arm, reason)
  SELECT portfolio_id, account_id, $1::date, strategy_id, strategy_version, arm, 'cured'
  FROM exit_staging WHERE cured
  ON CONFLICT DO NOTHING`;

/** Cured accounts' open (unclaimed) treatment and escalation actions are cancelled. */
export const cancelCuredSql = `
  UPDATE actions a SET status = 'cancelled', cancel_reason = 'cured'
  FROM exit_staging e
  WHERE e.cured AND a.portfolio_id = e.portfolio_id AND a.account_id = e.account_id
    AND a.status = 'open' AND a.kind IN ('treatment', 'escalation')`;

export const deleteExitedPositionsSql = `
  DELETE FROM treatment_positions p USING exit_staging e
  WHERE p.portfolio_id = e.portfolio_id AND p.account_id = e.account_id`;

export const dropPlanStagingSql = `DROP TABLE action_staging; DROP TABLE position_staging;
  DROP TABLE superseded_staging; DROP TABLE exit_staging; DROP TABLE escalation_staging`;

export const dropHistoryTablesSql =
  'DROP TABLE plan_debtor_history; DROP TABLE plan_account_promises';

/** What the planning of date $1 produced (stable on a rerun of the same date). */
export const plannedCountsSql = `
  SELECT unit, kind, count(*)::int AS n FROM actions WHERE planned_on = $1::date
  GROUP BY unit, kind`;
