/**
 * SQL for the portfolio's own tables: portfolios, debtors, accounts and the aging history kept
 * beside each account (bucket_events, month_end_snapshots). Rows come back as the Db layer gives
 * them: money as bigint minor units, calendar dates as 'YYYY-MM-DD' strings, instants as Date.
 * Personal information (accounts.pii_sealed) is selected only by findMessageContactRow, for the
 * destination of an automated message (it leaves here sealed).
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { Bucket, RiskClass } from '../cycle/index.js';
import { scopeFilter, type DataScope } from '../auth/index.js';

export type PortfolioRow = {
  portfolio_id: bigint;
  name: string;
  account_count: bigint;
  created_at: Date;
};

export type AccountRow = {
  portfolio_id: bigint;
  account_id: string;
  portfolio: string;
  debtor_id: string;
  debtor_name: string;
  product: string;
  currency: string;
  principal_outstanding_minor: bigint;
  interest_outstanding_minor: bigint;
  fees_outstanding_minor: bigint;
  overdue_amount_minor: bigint;
  next_due_amount_minor: bigint | null;
  credit_limit_minor: bigint | null;
  oldest_unpaid_due_date: CalendarDate | null;
  next_due_date: CalendarDate | null;
  origination_date: CalendarDate | null;
  branch: string | null;
  region: string | null;
  timezone: string;
  dpd: number | null;
  bucket: Bucket | null;
  pre_due: boolean | null;
  risk_class: RiskClass | null;
  aged_as_of: CalendarDate | null;
};

export type BucketEventRow = {
  as_of: CalendarDate;
  from_bucket: Bucket | null;
  to_bucket: Bucket;
};

export type MonthEndSnapshotRow = {
  month_end: CalendarDate;
  currency: string;
  dpd: number;
  bucket: Bucket;
  risk_class: RiskClass;
  overdue_amount_minor: bigint;
  balance_minor: bigint;
};

export type AccountFilter = {
  portfolio?: string | undefined;
  bucket?: Bucket | undefined;
  riskClass?: RiskClass | undefined;
  preDue?: boolean | undefined;
  dpdMin?: number | undefined;
  dpdMax?: number | undefined;
  /** the rows the acting user may see (absent: all, for the CLI and internal callers) */
  scope?: DataScope | undefined;
};

export type AccountPageQuery = AccountFilter & { limit: number; cursor?: string | undefined };

export type AccountPage = { items: AccountRow[]; next_cursor: string | null };

/** Accounts, their portfolio and debtor counts grouped by aging state and currency. */
export type AccountGroupRow = {
  bucket: Bucket | null;
  pre_due: boolean | null;
  risk_class: RiskClass | null;
  currency: string;
  accounts: bigint;
  overdue_minor: string;
  balance_minor: string;
};

type AccountKey = { portfolioId: bigint; accountId: string };

// reads

const accountColumns = `
  a.portfolio_id, a.account_id, p.name AS portfolio, a.debtor_id, d.name AS debtor_name,
  a.product, a.currency, a.principal_outstanding_minor, a.interest_outstanding_minor,
  a.fees_outstanding_minor, a.overdue_amount_minor, a.next_due_amount_minor, a.credit_limit_minor,
  a.oldest_unpaid_due_date, a.next_due_date, a.origination_date, a.branch, a.region, a.timezone,
  a.dpd, a.bucket, a.pre_due, a.risk_class, a.aged_as_of`;

const accountsFrom = `
  FROM accounts a
  JOIN portfolios p ON p.portfolio_id = a.portfolio_id
  JOIN debtors d ON d.portfolio_id = a.portfolio_id AND d.debtor_id = a.debtor_id`;

export async function listPortfolios(db: Queryable): Promise<PortfolioRow[]> {
  return db.query<PortfolioRow>(`
    SELECT p.portfolio_id, p.name, count(a.account_id) AS account_count, p.created_at
    FROM portfolios p LEFT JOIN accounts a ON a.portfolio_id = p.portfolio_id
    GROUP BY p.portfolio_id
    ORDER BY p.name`);
}

