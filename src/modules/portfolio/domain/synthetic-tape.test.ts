import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDate, isTimeZone } from '../../../shared/calendar.js';
import { currencyDigits, parseAmount } from '../../../shared/money.js';
import {
  syntheticTape,
  tapeColumns,
  tapeCsvHeader,
  tapeCsvLine,
  type SyntheticTapeOptions,
  type TapeRecord,
} from './synthetic-tape.js';

const asOf = '2026-03-15';
const take = (options: SyntheticTapeOptions, n = options.count): TapeRecord[] => {
  const rows: TapeRecord[] = [];
  for (const r of syntheticTape(options)) {
    if (rows.length >= n) break;
    rows.push(r);
  }
  return rows;
};
const tape = take({ seed: 20_260_315, count: 10_000, asOf });

// --- the loan-tape rules (loan-tape.md), checked independently of the generator -------------

const products = ['credit_card', 'consumer_loan', 'mortgage', 'auto_loan', 'sme_loan', 'other'];
const required = ['account_id', 'debtor_id', 'debtor_name', 'product', 'currency'] as const;
const amountColumns = [
  'principal_outstanding',
  'interest_outstanding',
  'fees_outstanding',
  'overdue_amount',
  'next_due_amount',
  'credit_limit',
] as const;
const dateColumns = ['oldest_unpaid_due_date', 'next_due_date', 'origination_date'] as const;

function minor(r: TapeRecord, column: (typeof amountColumns)[number]): bigint {
  if (r[column] === '') return 0n;
  const p = parseAmount(r[column], currencyDigits(r.currency) ?? 0);
  if (!p.ok) throw new Error(p.message);
  return p.minor;
}

function dpdOf(r: TapeRecord, on: string): number {
  if (minor(r, 'overdue_amount') === 0n || r.oldest_unpaid_due_date === '') return 0;
  return Math.max(0, daysBetween(r.oldest_unpaid_due_date, on));
}

function bucketOf(r: TapeRecord, on: string): string {
  const dpd = dpdOf(r, on);
  if (dpd === 0) {
    const next = r.next_due_date;
    return next !== '' && next >= on && next <= addDays(on, 30) ? 'pre-due' : 'current';
  }
  if (dpd > 180) return 'M7+';
  return `M${Math.ceil(dpd / 30)}`;
}

