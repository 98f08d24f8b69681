/**
 * SQL for the payments module's own tables: the ledger (charges, postings, entries), payments,
 * statement imports and entries. Rows come back as the Db layer gives them: money as bigint
 * minor units, calendar dates as 'YYYY-MM-DD' strings, instants as Date.
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';
import type { ChargeComponent, LedgerAccount, OpenCharge, Posting } from './domain/index.js';

export type ChargeRow = {
  charge_id: string;
  component: ChargeComponent;
  due_date: CalendarDate;
  currency: string;
};

export type PostingRow = {
  posting_id: bigint;
  account_id: string;
  kind: Posting['kind'];
  currency: string;
  posted_on: CalendarDate;
  reverses_posting_id: bigint | null;
  memo: string;
  created_at: Date;
};

export type EntryRow = {
  posting_id: bigint;
  line: number;
  ledger_account: LedgerAccount;
  charge_id: string | null;
  component: ChargeComponent | null;
  amount_minor: bigint;
};

export type PaymentRow = {
  portfolio_id: bigint;
  payment_id: bigint;
  account_id: string;
  currency: string;
  amount_minor: bigint;
  applied_minor: bigint;
  unapplied_minor: bigint;
  paid_on: CalendarDate;
  reference: string | null;
  channel: string | null;
  source: PaymentSource;
  posting_id: bigint;
  overdue_reduced_minor: bigint;
  prior_oldest_unpaid_due_date: CalendarDate | null;
  status: 'posted' | 'reversed';
  reversal_posting_id: bigint | null;
  reversed_on: CalendarDate | null;
  reversal_reason: string | null;
};

export type PaymentSource = 'api' | 'cli' | 'statement' | 'review';

// ledger

export async function listCharges(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<ChargeRow[]> {
  return tx.query<ChargeRow>(
    `SELECT charge_id, component, due_date, currency FROM ledger_charges
     WHERE portfolio_id = $1 AND account_id = $2 ORDER BY created_at, charge_id`,
    [portfolioId, accountId],
  );
}

/** Each charge with its outstanding amount: the sum of its receivable entries. */
export async function listOpenCharges(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<OpenCharge[]> {
  const rows = await tx.query<ChargeRow & { outstanding_minor: bigint }>(
    `SELECT c.charge_id, c.component, c.due_date, c.currency,
       coalesce(sum(e.amount_minor), 0)::int8 AS outstanding_minor
     FROM ledger_charges c
     LEFT JOIN ledger_entries e ON e.portfolio_id = c.portfolio_id AND e.account_id = c.account_id
       AND e.ledger_account = 'receivable' AND e.charge_id = c.charge_id
     WHERE c.portfolio_id = $1 AND c.account_id = $2
     GROUP BY c.charge_id, c.component, c.due_date, c.currency, c.created_at
     ORDER BY c.created_at, c.charge_id`,
    [portfolioId, accountId],
  );
  return rows.map((r) => ({
    chargeId: r.charge_id,
    component: r.component,
    dueDate: r.due_date,
    outstandingMinor: r.outstanding_minor,
  }));
}

export async function insertCharges(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
  currency: string,
  charges: readonly Omit<OpenCharge, 'outstandingMinor'>[],
): Promise<void> {
  if (charges.length === 0) return;
  const params: unknown[] = [portfolioId, accountId, currency];
  const values = charges.map((c) => {
    params.push(c.chargeId, c.component, c.dueDate);
    const b = params.length;
    return `($1, $2, $${b - 2}, $${b - 1}, $${b}, $3)`;
  });
  await tx.execute(
    `INSERT INTO ledger_charges (portfolio_id, account_id, charge_id, component, due_date, currency)
     VALUES ${values.join(', ')}`,
    params,
  );
}

/** Writes a posting and its entries; returns the posting id the database gave it. */
export async function insertPosting(
  tx: Queryable,
  p: {
    portfolioId: bigint;
    accountId: string;
    postedOn: CalendarDate;
    memo: string;
    posting: Posting;
    reversesPostingId?: bigint | null;
  },
): Promise<bigint> {
  const [row] = await tx.query<{ posting_id: bigint }>(
    `INSERT INTO ledger_postings (portfolio_id, account_id, kind, currency, posted_on,
       reverses_posting_id, memo)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING posting_id`,
    [
      p.portfolioId,
      p.accountId,
      p.posting.kind,
      p.posting.currency,
      p.postedOn,
      p.reversesPostingId ?? null,
      p.memo,
    ],
  );
  const postingId = (row as { posting_id: bigint }).posting_id;
  const entries = p.posting.entries;
  if (entries.length > 0) {
    const values: string[] = [];
    const params: unknown[] = [p.portfolioId, postingId, p.accountId];
    entries.forEach((e, i) => {
      const b = params.length;
      values.push(`($1, $2, ${i + 1}, $3, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4})`);
      params.push(e.ledgerAccount, e.chargeId, e.component, e.amountMinor);
    });
    await tx.execute(
      `INSERT INTO ledger_entries (portfolio_id, posting_id, line, account_id, ledger_account,
         charge_id, component, amount_minor)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
  return postingId;
}

export async function loadPosting(
  tx: Queryable,
  portfolioId: bigint,
  postingId: bigint,
): Promise<Posting> {
  const [p] = await tx.query<PostingRow>(
    `SELECT posting_id, account_id, kind, currency, posted_on, reverses_posting_id, memo, created_at
     FROM ledger_postings WHERE portfolio_id = $1 AND posting_id = $2`,
    [portfolioId, postingId],
  );
  if (!p) throw new Error(`posting ${postingId} not found`);
  const entries = await tx.query<EntryRow>(
    `SELECT posting_id, line, ledger_account, charge_id, component, amount_minor
     FROM ledger_entries WHERE portfolio_id = $1 AND posting_id = $2 ORDER BY line`,
    [portfolioId, postingId],
  );
  return {
    postingId: String(p.posting_id),
    kind: p.kind,
    currency: p.currency,
    reversesPostingId: p.reverses_posting_id === null ? null : String(p.reverses_posting_id),
    entries: entries.map((e) => ({
      ledgerAccount: e.ledger_account,
      amountMinor: e.amount_minor,
      chargeId: e.charge_id,
      component: e.component,
    })),
  };
}

export async function listPostings(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
): Promise<{ postings: PostingRow[]; entries: EntryRow[] }> {
  const postings = await tx.query<PostingRow>(
    `SELECT posting_id, account_id, kind, currency, posted_on, reverses_posting_id, memo, created_at
     FROM ledger_postings WHERE portfolio_id = $1 AND account_id = $2 ORDER BY posting_id`,
    [portfolioId, accountId],
  );
  const entries = await tx.query<EntryRow>(
    `SELECT posting_id, line, ledger_account, charge_id, component, amount_minor
     FROM ledger_entries WHERE portfolio_id = $1 AND account_id = $2 ORDER BY posting_id, line`,
    [portfolioId, accountId],
  );
  return { postings, entries };
}

// payments

const paymentColumns = `portfolio_id, payment_id, account_id, currency, amount_minor,
  applied_minor, unapplied_minor, paid_on, reference, channel, source, posting_id,
  overdue_reduced_minor, prior_oldest_unpaid_due_date, status, reversal_posting_id, reversed_on,
  reversal_reason`;

export async function insertPayment(
  tx: Queryable,
  p: Omit<
    PaymentRow,
    'payment_id' | 'status' | 'reversal_posting_id' | 'reversed_on' | 'reversal_reason'
  >,
): Promise<PaymentRow> {
  const [row] = await tx.query<PaymentRow>(
    `INSERT INTO payments (portfolio_id, account_id, currency, amount_minor, applied_minor,
       unapplied_minor, paid_on, reference, channel, source, posting_id, overdue_reduced_minor,
       prior_oldest_unpaid_due_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING ${paymentColumns}`,
    [
      p.portfolio_id,
      p.account_id,
      p.currency,
      p.amount_minor,
      p.applied_minor,
      p.unapplied_minor,
      p.paid_on,
      p.reference,
      p.channel,
      p.source,
      p.posting_id,
      p.overdue_reduced_minor,
      p.prior_oldest_unpaid_due_date,
    ],
  );
  return row as PaymentRow;
}

export async function findPayment(
  tx: Queryable,
  paymentId: bigint,
  lock = false,
): Promise<PaymentRow | null> {
  const [row] = await tx.query<PaymentRow>(
    `SELECT ${paymentColumns} FROM payments WHERE payment_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [paymentId],
  );
  return row ?? null;
}

export async function markPaymentReversed(
  tx: Queryable,
  p: {
    portfolioId: bigint;
    paymentId: bigint;
    reversalPostingId: bigint;
    reversedOn: CalendarDate;
    reason: string | null;
  },
): Promise<PaymentRow> {
  const [row] = await tx.query<PaymentRow>(
    `UPDATE payments SET status = 'reversed', reversal_posting_id = $3, reversed_on = $4,
       reversal_reason = $5
     WHERE portfolio_id = $1 AND payment_id = $2 RETURNING ${paymentColumns}`,
    [p.portfolioId, p.paymentId, p.reversalPostingId, p.reversedOn, p.reason],
  );
  return row as PaymentRow;
}

/** Posted (not reversed) payments of an account, oldest first. */
export async function listPostedPayments(
  tx: Queryable,
  portfolioId: bigint,
  accountId: string,
  fromDate: CalendarDate,
): Promise<PaymentRow[]> {
  return tx.query<PaymentRow>(
    `SELECT ${paymentColumns} FROM payments
     WHERE portfolio_id = $1 AND account_id = $2 AND status = 'posted' AND paid_on >= $3
     ORDER BY paid_on, payment_id`,
    [portfolioId, accountId, fromDate],
  );
}

/** The allocation policy configured for a product (settings key allocation_policy:<product>). */
export async function findPolicySetting(tx: Queryable, product: string): Promise<string | null> {
  const [row] = await tx.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
    `allocation_policy:${product}`,
  ]);
  return row?.value ?? null;
}

// statements

export type StatementEntryStatus =
  'posted' | 'review' | 'resolved' | 'dismissed' | 'ignored' | 'reversed';

export type StatementEntryInsert = {
  entry_key: string;
  statement_id: string;
  bank_account: string;
  entry_index: number;
  amount_minor: bigint;
  currency: string;
  direction: 'credit' | 'debit';
  booking_date: CalendarDate | null;
  value_date: CalendarDate | null;
  entry_reference: string | null;
  details: unknown;
  status: StatementEntryStatus;
  match_rule: string | null;
  candidates: unknown;
  reason: string | null;
  portfolio_id: bigint | null;
  account_id: string | null;
  payment_id: bigint | null;
};

export type StatementEntryRow = StatementEntryInsert & {
  entry_id: bigint;
  import_id: bigint;
  resolved_by: string | null;
  resolved_at: Date | null;
};

/** Serialises statement imports: an entry is recorded (and posted) by one import only. */
export async function lockStatementImports(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7300125)');
}

