/**
 * SQL of the portfolio import, run inside the import's transaction. Rows arrive in batches: each
 * batch is COPYed into a staging table, its keys are kept in import_lines for the checks across
 * rows, it is merged set-based into debtors and accounts, and the staging table is emptied for
 * the next batch. The merge of one batch overlaps the reading of the next, and a refused file
 * rolls the whole transaction back, so the import stays all or nothing.
 */
export const stagingColumns = [
  'line',
  'account_id',
  'debtor_id',
  'debtor_name',
  'product',
  'currency',
  'principal_outstanding_minor',
  'interest_outstanding_minor',
  'fees_outstanding_minor',
  'overdue_amount_minor',
  'oldest_unpaid_due_date',
  'next_due_date',
  'next_due_amount_minor',
  'credit_limit_minor',
  'origination_date',
  'branch',
  'region',
  'timezone',
  'country',
  'language',
  'pii_sealed',
  'identity_digest',
  'row_digest',
] as const;

/**
 * The accounts this import updated (not the new ones), with their new balances: handed to the
 * payments module, which adjusts the ledgers of those that have one (adjustLedgersToTape).
 */
export const changedBalancesTable = 'import_changed_balances';

export const createStagingSql = `
  CREATE TEMP TABLE import_staging (
    line integer NOT NULL,
    account_id text NOT NULL,
    debtor_id text NOT NULL,
    debtor_name text NOT NULL,
    product text NOT NULL,
    currency text NOT NULL,
    principal_outstanding_minor bigint NOT NULL,
    interest_outstanding_minor bigint NOT NULL,
    fees_outstanding_minor bigint NOT NULL,
    overdue_amount_minor bigint NOT NULL,
    oldest_unpaid_due_date date,
    next_due_date date,
    next_due_amount_minor bigint,
    credit_limit_minor bigint,
    origination_date date,
    branch text,
    region text,
    timezone text NOT NULL,
    country text NOT NULL,
    language text NOT NULL,
    pii_sealed bytea,
    identity_digest bytea NOT NULL,
    row_digest bytea NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE import_lines (
    line integer NOT NULL,
    account_id text NOT NULL,
    debtor_id text NOT NULL,
    identity_digest bytea NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE ${changedBalancesTable} (
    account_id text NOT NULL,
    currency text NOT NULL,
    principal_outstanding_minor bigint NOT NULL,
    interest_outstanding_minor bigint NOT NULL,
    fees_outstanding_minor bigint NOT NULL,
    due_date date
  ) ON COMMIT DROP`;

export const copyStagingSql = `COPY import_staging (${stagingColumns.join(', ')}) FROM STDIN`;

/** Keeps the keys of the staged batch for the checks across the whole file. */
export const keepLinesSql = `
  INSERT INTO import_lines (line, account_id, debtor_id, identity_digest)
  SELECT line, account_id, debtor_id, identity_digest FROM import_staging`;

/** Empties the staging table for the next batch. */
export const clearStagingSql = 'TRUNCATE import_staging';

/** Account ids that appear on more than one line of the file. */
export const duplicateAccountsSql = `
  SELECT account_id, array_agg(line ORDER BY line) AS lines
  FROM import_lines GROUP BY account_id HAVING count(*) > 1
  ORDER BY min(line) LIMIT $1`;

/** Debtors whose rows disagree on name or national id. */
export const inconsistentDebtorsSql = `
  SELECT debtor_id, array_agg(line ORDER BY line) AS lines
  FROM (
    SELECT DISTINCT ON (debtor_id, identity_digest) debtor_id, identity_digest, line
    FROM import_lines ORDER BY debtor_id, identity_digest, line
  ) firsts
  GROUP BY debtor_id HAVING count(*) > 1
  ORDER BY min(line) LIMIT $1`;

/** Debtors on the file who were anonymised under the retention rules (the merge was rolled back). */
export const anonymisedDebtorsSql = `
  SELECT l.debtor_id, min(l.line)::int AS line
  FROM import_lines l
  JOIN debtors d ON d.portfolio_id = $1::bigint AND d.debtor_id = l.debtor_id
  WHERE d.anonymised_at IS NOT NULL
  GROUP BY l.debtor_id ORDER BY min(l.line) LIMIT $2`;

export const ensurePortfolioSql = `
  WITH ins AS (
    INSERT INTO portfolios (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING portfolio_id
  )
  SELECT portfolio_id FROM ins UNION ALL SELECT portfolio_id FROM portfolios WHERE name = $1`;

/**
 * Debtor-level data comes from the debtor's last row in the file: the last row of each batch
 * here, and later batches (later lines) overwrite earlier ones.
 */
export const mergeDebtorsSql = `
  INSERT INTO debtors AS d
    (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
  SELECT DISTINCT ON (debtor_id)
    $1::bigint, debtor_id, debtor_name, country, language, timezone, identity_digest
  FROM import_staging ORDER BY debtor_id, line DESC
  ON CONFLICT (portfolio_id, debtor_id) DO UPDATE SET
    name = EXCLUDED.name, country = EXCLUDED.country, language = EXCLUDED.language,
    timezone = EXCLUDED.timezone, identity_digest = EXCLUDED.identity_digest, updated_at = now()
  WHERE (d.name, d.country, d.language, d.timezone, d.identity_digest)
    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.country, EXCLUDED.language, EXCLUDED.timezone,
      EXCLUDED.identity_digest)`;

const accountColumns = stagingColumns.filter(
  (c) => !['line', 'debtor_name', 'country', 'language', 'identity_digest'].includes(c),
);
const updatable = accountColumns.filter((c) => c !== 'account_id');

/**
 * Inserts new accounts and updates changed ones; counts each, and keeps the updated ones' new
 * balances in the changed-balances table. An account id twice in one batch
 * is merged once (the file is refused by the check on import_lines anyway, and ON CONFLICT may
 * not touch a row twice in one statement); rows go in in key order, which is kinder to the
 * primary key's index.
 */
export const mergeAccountsSql = `
  WITH merged AS (
    INSERT INTO accounts AS a (portfolio_id, ${accountColumns.join(', ')})
    SELECT DISTINCT ON (account_id) $1::bigint, ${accountColumns.join(', ')} FROM import_staging
    ORDER BY account_id, line
    ON CONFLICT (portfolio_id, account_id) DO UPDATE SET
      ${updatable.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
    WHERE a.row_digest IS DISTINCT FROM EXCLUDED.row_digest
    RETURNING (xmax = 0) AS inserted, account_id, currency, principal_outstanding_minor,
      interest_outstanding_minor, fees_outstanding_minor,
      coalesce(oldest_unpaid_due_date, next_due_date) AS due_date
  ),
  changed AS (
    INSERT INTO ${changedBalancesTable}
    SELECT account_id, currency, principal_outstanding_minor, interest_outstanding_minor,
      fees_outstanding_minor, due_date
    FROM merged WHERE NOT inserted
    RETURNING 1
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS imported,
    count(*) FILTER (WHERE NOT inserted)::int AS updated
  FROM merged`;

export const recordImportSql = `
  INSERT INTO import_runs
    (portfolio_id, source_name, rows_read, imported, updated, unchanged, started_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  RETURNING import_id`;

/** The first line of each of these accounts in the file. */
export const accountLinesSql = `
  SELECT account_id, min(line)::int AS line FROM import_lines
  WHERE account_id = ANY($1::text[]) GROUP BY account_id ORDER BY min(line)`;
