/**
 * Peer test: every camt.053 sample in ../shared/data/camt053 (versions 001.02, .03, .04, .08, from
 * the genkgo/camt PHP library's test data) read by our reader, compared entry by entry with the
 * peer's reading (the JSON beside each XML): amount in minor units, currency, direction, status,
 * reversal flag, booking and value dates, and every reference (NtryRef, AcctSvcrRef, and per
 * transaction EndToEndId, AcctSvcrRef, InstrId, TxId, proprietary references, the structured
 * creditor reference). `camt053.v2.wrong.xml` (no Stmt) must be refused.
 *
 * Where we read a file differently from the peer, the test asserts OUR reading, for these reasons:
 * - Multiple statements: the peer's reading of camt053.v2.multi.statement.xml holds only the
 *   second statement (254, with its entry 254#0); the first (253, entry 253#0) is missing from
 *   its entries and its records. We read every
 *   statement's entries: a bank sends one Stmt per account or per period in one file, and an
 *   entry dropped is a payment never posted.
 * - Debits: the peer gives a debit's amount as a negative number (-700) beside CdtDbtInd DBIT;
 *   we keep amounts non-negative, as the file writes them, with the direction beside them (a
 *   collection account's debits are not payments by debtors: reconciliation ignores them, see
 *   import-statement.ts). The test compares |peer amount| and the sign with our direction.
 * - DtTm: the peer turns a booking DtTm into a UTC instant (2014-12-31T13:15:00+01:00 becomes
 *   12:15 UTC); we keep the text and book on the calendar date as written in the bank's own
 *   offset, since a UTC conversion can move an entry to the previous day (00:30+01:00 would be
 *   the 30th in UTC). The instant must still be the same.
 * - Decimals beyond the currency's precision: the peer reads "8.850" EUR as 885 cents, and so do
 *   we (trailing zeros are exact); "8.855" EUR we refuse (camt053.test.ts), since reading it
 *   would round money. None of the samples has such an amount.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { parseCamt053, type CamtEntry, type CamtTransaction } from './camt053.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const samples = path.resolve(repoRoot, '../shared/data/camt053');
const xmlFiles = fs
  .readdirSync(samples)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const read = (f: string) => fs.readFileSync(path.join(samples, f), 'utf8');
const wrong = 'camt053.v2.wrong.xml';

type Peer = Record<string, unknown>;
const obj = (v: unknown): Peer | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Peer) : null;
const get = (v: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => obj(o)?.[k] ?? null, v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Every Statement object the peer serialised (its JSON replaces repeats with "__RECURSIVITY__"). */
function peerStatements(v: unknown, out = new Map<string, Peer>()): Map<string, Peer> {
  if (Array.isArray(v)) v.forEach((x) => peerStatements(x, out));
  const o = obj(v);
  if (o === null) return out;
  if (o.__CLASS__ === 'Genkgo\\Camt\\Camt053\\DTO\\Statement') out.set(String(o.getId), o);
  Object.values(o).forEach((x) => peerStatements(x, out));
  return out;
}

/** The peer's transaction details of an entry: the first is serialised as getTransactionDetail. */
function peerTransactions(pe: Peer): Peer[] {
  const list = Array.isArray(pe.getTransactionDetails)
    ? (pe.getTransactionDetails as unknown[])
    : [];
  return list.map((t, i) => obj(t) ?? (i === 0 ? obj(pe.getTransactionDetail) : null) ?? {});
}

// The peer's balance type names for the ISO codes.
const peerBalanceType: Record<string, string> = {
  OPBD: 'opening',
  PRCD: 'opening',
  OPAV: 'opening_available',
  CLBD: 'closing',
  CLAV: 'closing_available',
  FWAV: 'forward_available',
  INFO: 'information',
  ITAV: 'interim_available',
  ITBD: 'interim',
  XPCD: 'expected_credit',
};
const signed = (minor: bigint, direction: string) =>
  (direction === 'debit' ? -minor : minor).toString();
const instant = (t: string) => new Date(t).toISOString();

/** Entries the peer does not list (see the header): our reading, asserted as it is. */
const notInPeer: Record<string, Record<string, unknown>> = {
  'camt053.v2.multi.statement.xml 253EURNL26VAYB8060476890#0': {
    amountMinor: 885n,
    currency: 'EUR',
    direction: 'credit',
    bookingDate: '2014-12-31',
    entryReference: null,
    accountServicerReference: null,
    payerReferences: ['000000001'],
    remittance: ['Transaction Description 1'],
  },
};