export async function portfolioExists(db: Queryable, name: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM portfolios WHERE name = $1', [name]);
  return rows.length > 0;
}

/** One page of accounts in (portfolio_id, account_id) order, after the cursor when given. */
export async function listAccounts(
  db: Queryable,
  query: AccountPageQuery,
  cursorCodec: CursorCodec = plainCursor,
): Promise<AccountPage> {
  const where = filterSql(query);
  if (query.cursor !== undefined) {
    const key = decodeCursor(cursorCodec.open(query.cursor));
    where.add(
      `(a.portfolio_id, a.account_id) > (${where.param(key.portfolioId)}::int8, ` +
        `${where.param(key.accountId)}::text)`,
    );
  }
  const rows = await db.query<AccountRow>(
    `SELECT ${accountColumns} ${accountsFrom} ${where.sql()}
     ORDER BY a.portfolio_id, a.account_id
     LIMIT ${where.param(query.limit + 1)}`,
    where.params,
  );
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const more = rows.length > query.limit && last !== undefined;
  return { items, next_cursor: more ? cursorCodec.seal(encodeCursor(last)) : null };
}

/** How a page cursor is wrapped: as is, or sealed (pseudonymised lists must not carry ids). */
export type CursorCodec = { seal: (cursor: string) => string; open: (sealed: string) => string };
const plainCursor: CursorCodec = { seal: (c) => c, open: (c) => c };

/** The accounts with this id: one per portfolio holding it, or only the named portfolio's. */
export async function findAccounts(
  db: Queryable,
  accountId: string,
  portfolio?: string,
  scope?: DataScope,
): Promise<AccountRow[]> {
  const where = filterSql({ portfolio, scope });
  where.add(`a.account_id = ${where.param(accountId)}`);
  return db.query<AccountRow>(
    `SELECT ${accountColumns} ${accountsFrom} ${where.sql()} ORDER BY a.portfolio_id`,
    where.params,
  );
}

export async function listBucketEvents(
  db: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<BucketEventRow[]> {
  return db.query<BucketEventRow>(
    `SELECT as_of, from_bucket, to_bucket FROM bucket_events
     WHERE portfolio_id = $1 AND account_id = $2 ORDER BY as_of`,
    [portfolioId, accountId],
  );
}

export async function listMonthEndSnapshots(
  db: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<MonthEndSnapshotRow[]> {
  return db.query<MonthEndSnapshotRow>(
    `SELECT month_end, currency, dpd, bucket, risk_class, overdue_amount_minor, balance_minor
     FROM month_end_snapshots
     WHERE portfolio_id = $1 AND account_id = $2 ORDER BY month_end`,
    [portfolioId, accountId],
  );
}

/** Account counts and amounts by (bucket, pre-due, risk class, currency). */
export async function groupAccounts(db: Queryable, portfolio?: string): Promise<AccountGroupRow[]> {
  const where = filterSql({ portfolio });
  return db.query<AccountGroupRow>(
    `SELECT a.bucket, a.pre_due, a.risk_class, a.currency, count(*) AS accounts,
       sum(a.overdue_amount_minor)::text AS overdue_minor,
       sum(a.principal_outstanding_minor + a.interest_outstanding_minor
         + a.fees_outstanding_minor)::text AS balance_minor
     FROM accounts a JOIN portfolios p ON p.portfolio_id = a.portfolio_id
     ${where.sql()}
     GROUP BY a.bucket, a.pre_due, a.risk_class, a.currency
     ORDER BY a.currency`,
    where.params,
  );
}

/** The latest date the accounts were aged as of (the newest aging seen), or null. */
export async function latestAgedAsOf(
  db: Queryable,
  portfolio?: string,
): Promise<CalendarDate | null> {
  const where = filterSql({ portfolio });
  const [row] = await db.query<{ as_of: CalendarDate | null }>(
    `SELECT max(a.aged_as_of) AS as_of
     FROM accounts a JOIN portfolios p ON p.portfolio_id = a.portfolio_id ${where.sql()}`,
    where.params,
  );
  return row?.as_of ?? null;
}

// read helpers

/** A WHERE clause built from parameters; `p` (portfolios) and `a` (accounts) are in scope. */
function filterSql(filter: AccountFilter) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const add = (clause: string): void => {
    clauses.push(clause);
  };
  if (filter.portfolio !== undefined) add(`p.name = ${param(filter.portfolio)}`);
  if (filter.bucket !== undefined) add(`a.bucket = ${param(filter.bucket)}`);
  if (filter.riskClass !== undefined) add(`a.risk_class = ${param(filter.riskClass)}`);
  if (filter.preDue !== undefined) add(`a.pre_due = ${param(filter.preDue)}`);
  if (filter.dpdMin !== undefined) add(`a.dpd >= ${param(filter.dpdMin)}`);
  if (filter.dpdMax !== undefined) add(`a.dpd <= ${param(filter.dpdMax)}`);
  const scoped = filter.scope && scopeFilter(filter.scope, 'a', params.length + 1);
  if (scoped) {
    params.push(...scoped.params);
    add(scoped.sql);
  }
  return {
    params,
    param,
    add,
    sql: () => (clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''),
  };
}

function encodeCursor(row: AccountRow): string {
  const key = [row.portfolio_id.toString(), row.account_id];
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): AccountKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      /^\d{1,18}$/.test(key[0]) &&
      typeof key[1] === 'string'
    )
      return { portfolioId: BigInt(key[0]), accountId: key[1] };
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'the cursor is not one this API returned', [
    { field: 'cursor', message: 'not a valid cursor' },
  ]);
}

