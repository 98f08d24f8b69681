import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { parseCamt053, type CamtDocument } from './camt053.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const samples = path.resolve(repoRoot, '../shared/data/camt053');
const xmlFiles = fs
  .readdirSync(samples)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const read = (f: string) => fs.readFileSync(path.join(samples, f), 'utf8');

type Peer = Record<string, unknown>;
const obj = (v: unknown): Peer | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Peer) : null;
const get = (v: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => obj(o)?.[k] ?? null, v);

/** Every Statement object the peer serialised (its JSON replaces repeats with "__RECURSIVITY__"). */
function peerStatements(v: unknown, out = new Map<string, Peer>()): Map<string, Peer> {
  if (Array.isArray(v)) v.forEach((x) => peerStatements(x, out));
  const o = obj(v);
  if (o === null) return out;
  if (o.__CLASS__ === 'Genkgo\\Camt\\Camt053\\DTO\\Statement') out.set(String(o.getId), o);
  Object.values(o).forEach((x) => peerStatements(x, out));
  return out;
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

describe('camt.053: every shared sample', () => {
  it('the sample folder holds the expected files', () => {
    expect(xmlFiles.length).toBe(12);
    for (const f of xmlFiles)
      if (f !== 'camt053.v2.wrong.xml')
        expect(fs.existsSync(path.join(samples, f.replace(/\.xml$/, '.json')))).toBe(true);
  });

  it('camt053.v2.wrong.xml (no Stmt) is refused, naming the element', () => {
    expect(() => parseCamt053(read('camt053.v2.wrong.xml'))).toThrow(
      'Document/BkToCstmrStmt/Stmt: required element is missing',
    );
  });

  const readable = xmlFiles.filter((f) => f !== 'camt053.v2.wrong.xml');
  it.each(readable)('%s reads as the peer did', (f) => {
    const doc: CamtDocument = parseCamt053(read(f));
    const peer = JSON.parse(read(f.replace(/\.xml$/, '.json'))) as Peer;
    expect(doc.messageId).toBe(get(peer, 'getGroupHeader', 'getMessageId'));

    const statements = peerStatements(peer);
    expect(statements.size).toBeGreaterThan(0);
    for (const [id, ps] of statements) {
      const s = doc.statements.find((x) => x.statementId === id);
      expect(s, `statement ${id}`).toBeDefined();
      if (!s) continue;
      expect(s.account.id).toBe(get(ps, 'getAccount', 'getIdentification'));
      const peerBalances = (ps.getBalances as Peer[]).map((b) => [
        get(b, 'getType'),
        get(b, 'getAmount', 'getAmount'),
        get(b, 'getAmount', 'getCurrency', 'getCode'),
        String(get(b, 'getDate', '0')).slice(0, 10),
      ]);
      expect(
        s.balances.map((b) => [
          peerBalanceType[b.type],
          signed(b.amountMinor, b.direction),
          b.currency,
          b.date,
        ]),
      ).toEqual(peerBalances);
    }

    const peerEntries = peer.getEntries as Peer[];
    for (const pe of peerEntries) {
      const record = obj(pe.getRecord);
      const statementId = record ? String(record.getId) : [...statements.keys()][0];
      const s = doc.statements.find((x) => x.statementId === statementId);
      const e = s?.entries[Number(pe.getIndex)];
      expect(e, `entry ${statementId}#${String(pe.getIndex)}`).toBeDefined();
      if (!e) continue;
      expect(signed(e.amountMinor, e.direction)).toBe(get(pe, 'getAmount', 'getAmount'));
      expect(e.currency).toBe(get(pe, 'getAmount', 'getCurrency', 'getCode'));
      expect(e.direction === 'credit' ? 'CRDT' : 'DBIT').toBe(pe.getCreditDebitIndicator);
      expect(e.status).toBe(pe.getStatus);
      expect(e.reversal).toBe(pe.getReversalIndicator);
      const booking = get(pe, 'getBookingDate', '0') as string;
      if (e.bookingDateTime !== null) expect(instant(e.bookingDateTime)).toBe(instant(booking));
      else expect(e.bookingDate).toBe(booking.slice(0, 10));
      expect(e.valueDate).toBe(
        (get(pe, 'getValueDate', '0') as string | null)?.slice(0, 10) ?? null,
      );
      expect(e.entryReference).toBe(pe.getReference);
      expect(e.accountServicerReference).toBe(pe.getAccountServicerReference);

      const ptx = pe.getTransactionDetail;
      const tx = e.transactions[0];
      expect(tx).toBeDefined();
      if (!tx) continue;
      expect(tx.endToEndId).toBe(get(ptx, 'getReference', 'getEndToEndId'));
      const message = get(ptx, 'getRemittanceInformation', 'getMessage');
      if (message !== null) expect(e.remittance).toContain(message);
      const txAmount = get(ptx, 'getAmount');
      if (txAmount !== null) {
        expect(tx.amount?.amountMinor.toString()).toBe(get(txAmount, 'getAmount'));
        expect(tx.amount?.currency).toBe(get(txAmount, 'getCurrency', 'getCode'));
      }
      const parties = (get(ptx, 'getRelatedParties') as Peer[] | null) ?? [];
      const debtor = parties.find((p) =>
        /\\(Ultimate)?Debtor$/.test(String(get(p, 'getRelatedPartyType', '__CLASS__'))),
      );
      expect(e.debtorName).toBe(debtor ? get(debtor, 'getRelatedPartyType', 'getName') : null);
    }
  });

  it('reads both statements of the multi-statement file (the peer JSON keeps only the second)', () => {
    const doc = parseCamt053(read('camt053.v2.multi.statement.xml'));
    expect(
      doc.statements.map((s) => [
        s.statementId,
        s.entries.map((e) => signed(e.amountMinor, e.direction)),
      ]),
    ).toEqual([
      ['253EURNL26VAYB8060476890', ['885']],
      ['254EURNL26VAYB8060476890', ['-700']],
    ]);
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

  it('five decimals: zero padding beyond the currency digits is exact and read; refusable by option', () => {
    const doc = parseCamt053(read('camt053.v2.five.decimals.xml'));
    expect(doc.statements[0]?.entries[0]?.amountMinor).toBe(885n);
    expect(
      parseCamt053(read('camt53.only-Dt-with-DtTm.xml')).statements[0]?.balances[0],
    ).toMatchObject({ amountMinor: 544_209n, currency: 'RON', date: '2025-07-23' });
    expect(() =>
      parseCamt053(read('camt053.v2.five.decimals.xml'), { extraZeroDecimals: 'refuse' }),
    ).toThrow(/Bal\[1\]\/Amt: "18.150" has 3 fraction digits; EUR has 2/);
  });
});

describe('camt.053: malformed input is refused whole, naming the element', () => {
  const minimal = read('camt053.v2.minimal.xml');
  const entryAmt = '<Amt Ccy="EUR">8.85</Amt>';
  const ntry = minimal.slice(
    minimal.indexOf('<Ntry>'),
    minimal.indexOf('</Ntry>') + '</Ntry>'.length,
  );
  const withRef = (ref: string) => ntry.replace('<BkTxCd>', `<NtryRef>${ref}</NtryRef><BkTxCd>`);
  const twoEntries = (a: string, b: string) => minimal.replace(ntry, a + b);

  it.each([
    [
      'too many decimals',
      minimal.replace(entryAmt, '<Amt Ccy="EUR">8.855</Amt>'),
      'Stmt[1]/Ntry[1]/Amt: "8.855" has 3 fraction digits; EUR has 2',
    ],
    [
      'JPY with decimals',
      minimal.replace(entryAmt, '<Amt Ccy="JPY">885.5</Amt>'),
      'Ntry[1]/Amt: "885.5" has 1 fraction digits; JPY has 0',
    ],
    [
      'more than 5 fraction digits',
      minimal.replace(entryAmt, '<Amt Ccy="EUR">8.850000</Amt>'),
      'Ntry[1]/Amt: "8.850000" exceeds',
    ],
    [
      'a negative amount',
      minimal.replace(entryAmt, '<Amt Ccy="EUR">-8.85</Amt>'),
      'Ntry[1]/Amt: "-8.85" is not a non-negative decimal',
    ],
    [
      'an unknown currency',
      minimal.replace(entryAmt, '<Amt Ccy="XYZ">8.85</Amt>'),
      'Ntry[1]/Amt/@Ccy: unknown currency "XYZ"',
    ],
    [
      'a missing currency',
      minimal.replace(entryAmt, '<Amt>8.85</Amt>'),
      'Ntry[1]/Amt/@Ccy: required currency attribute is missing',
    ],
    [
      'a missing CdtDbtInd',
      minimal.replace(ntry, ntry.replace('<CdtDbtInd>CRDT</CdtDbtInd>', '')),
      'Ntry[1]/CdtDbtInd: required element is missing',
    ],
    [
      'a bad CdtDbtInd',
      minimal.replace(
        ntry,
        ntry.replace('<CdtDbtInd>CRDT</CdtDbtInd>', '<CdtDbtInd>CR</CdtDbtInd>'),
      ),
      'Ntry[1]/CdtDbtInd: "CR" is neither CRDT nor DBIT',
    ],
    [
      'a missing Sts',
      minimal.replace(ntry, ntry.replace('<Sts>BOOK</Sts>', '')),
      'Ntry[1]/Sts: required element is missing',
    ],
    [
      'a bad booking date',
      minimal.replace(ntry, ntry.replace('<Dt>2014-12-31</Dt>', '<Dt>2014-02-30</Dt>')),
      'Ntry[1]/BookgDt/Dt: "2014-02-30" is not a date',
    ],
    [
      'a missing statement Id',
      minimal.replace('<Id>253EURNL26VAYB8060476890</Id>', ''),
      'Stmt[1]/Id: required element is missing',
    ],
    [
      'a missing account',
      minimal.replace(/<Acct>[\s\S]*?<\/Acct>/, ''),
      'Stmt[1]/Acct: required element is missing',
    ],
    [
      'no balance',
      minimal.replace(/<Bal>[\s\S]*<\/Bal>/, ''),
      'Stmt[1]/Bal: required element is missing',
    ],
    [
      'a missing MsgId',
      minimal.replace(/<MsgId>.*<\/MsgId>/, ''),
      'GrpHdr/MsgId: required element is missing',
    ],
    [
      'a duplicate NtryRef',
      twoEntries(withRef('R1'), withRef('R1')),
      'Ntry[2]/NtryRef: duplicate entry reference "R1" (first at Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryRef)',
    ],
    [
      'a duplicate AcctSvcrRef',
      twoEntries(
        ntry.replace('<BkTxCd>', '<AcctSvcrRef>A</AcctSvcrRef><BkTxCd>'),
        ntry.replace('<BkTxCd>', '<AcctSvcrRef>A</AcctSvcrRef><BkTxCd>'),
      ),
      'Ntry[2]/AcctSvcrRef: duplicate entry reference "A"',
    ],
    [
      'a camt.052 report',
      minimal.replace('camt.053.001.02', 'camt.052.001.02'),
      'not a camt.053 document (namespace "urn:iso:std:iso:20022:tech:xsd:camt.052.001.02")',
    ],
    [
      'no namespace',
      minimal.replace(/xmlns="[^"]*"/, ''),
      'not a camt.053 document (namespace missing)',
    ],
    [
      'another root',
      '<?xml version="1.0"?><Foo xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>',
      'Foo: not a camt.053 document',
    ],
    ['broken XML', minimal.replace('</Ntry>', ''), 'not well-formed XML at line'],
    [
      'a DOCTYPE',
      minimal.replace('<Document', '<!DOCTYPE x [<!ENTITY a "b">]><Document'),
      'a DOCTYPE is not allowed',
    ],
    ['an empty file', '  ', 'the file is empty'],
  ])('%s', (_name, xml, message) => {
    try {
      parseCamt053(xml);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_file');
      expect((e as AppError).message).toContain(message);
    }
  });

  it('a namespace prefix is fine; distinct references are fine', () => {
    const prefixed = minimal
      .replace('xmlns="urn', 'xmlns:c="urn')
      .replace(/<(\/?)([A-Z][A-Za-z]*)/g, '<$1c:$2');
    expect(parseCamt053(prefixed).statements[0]?.entries[0]?.amountMinor).toBe(885n);
    const two = parseCamt053(twoEntries(withRef('R1'), withRef('R2')));
    expect(two.statements[0]?.entries.map((e) => [e.index, e.entryReference])).toEqual([
      [0, 'R1'],
      [1, 'R2'],
    ]);
  });
});
