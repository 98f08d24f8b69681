/**
 * Money: integer minor units (bigint) with an ISO 4217 currency. Amounts are parsed from and
 * formatted to plain decimal strings; no float ever touches an amount.
 */
import currencyCodes from 'currency-codes';

const digitsCache = new Map<string, number | null>();

/** Number of minor-unit digits of an ISO 4217 currency, or null when the code is unknown. */
export function currencyDigits(code: string): number | null {
  let d = digitsCache.get(code);
  if (d === undefined) {
    const entry = /^[A-Z]{3}$/.test(code) ? currencyCodes.code(code) : undefined;
    d = entry ? entry.digits : null;
    digitsCache.set(code, d);
  }
  return d;
}

export type AmountParse = { ok: true; minor: bigint } | { ok: false; message: string };

const plainDecimal = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal in major units ("12345.67", "12345") into minor units. Rejects, with a
 * message saying why, thousands separators, currency signs, scientific notation, signs and more
 * fraction digits than the currency has: a mangled amount is never guessed.
 */
export function parseAmount(text: string, digits: number): AmountParse {
  const m = plainDecimal.exec(text);
  if (!m) {
    if (/^[+-]?\d*\.?\d+[eE][+-]?\d+$/.test(text))
      return { ok: false, message: `"${text}" is in scientific notation; write the plain decimal` };
    if (/^-/.test(text))
      return { ok: false, message: `"${text}" is negative; amounts must be >= 0` };
    if (/^\+/.test(text))
      return { ok: false, message: `"${text}" has a sign; write the plain decimal` };
    if (/^[\d.]+([,'\s_][\d.]+)+$/.test(text))
      return { ok: false, message: `"${text}" has thousands separators; write the plain decimal` };
    if (/[^\d.,\s]/.test(text) && /\d/.test(text))
      return {
        ok: false,
        message: `"${text}" has a currency sign or other characters; write the plain decimal`,
      };
    return { ok: false, message: `"${text}" is not a plain decimal amount` };
  }
  const whole = m[1] as string;
  const frac = m[2] ?? '';
  if (frac.length > digits)
    return {
      ok: false,
      message: `"${text}" has ${frac.length} fraction digits; the currency has ${digits}`,
    };
  const minor = BigInt(whole + frac.padEnd(digits, '0'));
  return { ok: true, minor };
}

/** Formats minor units as a plain decimal string with exactly the currency's digits. */
export function formatAmount(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString();
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const frac = padded.slice(padded.length - digits);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}