export type PortfolioRefRow = { portfolio_id: bigint; name: string };

/** A portfolio by its id, or none. */
export async function findPortfolioRow(
  db: Queryable,
  portfolioId: bigint,
): Promise<PortfolioRefRow | undefined> {
  const [row] = await db.query<PortfolioRefRow>(
    'SELECT portfolio_id, name FROM portfolios WHERE portfolio_id = $1',
    [portfolioId],
  );
  return row;
}

export type DebtorLocaleRow = { timezone: string; country: string; owns_account: boolean | null };

/** A debtor's zone and country, and whether it holds the account (null when none is asked). */
export async function findDebtorLocaleRow(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
  accountId: string | null,
): Promise<DebtorLocaleRow | undefined> {
  const [row] = await db.query<DebtorLocaleRow>(
    `SELECT d.timezone, d.country,
       CASE WHEN $3::text IS NULL THEN NULL ELSE EXISTS (
         SELECT 1 FROM accounts a
         WHERE a.portfolio_id = d.portfolio_id AND a.account_id = $3::text
           AND a.debtor_id = d.debtor_id) END AS owns_account
     FROM debtors d WHERE d.portfolio_id = $1 AND d.debtor_id = $2`,
    [portfolioId, debtorId, accountId],
  );
  return row;
}

/** Whether an account (or, with accountId null, any account of the debtor) is in a scope. */
export async function existsInScope(
  db: Queryable,
  scope: DataScope,
  key: { portfolioId: bigint; debtorId?: string; accountId?: string },
): Promise<boolean> {
  const params: unknown[] = [key.portfolioId];
  const clauses = ['a.portfolio_id = $1'];
  if (key.accountId !== undefined) {
    params.push(key.accountId);
    clauses.push(`a.account_id = $${params.length}`);
  }
  if (key.debtorId !== undefined) {
    params.push(key.debtorId);
    clauses.push(`a.debtor_id = $${params.length}`);
  }
  const scoped = scopeFilter(scope, 'a', params.length + 1);
  if (scoped) {
    params.push(...scoped.params);
    clauses.push(scoped.sql);
  }
  const rows = await db.query(
    `SELECT 1 FROM accounts a WHERE ${clauses.join(' AND ')} LIMIT 1`,
    params,
  );
  return rows.length > 0;
}

