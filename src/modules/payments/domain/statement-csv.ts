/**
 * The Recourse statement CSV: a simple bank-statement format for banks without camt.053.
 *
 * Encoding: UTF-8 (a BOM is ignored), RFC 4180 (comma separated, fields with commas, quotes or
 * line breaks in double quotes, "" for a quote), LF or CRLF line ends; blank lines are ignored.
 * Line 1 is the header, exactly these columns in this order:
 *
 *   statement_id     required  the statement the line belongs to (e.g. "2026-11-25-001")
 *   bank_account     required  the bank account the statement is for (IBAN or other id)
 *   entry_reference  required  the bank's unique reference of the line; unique in the file
 *   booking_date     required  YYYY-MM-DD
 *   value_date       optional  YYYY-MM-DD
 *   amount           required  plain decimal in major units, > 0, no sign, no thousands
 *                              separators, at most the currency's digits ("1234.50", "800")
 *   currency         required  ISO 4217 code ("CNY", "EUR", "JPY")
 *   direction        required  credit (money in) or debit (money out, e.g. a bounced payment)
 *   debtor_name      optional  the payer's name as the bank shows it
 *   debtor_account   optional  the payer's account
 *   payer_reference  optional  the reference the payer quoted (e.g. the account's payment reference)
 *   remittance       optional  free remittance text
 *
 * All or nothing: any bad line refuses the whole file with AppError('invalid_file'); its details
 * list every problem found (up to 100) as { line, field, message }, lines counted from 1 with the
 * header as line 1.
 */
import { parse } from 'csv-parse/sync';
import { isCalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { currencyDigits, parseAmount } from '../../../shared/money.js';
import type { Direction, StatementEntry } from './statement-entry.js';

export const statementCsvColumns = [
  'statement_id',
  'bank_account',
  'entry_reference',
  'booking_date',
  'value_date',
  'amount',
  'currency',
  'direction',
  'debtor_name',
  'debtor_account',
  'payer_reference',
  'remittance',
] as const;
type Column = (typeof statementCsvColumns)[number];

export type CsvProblem = {
  readonly line: number;
  readonly field: string;
  readonly message: string;
};

const maxProblems = 100;

function refuse(problems: CsvProblem[]): AppError {
  const first = problems[0] as CsvProblem;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AppError(
    'invalid_file',
    `statement CSV refused: line ${first.line}, ${first.field}: ${first.message}${more}`,
    { problems },
  );
}

type CsvRecord = { record: string[]; info: { lines: number } };

export function parseStatementCsv(text: string): StatementEntry[] {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as CsvRecord[];
  } catch (e) {
    const line =
      typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : 0;
    throw refuse([{ line, field: '(file)', message: (e as Error).message }]);
  }
  const [header, ...rows] = records;
  if (header === undefined)
    throw refuse([{ line: 1, field: '(header)', message: 'the file is empty' }]);
  if (header.record.join(',') !== statementCsvColumns.join(','))
    throw refuse([
      {
        line: header.info.lines,
        field: '(header)',
        message: `expected the columns ${statementCsvColumns.join(',')}`,
      },
    ]);

  const problems: CsvProblem[] = [];
  const entries: StatementEntry[] = [];
  const references = new Map<string, number>();
  const perStatement = new Map<string, number>();
  for (const { record, info } of rows) {
    if (problems.length >= maxProblems) break;
    const line = info.lines;
    const problem = (field: string, message: string) => problems.push({ line, field, message });
    if (record.length !== statementCsvColumns.length) {
      problem('(line)', `has ${record.length} fields; expected ${statementCsvColumns.length}`);
      continue;
    }
    const get = (c: Column) => (record[statementCsvColumns.indexOf(c)] ?? '').trim();
    const optional = (c: Column) => get(c) || null;
    const required = (c: Column) => {
      const v = get(c);
      if (v === '') problem(c, 'is required');
      return v;
    };
    const before = problems.length;
    const statementId = required('statement_id');
    const bankAccount = required('bank_account');
    const reference = required('entry_reference');
    const bookingDate = required('booking_date');
    if (bookingDate !== '' && !isCalendarDate(bookingDate))
      problem('booking_date', `"${bookingDate}" is not a date (YYYY-MM-DD)`);
    const valueDate = optional('value_date');
    if (valueDate !== null && !isCalendarDate(valueDate))
      problem('value_date', `"${valueDate}" is not a date (YYYY-MM-DD)`);
    const currency = required('currency');
    const digits = currency === '' ? null : currencyDigits(currency);
    if (currency !== '' && digits === null) problem('currency', `unknown currency "${currency}"`);
    const amountText = required('amount');
    let amountMinor = 0n;
    if (amountText !== '' && digits !== null) {
      const a = parseAmount(amountText, digits);
      if (!a.ok) problem('amount', a.message);
      else if (a.minor === 0n) problem('amount', 'must be > 0');
      else amountMinor = a.minor;
    }
    const direction = required('direction');
    if (direction !== '' && direction !== 'credit' && direction !== 'debit')
      problem('direction', `"${direction}" is neither credit nor debit`);
    if (reference !== '') {
      const first = references.get(reference);
      if (first !== undefined)
        problem('entry_reference', `duplicate "${reference}" (first on line ${first})`);
      else references.set(reference, line);
    }
    if (problems.length > before) continue;
    const index = perStatement.get(statementId) ?? 0;
    perStatement.set(statementId, index + 1);
    const payerReference = optional('payer_reference');
    const remittance = optional('remittance');
    entries.push({
      statementId,
      bankAccount,
      index,
      amountMinor,
      currency,
      direction: direction as Direction,
      reversal: false,
      bookingDate,
      valueDate,
      entryReference: reference,
      accountServicerReference: null,
      payerReferences: payerReference === null ? [] : [payerReference],
      remittance: remittance === null ? [] : [remittance],
      debtorName: optional('debtor_name'),
      debtorAccount: optional('debtor_account'),
    });
  }
  if (problems.length > 0) throw refuse(problems.slice(0, maxProblems));
  return entries;
}