/** Which of these entry keys are already recorded. */
export async function existingEntryKeys(tx: Queryable, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 5000) {
    const rows = await tx.query<{ entry_key: string }>(
      'SELECT entry_key FROM statement_entries WHERE entry_key = ANY($1::text[])',
      [keys.slice(i, i + 5000)],
    );
    for (const r of rows) found.add(r.entry_key);
  }
  return found;
}

/**
 * The payments posted from earlier credit entries of this bank account with this amount and
 * currency that quote one of these payer references (end-to-end ids): what a returned payment
 * (a debit quoting them) takes back.
 */
export async function paymentsReturnedBy(
  tx: Queryable,
  e: { bankAccount: string; currency: string; amountMinor: bigint; references: readonly string[] },
): Promise<{ payment_id: bigint; entry_key: string }[]> {
  return tx.query(
    `SELECT payment_id, entry_key FROM statement_entries
      WHERE status IN ('posted', 'resolved') AND direction = 'credit' AND bank_account = $1
        AND currency = $2 AND amount_minor = $3 AND details -> 'payer_references' ?| $4::text[]
      ORDER BY entry_id`,
    [e.bankAccount, e.currency, e.amountMinor, e.references],
  );
}

export async function insertStatementImport(
  tx: Queryable,
  i: {
    format: 'camt053' | 'csv';
    sourceName: string;
    sha256: string;
    entries: number;
    posted: number;
    review: number;
    ignored: number;
    reversed: number;
    duplicates: number;
  },
): Promise<bigint> {
  const [row] = await tx.query<{ import_id: bigint }>(
    `INSERT INTO statement_imports (format, source_name, file_sha256, entries, posted, review,
       ignored, reversed, duplicates)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING import_id`,
    [
      i.format,
      i.sourceName,
      i.sha256,
      i.entries,
      i.posted,
      i.review,
      i.ignored,
      i.reversed,
      i.duplicates,
    ],
  );
  return (row as { import_id: bigint }).import_id;
}