function riskClassOf(dpd: number): string {
  if (dpd === 0) return 'normal';
  if (dpd <= 90) return 'special mention';
  if (dpd <= 270) return 'substandard';
  if (dpd <= 360) return 'doubtful';
  return 'loss';
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function isChineseResidentId(id: string, on: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (idWeights[i] as number);
  if ('10X98765432'[sum % 11] !== id[17]) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const age = daysBetween(birth, on) / 365.25;
  return isCalendarDate(birth) && age >= 18 && age <= 75;
}

function isHongKongId(id: string): boolean {
  const m = /^([A-Z])(\d{6})\(([\dA])\)$/.exec(id);
  if (!m) return false;
  let sum = 9 * 36 + 8 * ((m[1] as string).charCodeAt(0) - 55);
  for (let i = 0; i < 6; i++) sum += (7 - i) * Number((m[2] as string)[i]);
  const check = (11 - (sum % 11)) % 11;
  return m[3] === (check === 10 ? 'A' : String(check));
}

const marketOf: Record<string, { countries: string[]; zones: string[]; prefix: string[] }> = {
  CNY: { countries: ['CN'], zones: ['Asia/Shanghai'], prefix: ['+86'] },
  HKD: { countries: ['HK'], zones: ['Asia/Hong_Kong'], prefix: ['+852'] },
  USD: {
    countries: ['US', 'CA', 'SG', 'AU', 'GB'],
    zones: [
      'America/New_York',
      'America/Chicago',
      'America/Los_Angeles',
      'America/Toronto',
      'America/Vancouver',
      'Asia/Singapore',
      'Australia/Sydney',
      'Australia/Melbourne',
      'Europe/London',
    ],
    prefix: ['+1', '+65', '+61', '+44'],
  },
};

/** Every problem with a row, per loan-tape.md and the generator's promises. */
function problems(r: TapeRecord, on: string): string[] {
  const p: string[] = [];
  const fail = (m: string) => p.push(`${r.account_id}: ${m}`);
  if (Object.keys(r).join() !== tapeColumns.join()) fail('columns');
  for (const c of required) if (r[c] === '') fail(`${c} missing`);
  if (r.account_id.length > 64 || r.debtor_id.length > 64) fail('id too long');
  if (r.debtor_name.length > 200) fail('name too long');
  if (!products.includes(r.product)) fail(`product ${r.product}`);
  const digits = currencyDigits(r.currency);
  if (digits === null) return [...p, `${r.account_id}: currency ${r.currency}`];
  const exact = new RegExp(digits === 0 ? '^\\d+$' : `^\\d+\\.\\d{${digits}}$`);
  for (const c of amountColumns) {
    if (r[c] === '') {
      if (c !== 'next_due_amount' && c !== 'credit_limit') fail(`${c} missing`);
      continue;
    }
    if (!exact.test(r[c])) fail(`${c} ${r[c]} lacks exactly ${digits} digits`);
    if (!parseAmount(r[c], digits).ok) fail(`${c} ${r[c]} does not parse`);
  }
  for (const c of dateColumns) if (r[c] !== '' && !isCalendarDate(r[c])) fail(`${c} ${r[c]}`);
  const overdue = minor(r, 'overdue_amount');
  const balance =
    minor(r, 'principal_outstanding') +
    minor(r, 'interest_outstanding') +
    minor(r, 'fees_outstanding');
  if (overdue > balance) fail('overdue exceeds the balance');
  if (overdue > 0n !== (r.oldest_unpaid_due_date !== ''))
    fail('overdue without a date or vice versa');
  if (overdue > 0n && !(r.oldest_unpaid_due_date < on)) fail('overdue but DPD 0');
  if (overdue === 0n && r.next_due_date === '') fail('current without a next due date');
  if (r.next_due_date !== '') {
    if (r.next_due_date < on || (overdue > 0n && r.next_due_date === on))
      fail('next due in the past');
    if (r.next_due_amount === '') fail('next due date without amount');
  }
  if (r.origination_date === '' || r.origination_date > on) fail('origination');
  for (const c of ['oldest_unpaid_due_date', 'next_due_date'] as const)
    if (r[c] !== '' && !(r.origination_date < r[c])) fail(`origination not before ${c}`);
  if ((r.credit_limit !== '') !== (r.product === 'credit_card')) fail('credit limit');
  if (!isTimeZone(r.timezone)) fail(`timezone ${r.timezone}`);
  if (!['zh-CN', 'en'].includes(r.language)) fail(`language ${r.language}`);
  const market = marketOf[r.currency];
  if (!market) fail(`unexpected currency ${r.currency}`);
  else {
    if (!market.countries.includes(r.country)) fail(`country ${r.country} for ${r.currency}`);
    if (!market.zones.includes(r.timezone)) fail(`zone ${r.timezone} for ${r.currency}`);
    if (r.phone !== '' && !market.prefix.some((x) => r.phone.startsWith(x)))
      fail(`phone ${r.phone}`);
  }
  if (r.phone !== '' && !(/^\+[1-9]\d{6,14}$/.test(r.phone) && isValidPhoneNumber(r.phone)))
    fail(`phone ${r.phone}`);
  if (r.email !== '' && !/^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(r.email))
    fail(`email ${r.email}`);
  if (r.wechat_id !== '' && !/^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/.test(r.wechat_id))
    fail(`wechat ${r.wechat_id}`);
  if (r.country === 'CN') {
    if (!isChineseResidentId(r.national_id, on)) fail(`national id ${r.national_id}`);
    if (!/^\p{Script=Han}{2,4}$/u.test(r.debtor_name)) fail(`name ${r.debtor_name}`);
    if (r.language !== 'zh-CN') fail('language');
  }
  if (r.country === 'HK' && !isHongKongId(r.national_id)) fail(`HKID ${r.national_id}`);
  if (
    r.currency === 'USD' &&
    (r.language !== 'en' || !/^[A-Z][a-z]+ [A-Z][a-z]+$/.test(r.debtor_name))
  )
    fail(`overseas name ${r.debtor_name}`);
  return p;
}

// --- tests ----------------------------------------------------------------------------------

describe('syntheticTape', () => {
  it('yields count rows with exactly the loan-tape columns', () => {
    expect(tape).toHaveLength(10_000);
    expect(tapeColumns).toHaveLength(24);
    expect(take({ seed: 1, count: 0, asOf })).toEqual([]);
    expect(take({ seed: 1, count: 1, asOf })).toHaveLength(1);
  });

  it('is deterministic: same options, same rows; another seed or date, other rows', () => {
    const again = take({ seed: 20_260_315, count: 2000, asOf });
    expect(again).toEqual(tape.slice(0, 2000));
    const other = take({ seed: 20_260_316, count: 2000, asOf });
    expect(other.filter((r, i) => r.debtor_name === tape[i]?.debtor_name).length).toBeLessThan(200);
    const later = take({ seed: 20_260_315, count: 50, asOf: '2026-09-30' });
    expect(later.map((r) => r.debtor_name)).toEqual(tape.slice(0, 50).map((r) => r.debtor_name));
    expect(later.map((r) => r.oldest_unpaid_due_date)).not.toEqual(
      tape.slice(0, 50).map((r) => r.oldest_unpaid_due_date),
    );
  });

  it('has stable prefixes: the first 1000 rows of a 1M-row tape are the 1000-row tape', () => {
    expect(take({ seed: 20_260_315, count: 1_000_000, asOf }, 1000)).toEqual(tape.slice(0, 1000));
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (seed, n, extra) => {
          const long = take({ seed, count: n + extra, asOf });
          expect(take({ seed, count: n, asOf })).toEqual(long.slice(0, n));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses bad options', () => {
    expect(() => take({ seed: 1, count: 1, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => take({ seed: 1, count: -1, asOf })).toThrow(RangeError);
    expect(() => take({ seed: 1.5, count: 1, asOf })).toThrow(RangeError);
  });

  it('produces only valid rows (loan-tape.md), with unique account ids', () => {
    for (const on of [asOf, '2024-02-29', '2025-12-31']) {
      const rows = on === asOf ? tape : take({ seed: 7, count: 3000, asOf: on });
      const bad = rows.flatMap((r) => problems(r, on));
      expect(bad.slice(0, 20)).toEqual([]);
      expect(new Set(rows.map((r) => r.account_id)).size).toBe(rows.length);
    }
  });

  it('gives debtors with several accounts the same identity and contact data', () => {
    const byDebtor = new Map<string, TapeRecord[]>();
    for (const r of tape) byDebtor.set(r.debtor_id, [...(byDebtor.get(r.debtor_id) ?? []), r]);
    const sizes = [...byDebtor.values()].map((rows) => rows.length);
    expect(sizes.filter((n) => n === 2).length).toBeGreaterThan(300);
    expect(sizes.filter((n) => n === 3).length).toBeGreaterThan(100);
    expect(Math.max(...sizes)).toBe(3);
    const shared = [
      'debtor_name',
      'national_id',
      'phone',
      'email',
      'wechat_id',
      'address',
      'country',
      'language',
      'timezone',
      'currency',
      'region',
      'branch',
    ] as const;
    for (const rows of byDebtor.values())
      for (const c of shared) expect(new Set(rows.map((r) => r[c])).size, c).toBe(1);
    // Debtor ids are not reused across the tape.
    const seen: string[] = [];
    for (const r of tape) if (seen.at(-1) !== r.debtor_id) seen.push(r.debtor_id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('spreads accounts over every bucket and every risk class', () => {
    const share = (pred: (r: TapeRecord) => boolean) => tape.filter(pred).length / tape.length;
    const target: Record<string, number> = {
      'pre-due': 0.12,
      current: 0.08,
      M1: 0.25,
      M2: 0.14,
      M3: 0.1,
      M4: 0.08,
      M5: 0.06,
      M6: 0.05,
      'M7+': 0.12,
    };
    const counts: Record<string, number> = {};
    for (const r of tape) counts[bucketOf(r, asOf)] = (counts[bucketOf(r, asOf)] ?? 0) + 1;
    console.log('buckets', counts);
    for (const [b, t] of Object.entries(target))
      expect(
        share((r) => bucketOf(r, asOf) === b),
        b,
      ).toBeCloseTo(t, 1);
    const classes: Record<string, number> = {};
    for (const r of tape) {
      const c = riskClassOf(dpdOf(r, asOf));
      classes[c] = (classes[c] ?? 0) + 1;
    }
    console.log('risk classes', classes);
    for (const c of ['normal', 'special mention', 'substandard', 'doubtful', 'loss'])
      expect(classes[c] ?? 0, c).toBeGreaterThan(150);
    expect(Math.max(...tape.map((r) => dpdOf(r, asOf)))).toBeGreaterThan(900);
  });

  it('grows interest and fees with DPD', () => {
    const order = ['pre-due', 'current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'];
    // Mean (interest + fees) / principal per bucket, in basis points.
    const ratio = order.map((b) => {
      const rows = tape.filter((r) => bucketOf(r, asOf) === b);
      let sum = 0n;
      for (const r of rows)
        sum +=
          ((minor(r, 'interest_outstanding') + minor(r, 'fees_outstanding')) * 10_000n) /
          (minor(r, 'principal_outstanding') || 1n);
      return Number(sum / BigInt(rows.length));
    });
    console.log(
      'interest+fees bp of principal by bucket',
      Object.fromEntries(order.map((b, i) => [b, ratio[i]])),
    );
    for (let i = 2; i < ratio.length; i++) expect(ratio[i]).toBeGreaterThan(ratio[i - 1] as number);
    for (const r of tape)
      if (dpdOf(r, asOf) === 0) expect(minor(r, 'fees_outstanding'), r.account_id).toBe(0n);
      else expect(minor(r, 'fees_outstanding'), r.account_id).toBeGreaterThan(0n);
  });

  it('mixes products, currencies and markets realistically', () => {
    const count = (pred: (r: TapeRecord) => boolean) => tape.filter(pred).length;
    const byProduct = Object.fromEntries(products.map((p) => [p, count((r) => r.product === p)]));
    console.log('products', byProduct);
    const most = Object.entries(byProduct).sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(most).toBe('credit_card');
    for (const p of products) expect(byProduct[p], p).toBeGreaterThan(200);
    expect(count((r) => r.currency === 'CNY') / tape.length).toBeCloseTo(0.8, 1);
    expect(count((r) => r.currency === 'HKD') / tape.length).toBeCloseTo(0.12, 1);
    expect(count((r) => r.currency === 'USD') / tape.length).toBeCloseTo(0.08, 1);
    for (const zone of ['America/New_York', 'America/Los_Angeles', 'Asia/Singapore'])
      expect(
        count((r) => r.timezone === zone),
        zone,
      ).toBeGreaterThan(20);
    for (const country of ['US', 'SG'])
      expect(count((r) => r.country === country)).toBeGreaterThan(50);
    // Hong Kong has both Chinese and English names.
    const hk = tape.filter((r) => r.country === 'HK');
    expect(hk.filter((r) => /^\p{Script=Han}+$/u.test(r.debtor_name)).length).toBeGreaterThan(
      hk.length / 4,
    );
    expect(hk.filter((r) => /^[A-Za-z ]+$/.test(r.debtor_name)).length).toBeGreaterThan(
      hk.length / 4,
    );
    // Contact data: most have a phone; some mainland debtors have WeChat, nobody overseas does.
    expect(count((r) => r.phone !== '') / tape.length).toBeGreaterThan(0.9);
    expect(count((r) => r.country === 'CN' && r.wechat_id !== '')).toBeGreaterThan(2000);
    expect(count((r) => r.currency === 'USD' && r.wechat_id !== '')).toBe(0);
    expect(count((r) => r.email !== '')).toBeGreaterThan(4000);
    expect(count((r) => r.address !== '')).toBeGreaterThan(7000);
    // Product-appropriate balances: median CNY principal orders card < consumer < auto < mortgage.
    const median = (p: string) => {
      const v = tape
        .filter((r) => r.product === p && r.currency === 'CNY')
        .map((r) => minor(r, 'principal_outstanding'))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return v[v.length >> 1] as bigint;
    };
    expect(median('credit_card')).toBeLessThan(median('consumer_loan'));
    expect(median('consumer_loan')).toBeLessThan(median('auto_loan'));
    expect(median('auto_loan')).toBeLessThan(median('mortgage'));
  });

  it('has phone numbers valid for their country (mobile ranges)', () => {
    for (const r of tape) {
      if (r.phone === '') continue;
      expect(isValidPhoneNumber(r.phone), r.phone).toBe(true);
      const n = parsePhoneNumber(r.phone);
      expect(n.isValid(), r.phone).toBe(true);
      expect(n.country, r.phone).toBe(r.country);
      expect(['MOBILE', 'FIXED_LINE_OR_MOBILE'], r.phone).toContain(n.getType());
    }
  });
});

describe('tape CSV', () => {
  it('has the header of loan-tape.md', () => {
    expect(tapeCsvHeader()).toBe(tapeColumns.join(',') + '\n');
  });

  it('round-trips through an RFC 4180 parser', () => {
    const rows = tape.slice(0, 3000);
    const csv = tapeCsvHeader() + rows.map(tapeCsvLine).join('');
    expect(rows.some((r) => tapeCsvLine(r).includes('"'))).toBe(true); // some fields needed quotes
    const parsed: unknown = parse(csv, { columns: true });
    expect(parsed).toEqual(rows);
  });

  it('quotes commas, quotes, CR and LF, and only those', () => {
    const base = tape[0] as TapeRecord;
    const tricky: TapeRecord = {
      ...base,
      debtor_name: 'CHAN, Tai Man "Peter"',
      address: 'Flat A, 3/F\r\nNathan Road\n九龍',
      branch: ' leading and trailing ',
      email: '',
      region: '"',
      wechat_id: 'a\rb',
    };
    const line = tapeCsvLine(tricky);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toContain('"CHAN, Tai Man ""Peter"""');
    expect(line).toContain(',"""",');
    expect(line).toContain(', leading and trailing ,');
    expect(tapeCsvLine(base)).toBe(tapeColumns.map((c) => base[c]).join(',') + '\n');
    const [back] = parse(tapeCsvHeader() + line, { columns: true }) as TapeRecord[];
    expect(back).toEqual(tricky);
  });
});

describe('speed', () => {
  it('generates 100k rows as CSV (printed, not asserted)', () => {
    const started = performance.now();
    let bytes = 0;
    for (const r of syntheticTape({ seed: 1, count: 100_000, asOf }))
      bytes += tapeCsvLine(r).length;
    const ms = performance.now() - started;
    console.log(`synthetic tape: 100000 rows, ${bytes} chars of CSV in ${ms.toFixed(0)} ms`);
    expect(bytes).toBeGreaterThan(0);
  });
});