function comparedTransaction(pt: Peer, tx: CamtTransaction) {
  const proprietaries = (get(pt, 'getReference', 'getProprietaries') as Peer[] | null) ?? [];
  const message = get(pt, 'getRemittanceInformation', 'getMessage');
  return {
    ours: {
      endToEndId: tx.endToEndId,
      accountServicerReference: tx.accountServicerReference,
      instructionId: tx.instructionId,
      transactionId: tx.transactionId,
      proprietary: tx.proprietaryReferences.map((p) => [p.type, p.reference]),
      creditorReference: tx.creditorReferences[0] ?? null,
      message: message === null ? null : [...tx.unstructured, ...tx.creditorReferences][0],
    },
    peer: {
      endToEndId: str(get(pt, 'getReference', 'getEndToEndId')),
      accountServicerReference: str(get(pt, 'getReference', 'getAccountServicerReference')),
      instructionId: str(get(pt, 'getReference', 'getInstructionId')),
      transactionId: str(get(pt, 'getReference', 'getTransactionId')),
      proprietary: proprietaries.map((p) => [p.getType, p.getReference]),
      creditorReference: str(
        get(pt, 'getRemittanceInformation', 'getCreditorReferenceInformation', 'getRef'),
      ),
      message,
    },
  };
}

function compareEntry(e: CamtEntry, pe: Peer): void {
  const peerAmount = BigInt(get(pe, 'getAmount', 'getAmount') as string);
  const peerDirection = pe.getCreditDebitIndicator === 'DBIT' ? 'debit' : 'credit';
  // the peer signs debits; we keep the amount as written and the direction beside it
  expect(peerAmount < 0n).toBe(peerDirection === 'debit');
  expect(e.amountMinor).toBe(peerAmount < 0n ? -peerAmount : peerAmount);
  expect(signed(e.amountMinor, e.direction)).toBe(peerAmount.toString());
  expect(e.currency).toBe(get(pe, 'getAmount', 'getCurrency', 'getCode'));
  expect(e.direction).toBe(peerDirection);
  expect(e.status).toBe(pe.getStatus);
  expect(e.reversal).toBe(pe.getReversalIndicator);

  const booking = get(pe, 'getBookingDate', '0') as string;
  if (e.bookingDateTime !== null) {
    // same instant; our calendar date is the one written in the bank's offset
    expect(instant(e.bookingDateTime)).toBe(instant(booking));
    expect(e.bookingDate).toBe(e.bookingDateTime.slice(0, 10));
  } else expect(e.bookingDate).toBe(booking.slice(0, 10));
  expect(e.valueDate).toBe((get(pe, 'getValueDate', '0') as string | null)?.slice(0, 10) ?? null);

  expect(e.entryReference).toBe(pe.getReference);
  expect(e.accountServicerReference).toBe(pe.getAccountServicerReference);
  const peerTxs = peerTransactions(pe);
  expect(e.transactions).toHaveLength(peerTxs.length);
  peerTxs.forEach((pt, i) => {
    const tx = e.transactions[i] as CamtTransaction;
    const { ours, peer } = comparedTransaction(pt, tx);
    expect(ours).toEqual(peer);
    const txAmount = get(pt, 'getAmount');
    if (txAmount !== null) {
      expect(tx.amount?.amountMinor.toString()).toBe(get(txAmount, 'getAmount'));
      expect(tx.amount?.currency).toBe(get(txAmount, 'getCurrency', 'getCode'));
    }
  });
  // what reconciliation matches on: the payer's references are the peer's end-to-end ids and
  // creditor references
  const peerPayerRefs = peerTxs.flatMap((pt) => {
    const { peer } = comparedTransaction(pt, e.transactions[0] as CamtTransaction);
    return [peer.creditorReference, peer.endToEndId].filter((r): r is string => r !== null);
  });
  expect([...e.payerReferences].sort()).toEqual([...new Set(peerPayerRefs)].sort());
}