const entryCols = [
  'entry_key',
  'statement_id',
  'bank_account',
  'entry_index',
  'amount_minor',
  'currency',
  'direction',
  'booking_date',
  'value_date',
  'entry_reference',
  'details',
  'status',
  'match_rule',
  'candidates',
  'reason',
  'portfolio_id',
  'account_id',
  'payment_id',
] as const;

/** Records entries in batches (jsonb columns as JSON text). */
export async function insertStatementEntries(
  tx: Queryable,
  importId: bigint,
  rows: readonly StatementEntryInsert[],
): Promise<void> {
  const batch = 500;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const params: unknown[] = [importId];
    const values = chunk.map((r) => {
      const refs = entryCols.map((c) => {
        const v = r[c];
        params.push(c === 'details' || c === 'candidates' ? JSON.stringify(v) : v);
        return `$${params.length}${c === 'details' || c === 'candidates' ? '::jsonb' : ''}`;
      });
      return `($1, ${refs.join(', ')})`;
    });
    await tx.execute(
      `INSERT INTO statement_entries (import_id, ${entryCols.join(', ')}) VALUES ${values.join(', ')}`,
      params,
    );
  }
}

const entrySelect = `SELECT entry_id, import_id, ${entryCols.join(', ')}, resolved_by, resolved_at
  FROM statement_entries`;

