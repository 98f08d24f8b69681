/**
 * Reader of ISO 20022 camt.053 bank-to-customer statements (BkToCstmrStmt), versions 001.02 and
 * later (the element names used here are the same from .02 to .13; .08 wraps party names in
 * Pty and the status in Sts/Cd, both handled).
 *
 * All or nothing: a file with one bad element is refused whole, with an AppError('invalid_file')
 * whose message and details.element name the element by path (1-based positions), e.g.
 * "Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt". Refused: text that is not well-formed XML, a
 * DOCTYPE, a root that is not a camt.053 Document, missing required elements (those of the
 * message definition this reader relies on: GrpHdr/MsgId, GrpHdr/CreDtTm, Stmt, Stmt/Id,
 * Stmt/Acct/Id, Bal, Ntry/Amt with Ccy, Ntry/CdtDbtInd, Ntry/Sts), an amount that is not a
 * non-negative decimal of at most 18 digits and 5 fraction digits (the schema's
 * ActiveOrHistoricCurrencyAndAmount), an unknown currency, an amount whose precision the
 * currency cannot carry, and a duplicate NtryRef or AcctSvcrRef within the file.
 *
 * Too many decimals: the schema allows 5 fraction digits whatever the currency; the rule is that
 * an amount must be exact in the currency's minor units. "8.850" EUR is exactly 885 cents and is
 * read (trailing zeros add no precision); "8.855" EUR is refused, since reading it would mean
 * rounding money. `extraZeroDecimals: 'refuse'` refuses the padded form as well.
 *
 * Dates: Dt is read as written; for DtTm the calendar date is the date as written in the bank's
 * own offset (2014-12-31T23:30:00-05:00 books on 2014-12-31), and the full text is kept.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { currencyDigits } from '../../../shared/money.js';
import type { Direction, StatementEntry } from './statement-entry.js';

export type CamtAmount = { readonly amountMinor: bigint; readonly currency: string };

export type CamtBalance = CamtAmount & {
  /** The balance type code (OPBD, CLBD, PRCD, ITBD, CLAV, ...) or proprietary text. */
  readonly type: string;
  readonly direction: Direction;
  readonly date: CalendarDate;
};

export type CamtParty = {
  readonly name: string | null;
  readonly account: string | null;
};

export type CamtTransaction = {
  readonly endToEndId: string | null;
  readonly accountServicerReference: string | null;
  readonly instructionId: string | null;
  readonly transactionId: string | null;
  /** Refs/Prtry: the bank's own references with their type (e.g. LegalSequenceNumber). */
  readonly proprietaryReferences: readonly { readonly type: string; readonly reference: string }[];
  readonly amount: CamtAmount | null;
  readonly direction: Direction | null;
  readonly debtor: CamtParty | null;
  readonly ultimateDebtor: CamtParty | null;
  readonly creditor: CamtParty | null;
  readonly ultimateCreditor: CamtParty | null;
  readonly unstructured: readonly string[];
  /** Structured remittance: creditor references (CdtrRefInf/Ref). */
  readonly creditorReferences: readonly string[];
  readonly additionalRemittance: readonly string[];
};

export type CamtEntry = StatementEntry & {
  /** BOOK, PDNG, INFO ... (only BOOK entries are final). */
  readonly status: string;
  readonly bookingDateTime: string | null;
  readonly additionalInfo: string | null;
  readonly transactions: readonly CamtTransaction[];
};

export type CamtAccount = {
  /** IBAN when given, else Othr/Id. */
  readonly id: string;
  readonly iban: string | null;
  readonly currency: string | null;
  readonly name: string | null;
  readonly ownerName: string | null;
};

export type CamtStatement = {
  readonly statementId: string;
  readonly createdAt: string | null;
  readonly account: CamtAccount;
  readonly balances: readonly CamtBalance[];
  readonly entries: readonly CamtEntry[];
};

export type CamtDocument = {
  /** The message version, e.g. "001.02", "001.08". */
  readonly version: string;
  readonly messageId: string;
  readonly createdAt: string;
  readonly statements: readonly CamtStatement[];
};

export type Camt053Options = {
  /** Amounts padded with zeros beyond the currency's digits ("8.850" EUR): read or refuse. */
  readonly extraZeroDecimals?: 'accept' | 'refuse';
};

type Raw = Record<string, unknown>;
type XNode = { readonly path: string; readonly raw: Raw };

function refuse(element: string, message: string): AppError {
  return new AppError('invalid_file', `camt.053 refused: ${element}: ${message}`, { element });
}

