/**
 * Input checks shared by the payments domain: every refusal is an AppError('validation_failed')
 * whose message and details name the offending field.
 */
import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { currencyDigits } from '../../../shared/money.js';

export function invalid(field: string, message: string, extra?: Record<string, unknown>): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { field, ...extra });
}

/** A known ISO 4217 code; returns its minor-unit digits. */
export function requireCurrency(field: string, currency: string): number {
  const digits = currencyDigits(currency);
  if (digits === null) throw invalid(field, `unknown currency "${currency}"`);
  return digits;
}

export function requireSameCurrency(field: string, actual: string, expected: string): void {
  if (actual !== expected)
    throw invalid(field, `currency ${actual} differs from the account currency ${expected}`, {
      expected,
      actual,
    });
}

export function requirePositive(field: string, minor: bigint): void {
  if (minor <= 0n) throw invalid(field, `must be > 0 minor units (got ${minor})`);
}

export function requireNonNegative(field: string, minor: bigint): void {
  if (minor < 0n) throw invalid(field, `must be >= 0 minor units (got ${minor})`);
}

export function requireDate(field: string, date: CalendarDate): void {
  if (!isCalendarDate(date)) throw invalid(field, `"${date}" is not a calendar date (YYYY-MM-DD)`);
}

export function sumMinor(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}