export async function listReviewEntries(
  db: Queryable,
  afterId: bigint,
  limit: number,
): Promise<StatementEntryRow[]> {
  return db.query<StatementEntryRow>(
    `${entrySelect} WHERE status = 'review' AND entry_id > $1 ORDER BY entry_id LIMIT $2`,
    [afterId, limit],
  );
}

export async function findStatementEntry(
  tx: Queryable,
  entryId: bigint,
): Promise<StatementEntryRow | null> {
  const [row] = await tx.query<StatementEntryRow>(`${entrySelect} WHERE entry_id = $1 FOR UPDATE`, [
    entryId,
  ]);
  return row ?? null;
}

export async function resolveStatementEntry(
  tx: Queryable,
  r: {
    entryId: bigint;
    status: 'resolved' | 'dismissed';
    portfolioId: bigint | null;
    accountId: string | null;
    paymentId: bigint | null;
    resolvedBy: string;
    reason: string | null;
  },
): Promise<StatementEntryRow> {
  const [row] = await tx.query<StatementEntryRow>(
    `UPDATE statement_entries SET status = $2, portfolio_id = coalesce($3, portfolio_id),
       account_id = coalesce($4, account_id), payment_id = $5, resolved_by = $6,
       resolved_at = now(), reason = coalesce($7, reason)
     WHERE entry_id = $1
     RETURNING entry_id, import_id, ${entryCols.join(', ')}, resolved_by, resolved_at`,
    [r.entryId, r.status, r.portfolioId, r.accountId, r.paymentId, r.resolvedBy, r.reason],
  );
  return row as StatementEntryRow;
}