function children(n: XNode, name: string, indexed = false): XNode[] {
  const v = n.raw[name];
  if (!Array.isArray(v)) return [];
  return v.map((raw: unknown, i) => ({
    path: `${n.path}/${name}${indexed ? `[${i + 1}]` : ''}`,
    raw: typeof raw === 'object' && raw !== null ? (raw as Raw) : { '#text': String(raw) },
  }));
}

function opt(n: XNode, name: string): XNode | null {
  return children(n, name)[0] ?? null;
}

function req(n: XNode, name: string): XNode {
  const c = opt(n, name);
  if (c === null) throw refuse(`${n.path}/${name}`, 'required element is missing');
  return c;
}

function text(n: XNode): string {
  const t = n.raw['#text'];
  return typeof t === 'string' ? t.trim() : typeof t === 'number' ? String(t) : '';
}

function reqText(n: XNode, name: string): string {
  const c = req(n, name);
  const t = text(c);
  if (t === '') throw refuse(c.path, 'required element is empty');
  return t;
}

function optText(n: XNode | null, ...names: string[]): string | null {
  let cur: XNode | null = n;
  for (const name of names) {
    if (cur === null) return null;
    cur = opt(cur, name);
  }
  if (cur === null) return null;
  const t = text(cur);
  return t === '' ? null : t;
}

function texts(n: XNode, name: string): string[] {
  return children(n, name)
    .map(text)
    .filter((t) => t !== '');
}

const decimal = /^(\d+)(?:\.(\d+))?$/;

function readAmount(n: XNode, options: Camt053Options): CamtAmount {
  const currency = n.raw['@_Ccy'];
  if (typeof currency !== 'string' || currency.trim() === '')
    throw refuse(`${n.path}/@Ccy`, 'required currency attribute is missing');
  const digits = /^[A-Z]{3}$/.test(currency) ? currencyDigits(currency) : null;
  if (digits === null) throw refuse(`${n.path}/@Ccy`, `unknown currency "${currency}"`);
  const t = text(n);
  const m = decimal.exec(t);
  if (!m) throw refuse(n.path, `"${t}" is not a non-negative decimal amount`);
  const whole = m[1] as string;
  const frac = m[2] ?? '';
  if (frac.length > 5 || whole.replace(/^0+(?=\d)/, '').length + frac.length > 18)
    throw refuse(n.path, `"${t}" exceeds 18 digits or 5 fraction digits (ISO 20022 amount)`);
  const excess = frac.slice(digits);
  if (/[^0]/.test(excess) || (excess !== '' && options.extraZeroDecimals === 'refuse'))
    throw refuse(
      n.path,
      `"${t}" has ${frac.length} fraction digits; ${currency} has ${digits}: too many decimals`,
    );
  return {
    amountMinor: BigInt(whole + frac.slice(0, digits).padEnd(digits, '0')),
    currency,
  };
}

function readDirection(n: XNode, name: string): Direction {
  const c = req(n, name);
  const t = text(c);
  if (t === 'CRDT') return 'credit';
  if (t === 'DBIT') return 'debit';
  throw refuse(c.path, `"${t}" is neither CRDT nor DBIT`);
}

const dateTime = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** A DateAndDateTimeChoice (Dt or DtTm). */
function readDateChoice(n: XNode): { date: CalendarDate; dateTime: string | null } {
  const dt = opt(n, 'Dt');
  if (dt !== null) {
    const t = text(dt);
    if (!isCalendarDate(t)) throw refuse(dt.path, `"${t}" is not a date (YYYY-MM-DD)`);
    return { date: t, dateTime: null };
  }
  const dtTm = opt(n, 'DtTm');
  if (dtTm !== null) {
    const t = text(dtTm);
    const m = dateTime.exec(t);
    if (!m || !isCalendarDate(m[1] as string))
      throw refuse(dtTm.path, `"${t}" is not a date-time (YYYY-MM-DDThh:mm:ss[offset])`);
    return { date: m[1] as string, dateTime: t };
  }
  throw refuse(`${n.path}/Dt`, 'required element is missing (Dt or DtTm)');
}

function readAccountId(n: XNode | null): { id: string; iban: string | null } | null {
  if (n === null) return null;
  const iban = optText(n, 'Id', 'IBAN');
  const other = optText(n, 'Id', 'Othr', 'Id');
  const id = iban ?? other;
  return id === null ? null : { id, iban };
}

/** A party: v2-v7 put Nm directly under it, v8+ under Pty. */
function readParty(rltd: XNode | null, role: string, acctRole: string | null): CamtParty | null {
  if (rltd === null) return null;
  const p = opt(rltd, role);
  const acct = acctRole === null ? null : readAccountId(opt(rltd, acctRole));
  if (p === null && acct === null) return null;
  const name = p === null ? null : (optText(p, 'Nm') ?? optText(p, 'Pty', 'Nm'));
  return { name, account: acct?.id ?? null };
}

