import { createHash } from 'node:crypto';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { listAccounts } from '../../portfolio/index.js';
import {
  entryKey,
  matchEntries,
  parseCamt053,
  parseStatementCsv,
  type MatchAccount,
  type MatchCandidate,
  type StatementEntry,
} from '../domain/index.js';
import {
  existingEntryKeys,
  insertStatementEntries,
  insertStatementImport,
  lockStatementImports,
  paymentsReturnedBy,
  type StatementEntryInsert,
} from '../store.js';
import { postPayments } from './post-payments.js';
import { reversePayment } from './reverse-payment.js';

export type StatementFormat = 'camt053' | 'csv';

export type ImportStatementOptions = {
  /** A transaction: the whole statement is recorded and posted in it, or nothing is. */
  tx: Queryable;
  text: string;
  /** Detected from the text when absent (XML: camt053, else csv). */
  format?: StatementFormat | undefined;
  sourceName: string;
  /** Match only accounts of this portfolio (by name); all portfolios when absent. */
  portfolio?: string | undefined;
  /** Post on debtor name + expected amount alone (off: such entries go to review). */
  autoMatchNameAndAmount?: boolean;
};

export type StatementImportResult = {
  importId: bigint;
  format: StatementFormat;
  entries: number;
  posted: number;
  review: number;
  ignored: number;
  /** Debits that returned a posted payment: the payment was reversed. */
  reversed: number;
  /** Entries recorded by an earlier import of the same statement: nothing posted again. */
  duplicates: number;
};

export function detectFormat(text: string): StatementFormat {
  return /^\s*</.test(text.replace(/^\uFEFF/, '')) ? 'camt053' : 'csv';
}

type Parsed = { entry: StatementEntry; status: string };

function parse(text: string, format: StatementFormat): Parsed[] {
  if (format === 'csv') return parseStatementCsv(text).map((entry) => ({ entry, status: 'BOOK' }));
  const doc = parseCamt053(text);
  return doc.statements.flatMap((s) => s.entries.map((e) => ({ entry: e, status: e.status })));
}

type Candidate = {
  portfolio_id: number;
  account_id: string;
  rule: string;
  score: number;
  reasons: readonly string[];
};