// loan tape re-imports: adjustments that keep the ledger the truth of every balance

/**
 * The columns of the table a re-import hands over (one row per account it changed):
 * account_id, currency, principal_outstanding_minor, interest_outstanding_minor,
 * fees_outstanding_minor, due_date (the tape's oldest unpaid or next due date).
 */
export type ReimportedBalancesTable = string;

const tableName = /^[a-z_][a-z0-9_]*$/;

function checkedTable(table: ReimportedBalancesTable): string {
  if (!tableName.test(table)) throw new Error(`not a table name: ${table}`);
  return table;
}

/** Accounts whose ledger is in another currency than the tape now gives them. */
export async function ledgerCurrencyConflicts(
  tx: Queryable,
  portfolioId: bigint,
  table: ReimportedBalancesTable,
  limit: number,
): Promise<{ account_id: string; ledger_currency: string; currency: string }[]> {
  return tx.query(
    `SELECT DISTINCT t.account_id, p.currency AS ledger_currency, t.currency
       FROM ${checkedTable(table)} t
       JOIN ledger_postings p ON p.portfolio_id = $1 AND p.account_id = t.account_id
      WHERE p.currency <> t.currency
      ORDER BY t.account_id LIMIT $2`,
    [portfolioId, limit],
  );
}

/**
 * Stages the adjustment lines of a re-import, set-based: per account with a ledger and per
 * component (principal; interest with penalty interest; fees), the difference between the tape's
 * balance and the ledger's receivable entries. A rise becomes a new charge
 * (import:<import id>:<component>); a fall is taken off the component's open charges, oldest due
 * first, each up to what is outstanding on it. Returns the number of accounts to adjust.
 */
export async function stageLedgerAdjustments(
  tx: Queryable,
  p: { portfolioId: bigint; importId: bigint; table: ReimportedBalancesTable },
): Promise<number> {
  const table = checkedTable(p.table);
  await tx.exec(`
    DROP TABLE IF EXISTS pg_temp.ledger_drift;
    DROP TABLE IF EXISTS pg_temp.ledger_adjust_lines;
    CREATE TEMP TABLE ledger_drift (
      account_id text NOT NULL, currency text NOT NULL, due_date date,
      component text NOT NULL, diff bigint NOT NULL
    ) ON COMMIT DROP;
    CREATE TEMP TABLE ledger_adjust_lines (
      account_id text NOT NULL, charge_id text NOT NULL, component text NOT NULL,
      amount_minor bigint NOT NULL, due_date date, new_charge boolean NOT NULL
    ) ON COMMIT DROP`);
  await tx.execute(
    `INSERT INTO ledger_drift (account_id, currency, due_date, component, diff)
     WITH l AS (
       -- every account with a ledger, also one whose entries are all cash and unapplied (a
       -- payment on a zero balance): its receivable is zero, and the tape's balance is new
       SELECT e.account_id,
         coalesce(sum(e.amount_minor) FILTER (WHERE e.ledger_account = 'receivable'
           AND e.component = 'principal'), 0)::int8 AS principal,
         coalesce(sum(e.amount_minor) FILTER (WHERE e.ledger_account = 'receivable'
           AND e.component IN ('interest', 'penalty_interest')), 0)::int8 AS interest,
         coalesce(sum(e.amount_minor) FILTER (WHERE e.ledger_account = 'receivable'
           AND e.component = 'fee'), 0)::int8 AS fee
       FROM ledger_entries e
       WHERE e.portfolio_id = $1 AND e.account_id IN (SELECT account_id FROM ${table})
       GROUP BY e.account_id)
     SELECT t.account_id, t.currency, t.due_date, v.component, v.diff
     FROM ${table} t JOIN l ON l.account_id = t.account_id,
       LATERAL (VALUES ('principal', t.principal_outstanding_minor - l.principal),
                       ('interest', t.interest_outstanding_minor - l.interest),
                       ('fee', t.fees_outstanding_minor - l.fee)) AS v (component, diff)
     WHERE v.diff <> 0`,
    [p.portfolioId],
  );
  await tx.execute(
    `INSERT INTO ledger_adjust_lines (account_id, charge_id, component, amount_minor, new_charge)
     SELECT account_id, charge_id, component, -least(outstanding, need - before), false
     FROM (
       SELECT d.account_id, o.charge_id, o.component, o.outstanding, -d.diff AS need,
         coalesce(sum(o.outstanding) OVER (PARTITION BY d.account_id, d.component
           ORDER BY o.due_date, o.charge_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           0) AS before
       FROM ledger_drift d
       JOIN (
         SELECT c.account_id, c.charge_id, c.component, c.due_date,
           CASE WHEN c.component = 'penalty_interest' THEN 'interest' ELSE c.component END
             AS grp,
           sum(e.amount_minor)::int8 AS outstanding
         FROM ledger_charges c
         JOIN ledger_entries e ON e.portfolio_id = c.portfolio_id
           AND e.account_id = c.account_id AND e.ledger_account = 'receivable'
           AND e.charge_id = c.charge_id
         WHERE c.portfolio_id = $1
           AND c.account_id IN (SELECT account_id FROM ledger_drift WHERE diff < 0)
         GROUP BY c.account_id, c.charge_id, c.component, c.due_date
         HAVING sum(e.amount_minor) > 0) o
         ON o.account_id = d.account_id AND o.grp = d.component
       WHERE d.diff < 0) x
     WHERE need > before`,
    [p.portfolioId],
  );
  await tx.execute(
    `INSERT INTO ledger_adjust_lines
       (account_id, charge_id, component, amount_minor, due_date, new_charge)
     SELECT account_id, 'import:' || $1::text || ':' || component, component, diff, due_date, true
     FROM ledger_drift WHERE diff > 0`,
    [p.importId],
  );
  const [n] = await tx.query<{ n: number }>(
    'SELECT count(DISTINCT account_id)::int AS n FROM ledger_drift',
  );
  return n?.n ?? 0;
}