function readTransaction(n: XNode, options: Camt053Options): CamtTransaction {
  const refs = opt(n, 'Refs');
  const amt = opt(n, 'Amt') ?? optNode(n, 'AmtDtls', 'TxAmt', 'Amt');
  const rltd = opt(n, 'RltdPties');
  const rmt = opt(n, 'RmtInf');
  const strd = rmt === null ? [] : children(rmt, 'Strd');
  return {
    endToEndId: optText(refs, 'EndToEndId'),
    accountServicerReference: optText(refs, 'AcctSvcrRef'),
    instructionId: optText(refs, 'InstrId'),
    transactionId: optText(refs, 'TxId'),
    proprietaryReferences:
      refs === null
        ? []
        : children(refs, 'Prtry').map((p) => ({
            type: optText(p, 'Tp') ?? '',
            reference: optText(p, 'Ref') ?? '',
          })),
    amount: amt ? readAmount(amt, options) : null,
    direction: opt(n, 'CdtDbtInd') ? readDirection(n, 'CdtDbtInd') : null,
    debtor: readParty(rltd, 'Dbtr', 'DbtrAcct'),
    ultimateDebtor: readParty(rltd, 'UltmtDbtr', null),
    creditor: readParty(rltd, 'Cdtr', 'CdtrAcct'),
    ultimateCreditor: readParty(rltd, 'UltmtCdtr', null),
    unstructured: rmt === null ? [] : texts(rmt, 'Ustrd'),
    creditorReferences: strd.flatMap((s) =>
      children(s, 'CdtrRefInf').flatMap((c) => texts(c, 'Ref')),
    ),
    additionalRemittance: strd.flatMap((s) => texts(s, 'AddtlRmtInf')),
  };
}

function optNode(n: XNode, ...names: string[]): XNode | null {
  let cur: XNode | null = n;
  for (const name of names) cur = cur === null ? null : opt(cur, name);
  return cur;
}

function readStatus(n: XNode): string {
  const sts = req(n, 'Sts');
  const t = text(sts) || optText(sts, 'Cd') || optText(sts, 'Prtry');
  if (!t) throw refuse(sts.path, 'required element is empty');
  return t;
}

