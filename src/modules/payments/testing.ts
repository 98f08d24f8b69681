/** Test helpers: accounts with given balances, and the ledger invariants checked in SQL. */
import type { Queryable } from '../../shared/db/types.js';

export type BalanceSeed = {
  accountId: string;
  principalMinor: bigint;
  interestMinor?: bigint;
  feesMinor?: bigint;
  overdueMinor?: bigint;
  oldestUnpaidDueDate?: string | null;
  nextDueDate?: string | null;
  currency?: string;
  product?: string;
  debtorId?: string;
};

/** Inserts accounts with the given balances (the debtor must exist: seedPortfolio makes "D"). */
export async function insertBalances(
  db: Queryable,
  portfolioId: bigint,
  seeds: BalanceSeed[],
): Promise<void> {
  for (const s of seeds)
    await db.execute(
      `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
         principal_outstanding_minor, interest_outstanding_minor, fees_outstanding_minor,
         overdue_amount_minor, oldest_unpaid_due_date, next_due_date, timezone, row_digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'Asia/Shanghai', '\\x00')`,
      [
        portfolioId,
        s.accountId,
        s.debtorId ?? 'D',
        s.product ?? 'consumer_loan',
        s.currency ?? 'CNY',
        s.principalMinor,
        s.interestMinor ?? 0n,
        s.feesMinor ?? 0n,
        s.overdueMinor ?? 0n,
        s.oldestUnpaidDueDate ?? null,
        s.nextDueDate ?? null,
      ],
    );
}

export type LedgerCheck = {
  /** Sum of every ledger entry: must be 0. */
  net: bigint;
  /** Postings whose entries do not sum to zero. */
  unbalanced: bigint;
  /** Accounts with a ledger whose outstanding columns differ from their receivable entries. */
  mismatched: { account_id: string; column: string; account: bigint; ledger: bigint }[];
};

/** Checks every ledger invariant over the whole database. */
export async function checkLedger(db: Queryable): Promise<LedgerCheck> {
  const [t] = await db.query<{ net: bigint; unbalanced: bigint }>(
    `SELECT coalesce((SELECT sum(amount_minor) FROM ledger_entries), 0)::int8 AS net,
       (SELECT count(*) FROM (SELECT posting_id FROM ledger_entries
          GROUP BY portfolio_id, posting_id HAVING sum(amount_minor) <> 0) u)::int8 AS unbalanced`,
  );
  const mismatched = await db.query<LedgerCheck['mismatched'][number]>(
    `WITH l AS (
       SELECT portfolio_id, account_id,
         coalesce(sum(amount_minor) FILTER (WHERE component = 'principal'), 0) AS principal,
         coalesce(sum(amount_minor) FILTER (WHERE component IN ('interest', 'penalty_interest')), 0)
           AS interest,
         coalesce(sum(amount_minor) FILTER (WHERE component = 'fee'), 0) AS fees
       FROM ledger_entries WHERE ledger_account = 'receivable'
       GROUP BY portfolio_id, account_id)
     SELECT a.account_id, v.col AS column, v.account, v.ledger
     FROM l JOIN accounts a USING (portfolio_id, account_id),
       LATERAL (VALUES ('principal', a.principal_outstanding_minor, l.principal::int8),
                       ('interest', a.interest_outstanding_minor, l.interest::int8),
                       ('fees', a.fees_outstanding_minor, l.fees::int8)) AS v (col, account, ledger)
     WHERE v.account <> v.ledger`,
  );
  return { net: t!.net, unbalanced: t!.unbalanced, mismatched };
}

export type GeneratedEntry = {
  ref: string;
  /** major units as written, e.g. "123.45" */
  amount: string;
  currency: string;
  direction?: 'CRDT' | 'DBIT';
  bookingDate: string;
  debtorName?: string;
  remittance?: string;
  /** the payer's end-to-end id (TxDtls/Refs/EndToEndId) */
  endToEndId?: string;
  status?: string;
};

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A camt.053.001.02 statement with the given entries (for tests and the benchmark). */
export function camt053Xml(statementId: string, entries: readonly GeneratedEntry[]): string {
  const ntry = entries.map(
    (e) => `<Ntry><NtryRef>${xmlText(e.ref)}</NtryRef><Amt Ccy="${e.currency}">${e.amount}</Amt>
<CdtDbtInd>${e.direction ?? 'CRDT'}</CdtDbtInd><Sts>${e.status ?? 'BOOK'}</Sts>
<BookgDt><Dt>${e.bookingDate}</Dt></BookgDt><ValDt><Dt>${e.bookingDate}</Dt></ValDt>
<BkTxCd/><NtryDtls><TxDtls>${
      e.endToEndId ? `<Refs><EndToEndId>${xmlText(e.endToEndId)}</EndToEndId></Refs>` : ''
    }${
      e.debtorName ? `<RltdPties><Dbtr><Nm>${xmlText(e.debtorName)}</Nm></Dbtr></RltdPties>` : ''
    }${e.remittance ? `<RmtInf><Ustrd>${xmlText(e.remittance)}</Ustrd></RmtInf>` : ''}</TxDtls></NtryDtls></Ntry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>${xmlText(statementId)}</MsgId><CreDtTm>2026-11-25T18:00:00+08:00</CreDtTm></GrpHdr>
<Stmt><Id>${xmlText(statementId)}</Id><CreDtTm>2026-11-25T18:00:00+08:00</CreDtTm>
<Acct><Id><Othr><Id>BANK-COLLECTIONS-001</Id></Othr></Id></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-24</Dt></Dt></Bal>
${ntry.join('\n')}
</Stmt></BkToCstmrStmt></Document>
`;
}