/** Posts the staged adjustment lines: new charges, one adjustment posting per account. */
export async function postStagedAdjustments(
  tx: Queryable,
  p: { portfolioId: bigint; importId: bigint; postedOn: CalendarDate; memo: string },
): Promise<void> {
  await tx.execute(
    `INSERT INTO ledger_charges (portfolio_id, account_id, charge_id, component, due_date, currency)
     SELECT $1, l.account_id, l.charge_id, l.component, coalesce(l.due_date, $2::date), d.currency
     FROM ledger_adjust_lines l
     JOIN (SELECT DISTINCT account_id, currency FROM ledger_drift) d USING (account_id)
     WHERE l.new_charge`,
    [p.portfolioId, p.postedOn],
  );
  await tx.execute(
    `WITH p AS (
       INSERT INTO ledger_postings
         (portfolio_id, account_id, kind, currency, posted_on, memo, import_id)
       SELECT $1, account_id, 'adjustment', currency, $2::date, $3, $4::bigint
       FROM (SELECT DISTINCT account_id, currency FROM ledger_drift) d
       RETURNING posting_id, account_id),
     lines AS (
       SELECT account_id, 'receivable' AS ledger_account, charge_id, component, amount_minor,
         0 AS ord
       FROM ledger_adjust_lines
       UNION ALL
       SELECT account_id, 'adjustment', NULL, NULL, -sum(amount_minor)::int8, 1
       FROM ledger_adjust_lines GROUP BY account_id HAVING sum(amount_minor) <> 0)
     INSERT INTO ledger_entries (portfolio_id, posting_id, line, account_id, ledger_account,
       charge_id, component, amount_minor)
     SELECT $1, p.posting_id,
       row_number() OVER (PARTITION BY p.posting_id ORDER BY l.ord, l.component, l.charge_id)::int,
       l.account_id, l.ledger_account, l.charge_id, l.component, l.amount_minor
     FROM p JOIN lines l USING (account_id)`,
    [p.portfolioId, p.postedOn, p.memo, p.importId],
  );
}

