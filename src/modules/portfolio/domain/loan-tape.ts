/**
 * The loan tape (shared/formats/loan-tape.md): its columns, the header check and the validation
 * of one data row into a typed record. Pure: no I/O.
 */
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  type CountryCode,
} from 'libphonenumber-js/max';
import { isCalendarDate, isTimeZone, type CalendarDate } from '../../../shared/calendar.js';
import { currencyDigits, parseAmount } from '../../../shared/money.js';

export const products = [
  'credit_card',
  'consumer_loan',
  'mortgage',
  'auto_loan',
  'sme_loan',
  'other',
] as const;
export type Product = (typeof products)[number];

/** Every column of the tape, in the order of loan-tape.md, and whether it is required. */
export const tapeColumnSpec = [
  ['account_id', true],
  ['debtor_id', true],
  ['debtor_name', true],
  ['national_id', false],
  ['product', true],
  ['currency', true],
  ['principal_outstanding', true],
  ['interest_outstanding', false],
  ['fees_outstanding', false],
  ['overdue_amount', true],
  ['oldest_unpaid_due_date', false],
  ['next_due_date', false],
  ['next_due_amount', false],
  ['credit_limit', false],
  ['origination_date', false],
  ['branch', false],
  ['region', false],
  ['timezone', false],
  ['phone', false],
  ['email', false],
  ['wechat_id', false],
  ['address', false],
  ['country', false],
  ['language', false],
] as const;

export type TapeColumn = (typeof tapeColumnSpec)[number][0];
export const tapeColumns: readonly TapeColumn[] = tapeColumnSpec.map(([c]) => c);
const requiredColumns = tapeColumnSpec.filter(([, r]) => r).map(([c]) => c);
const knownColumns = new Set<string>(tapeColumns);

export type FieldError = { line: number; field: string; message: string };

/** The personal information of a row: stored only encrypted. */
export type PersonalData = {
  national_id?: string;
  phone?: string;
  email?: string;
  wechat_id?: string;
  address?: string;
};

export type TapeRow = {
  line: number;
  accountId: string;
  debtorId: string;
  debtorName: string;
  product: Product;
  currency: string;
  principalMinor: bigint;
  interestMinor: bigint;
  feesMinor: bigint;
  overdueMinor: bigint;
  oldestUnpaidDueDate: CalendarDate | null;
  nextDueDate: CalendarDate | null;
  nextDueAmountMinor: bigint | null;
  creditLimitMinor: bigint | null;
  originationDate: CalendarDate | null;
  branch: string | null;
  region: string | null;
  timezone: string;
  country: string;
  language: 'zh-CN' | 'en';
  personal: PersonalData;
};

/** Positions of the columns in the file, by name. */
export type HeaderMap = ReadonlyMap<TapeColumn, number>;

export type HeaderCheck = { ok: true; header: HeaderMap } | { ok: false; errors: FieldError[] };

export function checkHeader(fields: readonly string[]): HeaderCheck {
  const errors: FieldError[] = [];
  if (fields.length === 1) {
    const only = fields[0] ?? '';
    const delimiter = [';', '\t', '|'].find((d) => only.includes(d));
    if (delimiter) {
      const name = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
      return {
        ok: false,
        errors: [
          {
            line: 1,
            field: '(header)',
            message: `the header is separated by ${name}; a loan tape is comma-separated`,
          },
        ],
      };
    }
  }
  const header = new Map<TapeColumn, number>();
  fields.forEach((raw, i) => {
    const name = raw.trim();
    if (!knownColumns.has(name)) {
      errors.push({
        line: 1,
        field: name || `(column ${i + 1})`,
        message: `unknown column "${name}" (columns are matched exactly, in lower case)`,
      });
    } else if (header.has(name as TapeColumn)) {
      errors.push({ line: 1, field: name, message: `column "${name}" appears twice` });
    } else header.set(name as TapeColumn, i);
  });
  for (const c of requiredColumns)
    if (!header.has(c))
      errors.push({ line: 1, field: c, message: `required column "${c}" is missing` });
  return errors.length ? { ok: false, errors } : { ok: true, header };
}

export type RowCheck = { ok: true; row: TapeRow } | { ok: false; errors: FieldError[] };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const productSet = new Set<string>(products);