export type SealedPersonalRow = {
  portfolio_id: bigint;
  account_id: string;
  debtor_id: string;
  pii_sealed: Uint8Array | null;
};

/** The sealed personal data of one account (the only query that selects it). */
export async function findSealedPersonalData(
  db: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<SealedPersonalRow | undefined> {
  const [row] = await db.query<SealedPersonalRow>(
    `SELECT portfolio_id, account_id, debtor_id, pii_sealed FROM accounts
     WHERE portfolio_id = $1 AND account_id = $2`,
    [portfolioId, accountId],
  );
  return row;
}

export type MessageContactRow = {
  debtor_id: string;
  name: string;
  language: 'zh-CN' | 'en';
  currency: string;
  overdue_amount_minor: bigint;
  oldest_unpaid_due_date: string | null;
  next_due_date: string | null;
  next_due_amount_minor: bigint | null;
  timezone: string;
  pii_sealed: Uint8Array | null;
};

/**
 * What an automated message to an account's debtor needs: the name and language, the amounts and
 * dates, and the sealed personal data with the contact points (unsealed by the caller's cipher).
 */
export async function findMessageContactRow(
  db: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<MessageContactRow | undefined> {
  const [row] = await db.query<MessageContactRow>(
    `SELECT a.debtor_id, d.name, d.language, a.currency, a.overdue_amount_minor,
       a.oldest_unpaid_due_date, a.next_due_date, a.next_due_amount_minor, d.timezone,
       a.pii_sealed
     FROM accounts a JOIN debtors d ON d.portfolio_id = a.portfolio_id AND d.debtor_id = a.debtor_id
     WHERE a.portfolio_id = $1 AND a.account_id = $2`,
    [portfolioId, accountId],
  );
  return row;
}

/** Logs an unmasked read: a reveal of an account's fields, or an export of the whole debtor. */
export async function insertPersonalDataRead(
  db: Queryable,
  r: {
    kind?: 'reveal' | 'export';
    portfolioId: bigint;
    /** null for an export (it covers every account of the debtor) */
    accountId: string | null;
    debtorId: string;
    userId: bigint;
    username: string;
    fields: string[];
    purpose: string;
    note: string | null;
    at: Date;
  },
): Promise<bigint> {
  const [row] = await db.query<{ read_id: bigint }>(
    `INSERT INTO personal_data_reads (kind, portfolio_id, account_id, debtor_id, user_id, username,
       fields, purpose, note, read_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10) RETURNING read_id`,
    [
      r.kind ?? 'reveal',
      r.portfolioId,
      r.accountId,
      r.debtorId,
      r.userId,
      r.username,
      r.fields,
      r.purpose,
      r.note,
      r.at,
    ],
  );
  return row!.read_id;
}

// retention and access requests (modules/privacy)

export type ClosedDebtorRow = {
  debtor_id: string;
  /** the day the debtor's last account closed */
  closed_since: CalendarDate;
  all_closed: boolean;
  anonymised_at: Date | null;
};

/**
 * One page (after `after`, in debtor id order) of a portfolio's debtors with at least one closed
 * account: when their last account closed, whether all are closed, and whether they were
 * anonymised. Walks the partial index of closed accounts.
 */
export async function listClosedDebtorRows(
  db: Queryable,
  portfolioId: bigint,
  after: string,
  limit: number,
): Promise<ClosedDebtorRow[]> {
  return db.query<ClosedDebtorRow>(
    `WITH c AS (
       SELECT a.debtor_id, max(a.closed_on) AS closed_since
       FROM accounts a
       WHERE a.portfolio_id = $1 AND a.closed_on IS NOT NULL AND a.debtor_id > $2
       GROUP BY a.debtor_id ORDER BY a.debtor_id LIMIT $3)
     SELECT c.debtor_id, c.closed_since, d.anonymised_at,
       NOT EXISTS (SELECT 1 FROM accounts o WHERE o.portfolio_id = $1
         AND o.debtor_id = c.debtor_id AND o.closed_on IS NULL) AS all_closed
     FROM c JOIN debtors d ON d.portfolio_id = $1 AND d.debtor_id = c.debtor_id
     ORDER BY c.debtor_id`,
    [portfolioId, after, limit],
  );
}

/**
 * Replaces the debtors' names with their pseudonyms and their identity digests with digests of the
 * pseudonyms, and erases their accounts' sealed personal data; each account's row digest becomes
 * a digest of a random salt (it no longer stands for a tape row). Debtors already anonymised, or
 * with an account open again, are left as they are. Returns the debtors and accounts changed.
 */
export async function anonymiseDebtorRows(
  db: Queryable,
  portfolioId: bigint,
  debtors: readonly { debtorId: string; pseudonym: string }[],
  at: Date,
  salt: string,
): Promise<{ debtors: string[]; accountIds: string[] }> {
  const rows = await db.query<{ debtor_id: string }>(
    `UPDATE debtors d SET name = v.pseudonym,
       identity_digest = sha256(convert_to(v.pseudonym, 'UTF8')),
       anonymised_at = $4, updated_at = now()
     FROM unnest($2::text[], $3::text[]) AS v (debtor_id, pseudonym)
     WHERE d.portfolio_id = $1 AND d.debtor_id = v.debtor_id AND d.anonymised_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM accounts o
         WHERE o.portfolio_id = $1 AND o.debtor_id = d.debtor_id AND o.closed_on IS NULL)
     RETURNING d.debtor_id`,
    [portfolioId, debtors.map((d) => d.debtorId), debtors.map((d) => d.pseudonym), at],
  );
  const changed = rows.map((r) => r.debtor_id);
  const accounts = await db.query<{ account_id: string }>(
    `UPDATE accounts SET pii_sealed = NULL,
       row_digest = sha256(convert_to($3::text || account_id, 'UTF8')), updated_at = now()
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[])
     RETURNING account_id`,
    [portfolioId, changed, salt],
  );
  return { debtors: changed, accountIds: accounts.map((a) => a.account_id) };
}

export type DebtorRecordRow = {
  debtor_id: string;
  name: string;
  country: string;
  language: string;
  timezone: string;
  created_at: Date;
  updated_at: Date;
  anonymised_at: Date | null;
};

export async function findDebtorRecordRow(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<DebtorRecordRow | undefined> {
  const [row] = await db.query<DebtorRecordRow>(
    `SELECT debtor_id, name, country, language, timezone, created_at, updated_at, anonymised_at
     FROM debtors WHERE portfolio_id = $1 AND debtor_id = $2`,
    [portfolioId, debtorId],
  );
  return row;
}

export type DebtorAccountRow = AccountRow & {
  closed_on: CalendarDate | null;
  closure: string | null;
  pii_sealed: Uint8Array | null;
  imported_at: Date;
};

/** Every account of a debtor with its sealed personal data (for the person's own export). */
export async function listDebtorAccountRows(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<DebtorAccountRow[]> {
  return db.query<DebtorAccountRow>(
    `SELECT ${accountColumns}, a.closed_on, a.closure, a.pii_sealed, a.imported_at ${accountsFrom}
     WHERE a.portfolio_id = $1 AND a.debtor_id = $2 ORDER BY a.account_id`,
    [portfolioId, debtorId],
  );
}

export type PersonalDataReadRow = {
  read_id: bigint;
  kind: 'reveal' | 'export';
  account_id: string | null;
  user_id: bigint;
  username: string;
  fields: string[];
  purpose: string;
  note: string | null;
  read_at: Date;
};

/** Who read a debtor's personal data unmasked (reveals and exports), oldest first. */
export async function listPersonalDataReadRows(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<PersonalDataReadRow[]> {
  return db.query<PersonalDataReadRow>(
    `SELECT read_id, kind, account_id, user_id, username, fields, purpose, note, read_at
     FROM personal_data_reads WHERE portfolio_id = $1 AND debtor_id = $2
     ORDER BY read_at, read_id`,
    [portfolioId, debtorId],
  );
}