async function loadMatchAccounts(
  tx: Queryable,
  portfolio: string | undefined,
): Promise<{ accounts: MatchAccount[]; portfolios: Map<string, bigint[]> }> {
  const byId = new Map<string, MatchAccount>();
  const portfolios = new Map<string, bigint[]>();
  let cursor: string | undefined;
  do {
    const page = await listAccounts({ db: tx, portfolio, limit: 1000, cursor });
    for (const a of page.items) {
      const list = portfolios.get(a.account_id);
      if (list) list.push(a.portfolio_id);
      else portfolios.set(a.account_id, [a.portfolio_id]);
      const balance =
        a.principal_outstanding_minor + a.interest_outstanding_minor + a.fees_outstanding_minor;
      const expected = [balance, a.overdue_amount_minor, a.next_due_amount_minor].filter(
        (v): v is bigint => v !== null && v > 0n,
      );
      const prev = byId.get(a.account_id);
      byId.set(a.account_id, {
        accountId: a.account_id,
        currency: a.currency,
        debtorName: prev?.debtorName ?? a.debtor_name,
        paymentReferences: [a.account_id],
        expectedAmountsMinor: [...(prev?.expectedAmountsMinor ?? []), ...expected],
      });
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return { accounts: [...byId.values()], portfolios };
}

function candidatesJson(list: readonly MatchCandidate[], portfolios: Map<string, bigint[]>) {
  return list.flatMap((c): Candidate[] =>
    (portfolios.get(c.accountId) ?? []).map((p) => ({
      portfolio_id: Number(p),
      account_id: c.accountId,
      rule: c.rule,
      score: c.score,
      reasons: c.reasons,
    })),
  );
}

function row(
  e: StatementEntry,
  fields: Pick<StatementEntryInsert, 'status' | 'reason'> & Partial<StatementEntryInsert>,
): StatementEntryInsert {
  return {
    entry_key: entryKey(e),
    statement_id: e.statementId,
    bank_account: e.bankAccount,
    entry_index: e.index,
    amount_minor: e.amountMinor,
    currency: e.currency,
    direction: e.direction,
    booking_date: e.bookingDate,
    value_date: e.valueDate,
    entry_reference: e.entryReference,
    details: {
      account_servicer_reference: e.accountServicerReference,
      payer_references: e.payerReferences,
      remittance: e.remittance,
      debtor_name: e.debtorName,
      debtor_account: e.debtorAccount,
      reversal: e.reversal,
    },
    match_rule: null,
    candidates: [],
    portfolio_id: null,
    account_id: null,
    payment_id: null,
    ...fields,
  };
}

/**
 * Imports a bank statement (camt.053 or the statement CSV): a malformed file is refused whole
 * (the parser names the element or line); every entry is recorded once under its stable key, so
 * importing the same statement again posts nothing; new credit entries are matched (reference,
 * then account id in the remittance, then debtor name and amount) and the matched ones posted as
 * payments; the others wait in the review queue with their suggested matches; a debit that returns
 * a posted payment reverses it (returnedPayment); other debits, reversed debits, zero amounts and
 * entries not booked are recorded as ignored.
 */
export async function importStatement(
  opts: ImportStatementOptions,
): Promise<StatementImportResult> {
  const { tx } = opts;
  const format = opts.format ?? detectFormat(opts.text);
  const parsed = parse(opts.text, format);
  await lockStatementImports(tx);
  const known = await existingEntryKeys(
    tx,
    parsed.map((p) => entryKey(p.entry)),
  );
  const fresh = parsed.filter((p) => !known.has(entryKey(p.entry)));
  const rows: StatementEntryInsert[] = [];
  const payable: StatementEntry[] = [];
  const debits: StatementEntry[] = [];
  for (const { entry, status } of fresh) {
    if (status !== 'BOOK') rows.push(row(entry, { status: 'ignored', reason: `status ${status}` }));
    else if (entry.amountMinor === 0n)
      rows.push(row(entry, { status: 'ignored', reason: 'not a payment (zero)' }));
    else if (entry.direction === 'debit') debits.push(entry);
    else if (entry.reversal)
      rows.push(row(entry, { status: 'ignored', reason: 'not a payment (a debit reversed)' }));
    else payable.push(entry);
  }
  const { accounts, portfolios } = await loadMatchAccounts(tx, opts.portfolio);
  const outcome = matchEntries(payable, accounts, {
    autoMatchNameAndAmount: opts.autoMatchNameAndAmount ?? false,
  });
  const toPost: { m: (typeof outcome.matched)[number]; portfolioId: bigint; paidOn: string }[] = [];
  for (const m of outcome.matched) {
    const e = m.entry;
    const owners = portfolios.get(m.accountId) ?? [];
    const paidOn = e.bookingDate ?? e.valueDate;
    if (owners.length !== 1 || paidOn === null)
      rows.push(
        row(e, {
          status: 'review',
          reason:
            paidOn === null
              ? 'the entry has no booking or value date'
              : `account ${m.accountId} is in several portfolios`,
          candidates: candidatesJson([m], portfolios),
        }),
      );
    else toPost.push({ m, portfolioId: owners[0] as bigint, paidOn });
  }
  // every matched entry posted in one set-based pass (postPayments), in statement order
  const results = await postPayments({
    tx,
    source: 'statement',
    payments: toPost.map(({ m, portfolioId, paidOn }) => ({
      portfolioId,
      accountId: m.accountId,
      amountMinor: m.entry.amountMinor,
      currency: m.entry.currency,
      paidOn,
      reference: m.entry.accountServicerReference ?? m.entry.entryReference,
      channel: 'bank_transfer',
    })),
  });
  let posted = 0;
  toPost.forEach(({ m, portfolioId }, i) => {
    const r = results[i];
    const candidates = candidatesJson([m], portfolios);
    if (r?.ok) {
      posted += 1;
      rows.push(
        row(m.entry, {
          status: 'posted',
          reason: null,
          match_rule: m.rule,
          candidates,
          portfolio_id: portfolioId,
          account_id: m.accountId,
          payment_id: r.posted.payment.payment_id,
        }),
      );
    } else
      rows.push(row(m.entry, { status: 'review', reason: r?.error.message ?? null, candidates }));
  });
  for (const s of outcome.suggested)
    rows.push(
      row(s.entry, {
        status: 'review',
        reason: 'no single match: check the suggested accounts',
        candidates: candidatesJson(s.candidates, portfolios),
      }),
    );
  for (const u of outcome.unmatched)
    rows.push(row(u.entry, { status: 'review', reason: u.reason }));

  for (const e of debits) rows.push(await returnedPayment(tx, e, rows));

  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const importId = await insertStatementImport(tx, {
    format,
    sourceName: opts.sourceName,
    sha256: createHash('sha256').update(opts.text).digest('hex'),
    entries: parsed.length,
    posted,
    review: count('review'),
    ignored: count('ignored'),
    reversed: count('reversed'),
    duplicates: parsed.length - fresh.length,
  });
  rows.sort((a, b) =>
    a.statement_id < b.statement_id
      ? -1
      : a.statement_id > b.statement_id
        ? 1
        : a.entry_index - b.entry_index,
  );
  await insertStatementEntries(tx, importId, rows);
  if (rows.length !== fresh.length) throw new AppError('internal', 'statement entries lost');
  return {
    importId,
    format,
    entries: parsed.length,
    posted,
    review: count('review'),
    ignored: count('ignored'),
    reversed: count('reversed'),
    duplicates: parsed.length - fresh.length,
  };
}

/**
 * A debit on the collection account is never a debtor's payment. When it quotes the end-to-end
 * id of exactly one credit that was posted (in an earlier import or earlier in this one) with the
 * same amount and currency on the same bank account, it is that payment returned by the bank (a
 * bounced direct debit, a recalled transfer): the payment is reversed on the debit's booking day,
 * in this transaction (which also takes back what it credited to promises to pay). Any other debit
 * (bank charges, transfers out) is recorded as ignored.
 */
async function returnedPayment(
  tx: Queryable,
  e: StatementEntry,
  rows: readonly StatementEntryInsert[],
): Promise<StatementEntryInsert> {
  const refs = e.payerReferences;
  const quotes = (r: StatementEntryInsert) =>
    (r.details as { payer_references: string[] }).payer_references.some((x) => refs.includes(x));
  const here = rows.filter(
    (r) =>
      r.status === 'posted' &&
      r.bank_account === e.bankAccount &&
      r.currency === e.currency &&
      r.amount_minor === e.amountMinor &&
      quotes(r),
  );
  const earlier =
    refs.length === 0
      ? []
      : await paymentsReturnedBy(tx, {
          bankAccount: e.bankAccount,
          currency: e.currency,
          amountMinor: e.amountMinor,
          references: refs,
        });
  const found = [...here.map((r) => r.payment_id as bigint), ...earlier.map((r) => r.payment_id)];
  const reversedOn = e.bookingDate ?? e.valueDate;
  if (found.length !== 1 || reversedOn === null)
    return row(e, {
      status: 'ignored',
      reason:
        found.length === 0
          ? 'a debit: not a payment by a debtor (bank charges, a transfer out)'
          : found.length > 1
            ? `a debit quoting ${found.length} posted payments: none reversed, check by hand`
            : 'a returned payment without a booking or value date: not reversed',
    });
  const paymentId = found[0] as bigint;
  try {
    const r = await reversePayment({
      tx,
      paymentId,
      reversedOn,
      reason: `returned by the bank: statement ${e.statementId}, entry ${e.index + 1}`,
    });
    return row(e, {
      status: 'reversed',
      reason: `returned payment: payment ${paymentId} reversed`,
      portfolio_id: r.payment.portfolio_id,
      account_id: r.payment.account_id,
      payment_id: paymentId,
    });
  } catch (err) {
    if (!isAppError(err) || (err.code !== 'conflict' && err.code !== 'validation_failed'))
      throw err;
    return row(e, { status: 'ignored', reason: `returned payment ${paymentId}: ${err.message}` });
  }
}