describe('camt.053 peer test: every shared sample reads as the peer read it', () => {
  it('the sample folder holds the twelve statements and a peer reading for each readable one', () => {
    expect(xmlFiles).toEqual([
      'camt053.v2.all-balance-types.xml',
      'camt053.v2.five.decimals.xml',
      'camt053.v2.minimal.ultimate.xml',
      'camt053.v2.minimal.xml',
      'camt053.v2.multi.statement.xml',
      'camt053.v2.with-account-name.xml',
      'camt053.v2.with-party-ids.xml',
      'camt053.v2.wrong.xml',
      'camt053.v3.xml',
      'camt053.v4.xml',
      'camt053.v8.xml',
      'camt53.only-Dt-with-DtTm.xml',
    ]);
    for (const f of xmlFiles)
      expect(fs.existsSync(path.join(samples, f.replace(/\.xml$/, '.json')))).toBe(f !== wrong);
  });

  it(`${wrong} (a group header and no Stmt) is refused, naming the element`, () => {
    try {
      parseCamt053(read(wrong));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_file');
      expect((e as AppError).details).toEqual({ element: 'Document/BkToCstmrStmt/Stmt' });
    }
  });

  it.each(xmlFiles.filter((f) => f !== wrong))('%s', (f) => {
    const doc = parseCamt053(read(f));
    const peer = JSON.parse(read(f.replace(/\.xml$/, '.json'))) as Peer;
    expect(doc.messageId).toBe(get(peer, 'getGroupHeader', 'getMessageId'));
    expect(instant(doc.createdAt)).toBe(
      instant(get(peer, 'getGroupHeader', 'getCreatedOn', '0') as string),
    );

    const statements = peerStatements(peer);
    const ourIds = doc.statements.map((s) => s.statementId);
    for (const id of statements.keys()) expect(ourIds).toContain(id);
    expect(ourIds.filter((id) => !statements.has(id))).toEqual(
      Object.keys(notInPeer)
        .filter((k) => k.startsWith(`${f} `))
        .map((k) => k.slice(f.length + 1).replace(/#\d+$/, '')),
    );
    for (const s of doc.statements) {
      const ps = statements.get(s.statementId);
      if (ps === undefined) continue;
      expect(s.account.id).toBe(get(ps, 'getAccount', 'getIdentification'));
      expect(
        s.balances.map((b) => [
          peerBalanceType[b.type],
          signed(b.amountMinor, b.direction),
          b.currency,
          b.date,
        ]),
      ).toEqual(
        (ps.getBalances as Peer[]).map((b) => [
          get(b, 'getType'),
          get(b, 'getAmount', 'getAmount'),
          get(b, 'getAmount', 'getCurrency', 'getCode'),
          String(get(b, 'getDate', '0')).slice(0, 10),
        ]),
      );
    }

    // every peer entry is one of ours ...
    const peerEntries = new Map<string, Peer>();
    for (const pe of peer.getEntries as Peer[]) {
      const record = obj(pe.getRecord);
      const statementId = record ? String(record.getId) : (doc.statements[0]?.statementId ?? '');
      peerEntries.set(`${statementId}#${String(pe.getIndex)}`, pe);
    }
    const ours = doc.statements.flatMap((s) =>
      s.entries.map((e) => [`${s.statementId}#${e.index}`, e] as const),
    );
    for (const key of peerEntries.keys()) expect(ours.map(([k]) => k)).toContain(key);
    // ... and every one of ours matches the peer's, or is a documented difference
    for (const [key, e] of ours) {
      const pe = peerEntries.get(key);
      const known = notInPeer[`${f} ${key}`];
      if (pe !== undefined) compareEntry(e, pe);
      else {
        expect(known, `${f} ${key}: not in the peer's reading and not documented`).toBeDefined();
        expect(e).toMatchObject(known as object);
      }
    }
  });

  it.each([
    ['camt053.v2.minimal.xml', '001.02'],
    ['camt053.v3.xml', '001.03'],
    ['camt053.v4.xml', '001.04'],
    ['camt053.v8.xml', '001.08'],
  ])('%s is version %s', (f, version) => {
    expect(parseCamt053(read(f)).version).toBe(version);
  });

  it('v8: booking DtTm keeps the date as written and the full time; party names under Pty', () => {
    const e = parseCamt053(read('camt053.v8.xml')).statements[0]?.entries[0];
    expect(e).toMatchObject({
      bookingDate: '2014-12-31',
      bookingDateTime: '2014-12-31T13:15:00+01:00',
      debtorName: 'NAME NAME',
      debtorAccount: 'NL56AGDH9619008421',
      payerReferences: ['4654654654654654', 'MUELL/FINP/RA12345'],
    });
  });

  it('a booking DtTm just after midnight in the bank offset books on that day, not the UTC one', () => {
    const xml = read('camt053.v8.xml').replace(
      '2014-12-31T13:15:00+01:00',
      '2015-01-01T00:30:00+01:00',
    );
    const e = parseCamt053(xml).statements[0]?.entries[0];
    expect(e?.bookingDate).toBe('2015-01-01');
    expect(instant(e?.bookingDateTime ?? '')).toBe('2014-12-31T23:30:00.000Z');
  });

  it('five decimals: zero padding beyond the currency digits is exact and read; refusable by option', () => {
    expect(
      parseCamt053(read('camt053.v2.five.decimals.xml')).statements[0]?.entries[0]?.amountMinor,
    ).toBe(885n);
    expect(
      parseCamt053(read('camt53.only-Dt-with-DtTm.xml')).statements[0]?.balances[0],
    ).toMatchObject({ amountMinor: 544_209n, currency: 'RON', date: '2025-07-23' });
    expect(() =>
      parseCamt053(read('camt053.v2.five.decimals.xml'), { extraZeroDecimals: 'refuse' }),
    ).toThrow(/Bal\[1\]\/Amt: "18.150" has 3 fraction digits; EUR has 2/);
  });
});