// bulk posting (statement reconciliation): many accounts' postings in a few statements

type AccountKey = { portfolioId: bigint; accountId: string };

const bulkChunk = 10_000;

async function inChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += bulkChunk) await write(rows.slice(i, i + bulkChunk));
}

const texts = <T>(rows: readonly T[], pick: (r: T) => unknown): (string | null)[] =>
  rows.map((r) => {
    const v = pick(r);
    return v === null || v === undefined ? null : String(v);
  });

/** listOpenCharges for many accounts at once, by "portfolio|account". */
export async function listOpenChargesOf(
  tx: Queryable,
  accounts: readonly AccountKey[],
): Promise<Map<string, OpenCharge[]>> {
  const out = new Map<string, OpenCharge[]>();
  await inChunks(accounts, async (chunk) => {
    const rows = await tx.query<
      ChargeRow & { portfolio_id: bigint; account_id: string; outstanding_minor: bigint }
    >(
      `SELECT c.portfolio_id, c.account_id, c.charge_id, c.component, c.due_date, c.currency,
         coalesce(sum(e.amount_minor), 0)::int8 AS outstanding_minor
       FROM ledger_charges c
       LEFT JOIN ledger_entries e ON e.portfolio_id = c.portfolio_id
         AND e.account_id = c.account_id AND e.ledger_account = 'receivable'
         AND e.charge_id = c.charge_id
       WHERE (c.portfolio_id, c.account_id) IN (SELECT * FROM unnest($1::int8[], $2::text[]))
       GROUP BY c.portfolio_id, c.account_id, c.charge_id, c.component, c.due_date, c.currency,
         c.created_at
       ORDER BY c.portfolio_id, c.account_id, c.created_at, c.charge_id`,
      [texts(chunk, (a) => a.portfolioId), texts(chunk, (a) => a.accountId)],
    );
    for (const r of rows) {
      const key = `${r.portfolio_id}|${r.account_id}`;
      const charge: OpenCharge = {
        chargeId: r.charge_id,
        component: r.component,
        dueDate: r.due_date,
        outstandingMinor: r.outstanding_minor,
      };
      const list = out.get(key);
      if (list) list.push(charge);
      else out.set(key, [charge]);
    }
  });
  return out;
}

/**
 * Takes ids from the identity sequences of ledger_postings and payments, in one round trip (the
 * rows are then inserted with those ids, OVERRIDING SYSTEM VALUE).
 */
export async function reserveIds(
  tx: Queryable,
  postings: number,
  payments: number,
): Promise<{ postingIds: bigint[]; paymentIds: bigint[] }> {
  if (postings + payments === 0) return { postingIds: [], paymentIds: [] };
  const rows = await tx.query<{ of: string; id: bigint }>(
    `SELECT 'posting' AS of, nextval(pg_get_serial_sequence('ledger_postings', 'posting_id'))::int8
       AS id FROM generate_series(1, $1::int)
     UNION ALL
     SELECT 'payment', nextval(pg_get_serial_sequence('payments', 'payment_id'))::int8
       FROM generate_series(1, $2::int)
     ORDER BY 1 DESC, 2`,
    [postings, payments],
  );
  return {
    postingIds: rows.filter((r) => r.of === 'posting').map((r) => r.id),
    paymentIds: rows.filter((r) => r.of === 'payment').map((r) => r.id),
  };
}

export type ChargeInsert = AccountKey & Omit<OpenCharge, 'outstandingMinor'> & { currency: string };

export async function insertChargesMany(
  tx: Queryable,
  charges: readonly ChargeInsert[],
): Promise<void> {
  await inChunks(charges, (c) =>
    tx.execute(
      `INSERT INTO ledger_charges (portfolio_id, account_id, charge_id, component, due_date,
         currency)
       SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[])`,
      [
        texts(c, (x) => x.portfolioId),
        texts(c, (x) => x.accountId),
        texts(c, (x) => x.chargeId),
        texts(c, (x) => x.component),
        texts(c, (x) => x.dueDate),
        texts(c, (x) => x.currency),
      ],
    ),
  );
}