function readEntry(
  n: XNode,
  index: number,
  statementId: string,
  bankAccount: string,
  options: Camt053Options,
): CamtEntry {
  const amount = readAmount(req(n, 'Amt'), options);
  const direction = readDirection(n, 'CdtDbtInd');
  const rvsl = optText(n, 'RvslInd');
  if (rvsl !== null && !['true', 'false', '1', '0'].includes(rvsl))
    throw refuse(`${n.path}/RvslInd`, `"${rvsl}" is not a boolean`);
  const status = readStatus(n);
  const bookg = opt(n, 'BookgDt');
  const booking = bookg === null ? null : readDateChoice(bookg);
  const valDt = opt(n, 'ValDt');
  const transactions = children(n, 'NtryDtls', true).flatMap((d) =>
    children(d, 'TxDtls', true).map((t) => readTransaction(t, options)),
  );
  const payerReferences = unique(
    transactions.flatMap((t) => [
      ...t.creditorReferences,
      ...(t.endToEndId !== null && t.endToEndId !== 'NOTPROVIDED' ? [t.endToEndId] : []),
    ]),
  );
  const debtor =
    transactions.map((t) => t.debtor).find((d) => d?.name) ??
    transactions.map((t) => t.ultimateDebtor).find((d) => d?.name) ??
    null;
  return {
    statementId,
    bankAccount,
    index,
    amountMinor: amount.amountMinor,
    currency: amount.currency,
    direction,
    reversal: rvsl === 'true' || rvsl === '1',
    bookingDate: booking?.date ?? null,
    bookingDateTime: booking?.dateTime ?? null,
    valueDate: valDt === null ? null : readDateChoice(valDt).date,
    entryReference: optText(n, 'NtryRef'),
    accountServicerReference: optText(n, 'AcctSvcrRef'),
    payerReferences,
    remittance: transactions.flatMap((t) => [
      ...t.unstructured,
      ...t.creditorReferences,
      ...t.additionalRemittance,
    ]),
    debtorName: debtor?.name ?? null,
    debtorAccount: transactions.map((t) => t.debtor?.account).find((a) => a) ?? null,
    status,
    additionalInfo: optText(n, 'AddtlNtryInf'),
    transactions,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function readBalance(n: XNode, options: Camt053Options): CamtBalance {
  const tp = req(n, 'Tp');
  const cdOrPrtry = req(tp, 'CdOrPrtry');
  const type = optText(cdOrPrtry, 'Cd') ?? optText(cdOrPrtry, 'Prtry');
  if (type === null) throw refuse(`${cdOrPrtry.path}/Cd`, 'required element is missing');
  return {
    type,
    ...readAmount(req(n, 'Amt'), options),
    direction: readDirection(n, 'CdtDbtInd'),
    date: readDateChoice(req(n, 'Dt')).date,
  };
}

function readStatement(n: XNode, options: Camt053Options): CamtStatement {
  const statementId = reqText(n, 'Id');
  const acct = req(n, 'Acct');
  const accountId = readAccountId(acct);
  if (accountId === null) throw refuse(`${acct.path}/Id`, 'required element is missing');
  const balances = children(n, 'Bal', true);
  if (balances.length === 0) throw refuse(`${n.path}/Bal`, 'required element is missing');
  return {
    statementId,
    createdAt: optText(n, 'CreDtTm'),
    account: {
      ...accountId,
      currency: optText(acct, 'Ccy'),
      name: optText(acct, 'Nm'),
      ownerName: optText(acct, 'Ownr', 'Nm') ?? optText(acct, 'Ownr', 'Pty', 'Nm'),
    },
    balances: balances.map((b) => readBalance(b, options)),
    entries: children(n, 'Ntry', true).map((e, i) =>
      readEntry(e, i, statementId, accountId.id, options),
    ),
  };
}

const namespacePattern = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.(\d{3}\.\d{2})$/;

/** The namespace URI of the root element, read from its start tag. */
function rootNamespace(xml: string): { name: string; ns: string | null } | null {
  const m = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)((?:\s+[^>]*?)?)\/?>/.exec(
    xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''),
  );
  if (!m) return null;
  const prefix = m[1];
  const attrs = m[3] ?? '';
  const decl = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const ns = new RegExp(`\\s${decl.replace('.', '\\.')}\\s*=\\s*(["'])(.*?)\\1`).exec(attrs);
  return { name: m[2] as string, ns: ns ? (ns[2] as string) : null };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  alwaysCreateTextNode: true,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

/** Parses a camt.053 document; refuses the whole file on the first problem (see the header). */
export function parseCamt053(xml: string, options: Camt053Options = {}): CamtDocument {
  const body = xml.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw refuse('Document', 'the file is empty');
  if (/<!DOCTYPE/i.test(body)) throw refuse('Document', 'a DOCTYPE is not allowed in camt.053');
  const valid = XMLValidator.validate(body);
  if (valid !== true)
    throw new AppError(
      'invalid_file',
      `camt.053 refused: not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
      { element: null, line: valid.err.line, column: valid.err.col },
    );
  const root = rootNamespace(body);
  if (root === null || root.name !== 'Document')
    throw refuse(root?.name ?? 'Document', 'not a camt.053 document (the root must be Document)');
  const version = root.ns === null ? null : (namespacePattern.exec(root.ns)?.[1] ?? null);
  if (version === null)
    throw refuse(
      'Document',
      `not a camt.053 document (namespace ${root.ns === null ? 'missing' : `"${root.ns}"`})`,
    );

  const parsed = parser.parse(body) as Raw;
  const doc = children({ path: '', raw: parsed }, 'Document')[0];
  if (doc === undefined) throw refuse('Document', 'not a camt.053 document');
  const document: XNode = { path: 'Document', raw: doc.raw };
  const stmtRoot = req(document, 'BkToCstmrStmt');
  const grpHdr = req(stmtRoot, 'GrpHdr');
  const messageId = reqText(grpHdr, 'MsgId');
  const createdAt = reqText(grpHdr, 'CreDtTm');
  const stmts = children(stmtRoot, 'Stmt', true);
  if (stmts.length === 0) throw refuse(`${stmtRoot.path}/Stmt`, 'required element is missing');
  const statements = stmts.map((s) => readStatement(s, options));
  checkDuplicateReferences(stmts, statements);
  return { version, messageId, createdAt, statements };
}

function checkDuplicateReferences(nodes: XNode[], statements: CamtStatement[]): void {
  for (const field of ['entryReference', 'accountServicerReference'] as const) {
    const element = field === 'entryReference' ? 'NtryRef' : 'AcctSvcrRef';
    const seen = new Map<string, string>();
    statements.forEach((s, si) =>
      s.entries.forEach((e, ei) => {
        const ref = e[field];
        if (ref === null) return;
        const path = `${nodes[si]?.path}/Ntry[${ei + 1}]/${element}`;
        const first = seen.get(ref);
        if (first !== undefined)
          throw refuse(path, `duplicate entry reference "${ref}" (first at ${first})`);
        seen.set(ref, path);
      }),
    );
  }
}
