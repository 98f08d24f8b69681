/**
 * The loan tape (shared/formats/loan-tape.md): its columns, the header check and the validation
 * of one data row into a typed record. Pure: no I/O.
 */
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  type CountryCode,
} from 'libphonenumber-js/max';
import { canonicalTimeZone, isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
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
const productList = products.join(', ');

/** Positions of every tape column in a header (-1 when absent), computed once per header. */
const positionsCache = new WeakMap<HeaderMap, Int32Array>();

function positionsOf(header: HeaderMap): Int32Array {
  let p = positionsCache.get(header);
  if (p === undefined) {
    p = new Int32Array(tapeColumns.length).fill(-1);
    for (let c = 0; c < tapeColumns.length; c++) {
      const i = header.get(tapeColumns[c] as TapeColumn);
      if (i !== undefined) p[c] = i;
    }
    positionsCache.set(header, p);
  }
  return p;
}

// Indexes into tapeColumns (and so into the positions of a header).
const col = Object.fromEntries(tapeColumns.map((c, i) => [c, i])) as Record<TapeColumn, number>;

/** The state of one row's validation; the helpers below take it instead of closing over it. */
type RowContext = {
  fields: readonly string[];
  positions: Int32Array;
  line: number;
  errors: FieldError[] | null;
  /** minor-unit digits of the row's currency; null when the currency is missing or unknown */
  digits: number | null;
};

function fail(x: RowContext, field: string, message: string): null {
  (x.errors ??= []).push({ line: x.line, field, message });
  return null;
}

function get(x: RowContext, c: number): string {
  const i = x.positions[c] as number;
  return i < 0 ? '' : (x.fields[i] ?? '').trim();
}

function text(x: RowContext, c: number, max: number, required: boolean): string | null {
  const v = get(x, c);
  if (v === '') return required ? fail(x, tapeColumns[c] as string, 'is required') : null;
  // Code points never outnumber UTF-16 units: count them only when the units are too many.
  if (v.length > max && [...v].length > max)
    return fail(x, tapeColumns[c] as string, `is longer than ${max} characters`);
  return v;
}

function amount(x: RowContext, c: number, required: boolean): bigint | null {
  const v = get(x, c);
  if (v === '') return required ? fail(x, tapeColumns[c] as string, 'is required') : null;
  if (x.digits === null) return null; // reported on currency
  const r = parseAmount(v, x.digits);
  return r.ok ? r.minor : fail(x, tapeColumns[c] as string, r.message);
}

function date(x: RowContext, c: number): CalendarDate | null {
  const v = get(x, c);
  if (v === '') return null;
  return isCalendarDate(v)
    ? v
    : fail(x, tapeColumns[c] as string, `"${v}" is not a real calendar date in YYYY-MM-DD form`);
}

const countryCache = new Map<string, boolean>();

function isCountryCode(country: string): boolean {
  let ok = countryCache.get(country);
  if (ok === undefined) {
    ok = /^[A-Z]{2}$/.test(country) && isSupportedCountry(country);
    if (countryCache.size < 1000) countryCache.set(country, ok);
  }
  return ok;
}

/** Validates one data row (line is its 1-based line in the file; the header is line 1). */
export function parseTapeRow(fields: readonly string[], header: HeaderMap, line: number): RowCheck {
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
  const x: RowContext = {
    fields,
    positions: positionsOf(header),
    line,
    errors: null,
    digits: null,
  };

  const currencyText = get(x, col.currency);
  const digits = currencyText ? currencyDigits(currencyText) : null;
  x.digits = digits;
  if (!currencyText) fail(x, 'currency', 'is required');
  else if (digits === null)
    fail(x, 'currency', `"${currencyText}" is not an ISO 4217 currency code in upper case`);

  const accountId = text(x, col.account_id, 64, true);
  const debtorId = text(x, col.debtor_id, 64, true);
  const debtorName = text(x, col.debtor_name, 200, true);
  const nationalId = text(x, col.national_id, 64, false);
  const productText = get(x, col.product);
  if (!productText) fail(x, 'product', 'is required');
  else if (!productSet.has(productText))
    fail(x, 'product', `"${productText}" is not one of ${productList}`);
  const principal = amount(x, col.principal_outstanding, true);
  const interest = amount(x, col.interest_outstanding, false) ?? 0n;
  const fees = amount(x, col.fees_outstanding, false) ?? 0n;
  const overdue = amount(x, col.overdue_amount, true);
  const oldest = date(x, col.oldest_unpaid_due_date);
  if (
    overdue !== null &&
    overdue > 0n &&
    oldest === null &&
    get(x, col.oldest_unpaid_due_date) === ''
  )
    fail(x, 'oldest_unpaid_due_date', 'is required when overdue_amount is more than 0');
  const nextDue = date(x, col.next_due_date);
  const nextDueAmount = amount(x, col.next_due_amount, false);
  const creditLimit = amount(x, col.credit_limit, false);
  const origination = date(x, col.origination_date);
  const branch = text(x, col.branch, 200, false);
  const region = text(x, col.region, 200, false);

  const zoneText = get(x, col.timezone) || 'Asia/Shanghai';
  const canonicalZone = canonicalTimeZone(zoneText);
  if (canonicalZone === null) fail(x, 'timezone', `"${zoneText}" is not an IANA time zone name`);
  const timezone = canonicalZone ?? zoneText;

  const country = get(x, col.country) || 'CN';
  if (!isCountryCode(country))
    fail(x, 'country', `"${country}" is not an ISO 3166-1 alpha-2 country code`);

  const language = get(x, col.language) || 'zh-CN';
  if (language !== 'zh-CN' && language !== 'en')
    fail(x, 'language', `"${language}" is not zh-CN or en`);

  const personal: PersonalData = {};
  if (nationalId) personal.national_id = nationalId;
  const phone = get(x, col.phone);
  if (phone) {
    const e164 = normalizePhone(phone, country);
    if (e164) personal.phone = e164;
    else
      fail(x, 'phone', `is not a valid phone number for ${country} (E.164 such as +8613800138000)`);
  }
  const email = text(x, col.email, 254, false);
  if (email) {
    if (emailPattern.test(email)) personal.email = email;
    else fail(x, 'email', 'is not an email address');
  }
  const wechat = text(x, col.wechat_id, 64, false);
  if (wechat) personal.wechat_id = wechat;
  const address = text(x, col.address, 500, false);
  if (address) personal.address = address;

  if (x.errors) return { ok: false, errors: x.errors };
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

/**
 * Recent phone results: the rows of one debtor usually repeat the debtor's phone, and parsing
 * and validating a number with the full metadata is the dearest check of a row.
 */
const recentPhones = new Map<string, string | null>();

function normalizePhone(text: string, country: string): string | null {
  const key = `${country}\u0000${text}`;
  let e164 = recentPhones.get(key);
  if (e164 === undefined) {
    e164 = parsePhone(text, country);
    if (recentPhones.size >= 4096) recentPhones.clear();
    recentPhones.set(key, e164);
  }
  return e164;
}

function parsePhone(text: string, country: string): string | null {
  try {
    const defaultCountry = isSupportedCountry(country) ? (country as CountryCode) : undefined;
    const n = parsePhoneNumberWithError(text, defaultCountry);
    return n.isValid() ? n.number : null;
  } catch {
    return null;
  }
}