/** Validates one data row (line is its 1-based line in the file; the header is line 1). */
export function parseTapeRow(fields: readonly string[], header: HeaderMap, line: number): RowCheck {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): null => {
    errors.push({ line, field, message });
    return null;
  };
  if (fields.length !== header.size)
    return {
      ok: false,
      errors: [
        {
          line,
          field: '(row)',
          message: `the row has ${fields.length} fields; the header has ${header.size}`,
        },
      ],
    };
  const get = (c: TapeColumn): string => {
    const i = header.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };

  const text = (c: TapeColumn, max: number, required: boolean): string | null => {
    const v = get(c);
    if (v === '') return required ? fail(c, 'is required') : null;
    if ([...v].length > max) return fail(c, `is longer than ${max} characters`);
    return v;
  };

  const currencyText = get('currency');
  const digits = currencyText ? currencyDigits(currencyText) : null;
  if (!currencyText) fail('currency', 'is required');
  else if (digits === null)
    fail('currency', `"${currencyText}" is not an ISO 4217 currency code in upper case`);

  const amount = (c: TapeColumn, required: boolean): bigint | null => {
    const v = get(c);
    if (v === '') return required ? fail(c, 'is required') : null;
    if (digits === null) return null; // reported on currency
    const r = parseAmount(v, digits);
    return r.ok ? r.minor : fail(c, r.message);
  };

  const date = (c: TapeColumn): CalendarDate | null => {
    const v = get(c);
    if (v === '') return null;
    return isCalendarDate(v) ? v : fail(c, `"${v}" is not a real calendar date in YYYY-MM-DD form`);
  };

  const accountId = text('account_id', 64, true);
  const debtorId = text('debtor_id', 64, true);
  const debtorName = text('debtor_name', 200, true);
  const nationalId = text('national_id', 64, false);
  const productText = get('product');
  if (!productText) fail('product', 'is required');
  else if (!productSet.has(productText))
    fail('product', `"${productText}" is not one of ${products.join(', ')}`);
  const principal = amount('principal_outstanding', true);
  const interest = amount('interest_outstanding', false) ?? 0n;
  const fees = amount('fees_outstanding', false) ?? 0n;
  const overdue = amount('overdue_amount', true);
  const oldest = date('oldest_unpaid_due_date');
  if (overdue !== null && overdue > 0n && oldest === null && get('oldest_unpaid_due_date') === '')
    fail('oldest_unpaid_due_date', 'is required when overdue_amount is more than 0');
  const nextDue = date('next_due_date');
  const nextDueAmount = amount('next_due_amount', false);
  const creditLimit = amount('credit_limit', false);
  const origination = date('origination_date');
  const branch = text('branch', 200, false);
  const region = text('region', 200, false);

  const timezone = get('timezone') || 'Asia/Shanghai';
  if (!isTimeZone(timezone)) fail('timezone', `"${timezone}" is not an IANA time zone name`);

  const country = get('country') || 'CN';
  if (!/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country))
    fail('country', `"${country}" is not an ISO 3166-1 alpha-2 country code`);

  const language = get('language') || 'zh-CN';
  if (language !== 'zh-CN' && language !== 'en')
    fail('language', `"${language}" is not zh-CN or en`);

  const personal: PersonalData = {};
  if (nationalId) personal.national_id = nationalId;
  const phone = get('phone');
  if (phone) {
    const e164 = normalizePhone(phone, country);
    if (e164) personal.phone = e164;
    else fail('phone', `is not a valid phone number for ${country} (E.164 such as +8613800138000)`);
  }
  const email = text('email', 254, false);
  if (email) {
    if (emailPattern.test(email)) personal.email = email;
    else fail('email', 'is not an email address');
  }
  const wechat = text('wechat_id', 64, false);
  if (wechat) personal.wechat_id = wechat;
  const address = text('address', 500, false);
  if (address) personal.address = address;

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      line,
      accountId: accountId as string,
      debtorId: debtorId as string,
      debtorName: debtorName as string,
      product: productText as Product,
      currency: currencyText,
      principalMinor: principal as bigint,
      interestMinor: interest,
      feesMinor: fees,
      overdueMinor: overdue as bigint,
      oldestUnpaidDueDate: oldest,
      nextDueDate: nextDue,
      nextDueAmountMinor: nextDueAmount,
      creditLimitMinor: creditLimit,
      originationDate: origination,
      branch,
      region,
      timezone,
      country,
      language: language as 'zh-CN' | 'en',
      personal,
    },
  };
}

function normalizePhone(text: string, country: string): string | null {
  try {
    const defaultCountry = isSupportedCountry(country) ? (country as CountryCode) : undefined;
    const n = parsePhoneNumberWithError(text, defaultCountry);
    return n.isValid() ? n.number : null;
  } catch {
    return null;
  }
}
