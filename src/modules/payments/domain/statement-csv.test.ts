import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { parseStatementCsv, statementCsvColumns, type CsvProblem } from './statement-csv.js';

const header = statementCsvColumns.join(',');
const row = (over: Partial<Record<(typeof statementCsvColumns)[number], string>> = {}) =>
  statementCsvColumns
    .map((c) => {
      const v =
        over[c] ??
        {
          statement_id: 'S1',
          bank_account: 'CN001',
          entry_reference: 'E1',
          booking_date: '2026-11-25',
          value_date: '',
          amount: '1234.50',
          currency: 'CNY',
          direction: 'credit',
          debtor_name: '',
          debtor_account: '',
          payer_reference: '',
          remittance: '',
        }[c];
      return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');

function problems(text: string): CsvProblem[] {
  try {
    parseStatementCsv(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_file');
    return ((e as AppError).details as { problems: CsvProblem[] }).problems;
  }
  throw new Error('not refused');
}

describe('parseStatementCsv: reading', () => {
  it('reads lines into statement entries, indexed per statement', () => {
    const text = [
      '\uFEFF' + header,
      row(),
      '',
      row({
        entry_reference: 'E2',
        amount: '800',
        direction: 'debit',
        value_date: '2026-11-26',
        debtor_name: 'Zhang, San',
        remittance: 'ACC-000123 "Nov"\nline 2',
        payer_reference: 'PR9',
      }),
      row({ statement_id: 'S2', entry_reference: 'E3', currency: 'JPY', amount: '5000' }),
    ].join('\r\n');
    const entries = parseStatementCsv(text);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({
      statementId: 'S1',
      bankAccount: 'CN001',
      index: 0,
      amountMinor: 123_450n,
      currency: 'CNY',
      direction: 'credit',
      reversal: false,
      bookingDate: '2026-11-25',
      valueDate: null,
      entryReference: 'E1',
      accountServicerReference: null,
      payerReferences: [],
      remittance: [],
      debtorName: null,
      debtorAccount: null,
    });
    expect(entries[1]).toMatchObject({
      index: 1,
      amountMinor: 80_000n,
      direction: 'debit',
      valueDate: '2026-11-26',
      debtorName: 'Zhang, San',
      remittance: ['ACC-000123 "Nov"\nline 2'],
      payerReferences: ['PR9'],
    });
    expect(entries[2]).toMatchObject({ statementId: 'S2', index: 0, amountMinor: 5000n });
  });

  it('a header-only file has no entries', () => {
    expect(parseStatementCsv(header + '\n')).toEqual([]);
  });
});

describe('parseStatementCsv: refused whole, with line and field', () => {
  it.each([
    ['amount with too many decimals', { amount: '1.234' }, 'amount', 'fraction digits'],
    ['amount with separators', { amount: '1,234.00' }, 'amount', 'thousands separators'],
    ['negative amount', { amount: '-5' }, 'amount', 'negative'],
    ['zero amount', { amount: '0.00' }, 'amount', 'must be > 0'],
    ['unknown currency', { currency: 'XYZ' }, 'currency', 'unknown currency'],
    ['bad direction', { direction: 'in' }, 'direction', 'neither credit nor debit'],
    ['bad booking date', { booking_date: '2026-02-30' }, 'booking_date', 'not a date'],
    ['bad value date', { value_date: '25/11/2026' }, 'value_date', 'not a date'],
    ['missing reference', { entry_reference: '' }, 'entry_reference', 'is required'],
    ['missing account', { bank_account: ' ' }, 'bank_account', 'is required'],
  ])('%s', (_name, over, field, message) => {
    const p = problems([header, row({ entry_reference: 'OK' }), row(over)].join('\n'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: 3, field });
    expect(p[0]?.message).toContain(message);
  });

  it('names every bad line, and one bad line refuses the good ones too', () => {
    const text = [
      header,
      row(),
      row({ entry_reference: 'E1' }),
      row({ entry_reference: 'E3', amount: 'x', currency: 'ABC' }),
    ].join('\n');
    expect(problems(text)).toEqual([
      { line: 3, field: 'entry_reference', message: 'duplicate "E1" (first on line 2)' },
      { line: 4, field: 'currency', message: 'unknown currency "ABC"' },
    ]);
  });

  it('the message names the first problem', () => {
    expect(() => parseStatementCsv([header, row({ amount: '1.001' })].join('\n'))).toThrow(
      /statement CSV refused: line 2, amount: "1.001" has 3 fraction digits/,
    );
  });

  it.each([
    ['a wrong header', 'statement_id,amount\nS1,1', { line: 1, field: '(header)' }],
    ['an empty file', '', { line: 1, field: '(header)' }],
    ['a short line', `${header}\nS1,CN001`, { line: 2, field: '(line)' }],
    ['an unclosed quote', `${header}\n"S1,CN001`, { field: '(file)' }],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)[0]).toMatchObject(expected);
  });
});
