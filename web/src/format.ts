/**
 * Locale formatting of money, counts, shares and dates with Intl. Money stays a decimal string
 * all the way (minor units from the API are shifted by the currency's digits as text), and Intl
 * formats the decimal string exactly: no float ever holds an amount.
 */

const digitsCache = new Map<string, number>();

/** The currency's minor-unit digits per ISO 4217 (CNY 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, d);
  }
  return d;
}

/** "-12345", 2 -> "-123.45"; "5", 3 -> "0.005"; digits 0 leaves the integer as it is. */
export function minorToDecimal(minor: string, digits: number): string {
  if (!/^-?\d+$/.test(minor)) throw new Error('minor units must be an integer string');
  const negative = minor.startsWith('-');
  const abs = (negative ? minor.slice(1) : minor).replace(/^0+(?=\d)/, '');
  const padded = abs.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const frac = padded.slice(padded.length - digits);
  const text = digits === 0 ? whole : `${whole}.${frac}`;
  return negative && /[1-9]/.test(abs) ? `-${text}` : text;
}

/**
 * A decimal amount typed by a person ("1234.5", "1,234.50") to minor units at the currency's
 * digits, as a string; null when it is not a positive amount with at most that many decimals.
 */
export function decimalToMinor(text: string, digits: number): string | null {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/[,\s]/g, ''));
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = `${m[1]}${frac.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  return /^[1-9]\d{0,17}$/.test(minor) ? minor : null;
}

type Decimal = `${number}`;

/** A decimal amount string ("1234.50") in its currency, per locale. */
export function formatMoney(decimal: string, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(decimal as Decimal);
}

/** Minor units as a string ("123456") in its currency, per locale. */
export function formatMinor(minor: string, currency: string, locale: string): string {
  return formatMoney(minorToDecimal(minor, currencyDigits(currency)), currency, locale);
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Basis points as a percentage with two decimals (1234 -> 12.34%); null -> an em dash. */
export function formatBps(bps: number | null, locale: string): string {
  if (bps === null) return '—';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minorToDecimal(String(bps), 4) as Decimal);
}

/** A calendar day ('YYYY-MM-DD') per locale, without shifting it through a time zone. */
export function formatDate(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** An instant (ISO string) per locale, in the browser's zone. */
export function formatInstant(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** A month ('YYYY-MM') per locale: "Nov 2026", "2026年11月". */
export function formatMonth(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** Today's calendar date in the browser's zone, 'YYYY-MM-DD'. */
export function todayLocal(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A calendar day n days later (earlier when n < 0). */
export function addDaysTo(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