export type PostingInsert = AccountKey & {
  postingId: bigint;
  postedOn: CalendarDate;
  memo: string;
  posting: Posting;
};

/** Writes postings whose ids were reserved, and all their entries. */
export async function insertPostingsMany(
  tx: Queryable,
  postings: readonly PostingInsert[],
): Promise<void> {
  await inChunks(postings, (p) =>
    tx.execute(
      `INSERT INTO ledger_postings (portfolio_id, posting_id, account_id, kind, currency,
         posted_on, memo)
       OVERRIDING SYSTEM VALUE
       SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[],
         $6::date[], $7::text[])`,
      [
        texts(p, (x) => x.portfolioId),
        texts(p, (x) => x.postingId),
        texts(p, (x) => x.accountId),
        texts(p, (x) => x.posting.kind),
        texts(p, (x) => x.posting.currency),
        texts(p, (x) => x.postedOn),
        texts(p, (x) => x.memo),
      ],
    ),
  );
  const entries = postings.flatMap((p) => p.posting.entries.map((e, i) => ({ p, e, line: i + 1 })));
  await inChunks(entries, (c) =>
    tx.execute(
      `INSERT INTO ledger_entries (portfolio_id, posting_id, line, account_id, ledger_account,
         charge_id, component, amount_minor)
       SELECT * FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::text[], $5::text[],
         $6::text[], $7::text[], $8::int8[])`,
      [
        texts(c, (x) => x.p.portfolioId),
        texts(c, (x) => x.p.postingId),
        texts(c, (x) => x.line),
        texts(c, (x) => x.p.accountId),
        texts(c, (x) => x.e.ledgerAccount),
        texts(c, (x) => x.e.chargeId),
        texts(c, (x) => x.e.component),
        texts(c, (x) => x.e.amountMinor),
      ],
    ),
  );
}

/** Writes payments whose ids were reserved; returns the rows as stored, in the given order. */
export async function insertPaymentsMany(
  tx: Queryable,
  payments: readonly Omit<
    PaymentRow,
    'status' | 'reversal_posting_id' | 'reversed_on' | 'reversal_reason'
  >[],
): Promise<PaymentRow[]> {
  const out: PaymentRow[] = [];
  await inChunks(payments, async (c) => {
    const rows = await tx.query<PaymentRow>(
      `INSERT INTO payments (portfolio_id, payment_id, account_id, currency, amount_minor,
         applied_minor, unapplied_minor, paid_on, reference, channel, source, posting_id,
         overdue_reduced_minor, prior_oldest_unpaid_due_date)
       OVERRIDING SYSTEM VALUE
       SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::int8[],
         $6::int8[], $7::int8[], $8::date[], $9::text[], $10::text[], $11::text[], $12::int8[],
         $13::int8[], $14::date[])
       RETURNING ${paymentColumns}`,
      [
        texts(c, (x) => x.portfolio_id),
        texts(c, (x) => x.payment_id),
        texts(c, (x) => x.account_id),
        texts(c, (x) => x.currency),
        texts(c, (x) => x.amount_minor),
        texts(c, (x) => x.applied_minor),
        texts(c, (x) => x.unapplied_minor),
        texts(c, (x) => x.paid_on),
        texts(c, (x) => x.reference),
        texts(c, (x) => x.channel),
        texts(c, (x) => x.source),
        texts(c, (x) => x.posting_id),
        texts(c, (x) => x.overdue_reduced_minor),
        texts(c, (x) => x.prior_oldest_unpaid_due_date),
      ],
    );
    const byId = new Map(rows.map((r) => [r.payment_id, r]));
    for (const x of c) out.push(byId.get(x.payment_id) as PaymentRow);
  });
  return out;
}
