import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { parseCamt053 } from './camt053.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const samples = path.resolve(repoRoot, '../shared/data/camt053');
const read = (f: string) => fs.readFileSync(path.join(samples, f), 'utf8');

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
