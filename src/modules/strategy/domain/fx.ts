/**
 * Exchange rates for thresholds ("3,500,000 CNY or equivalent") without floats: a rate is an
 * integer in a fixed scale (base-currency major units per one major unit of the currency, times
 * `scale`), amounts are bigint minor units, and comparisons are exact rational cross-products.
 */
import { z } from 'zod';
import { currencyDigits } from '../../../shared/money.js';
import type { Money } from './conditions.js';
import { currency, invalid, parseWith, deepFreeze } from './validation.js';

export type FxTable = {
  readonly base: string;
  /** Rates are stated times this (e.g. 1_000_000n: 7.1234 -> 7_123_400n). */
  readonly scale: bigint;
  /** Currency -> base major units per one major unit, times scale. The base needs no entry. */
  readonly rates: Readonly<Record<string, bigint>>;
};

const positive = z.union([
  z.bigint().positive(),
  z
    .string()
    .regex(/^[1-9]\d{0,30}$/, 'expected a positive integer as a string of digits')
    .transform((s) => BigInt(s)),
]);

export const fxTableSchema = z.strictObject({
  base: currency,
  scale: positive,
  rates: z.record(currency, positive),
});

export function parseFxTable(input: unknown): FxTable {
  return deepFreeze(parseWith(fxTableSchema, input, 'FX table'));
}

/** A value in base minor units as an exact fraction num/den (den > 0). */
export type Rational = { readonly num: bigint; readonly den: bigint };

const pow10 = (n: number) => 10n ** BigInt(n);

function digitsOf(code: string, path: (string | number)[]): number {
  const d = currencyDigits(code);
  if (d === null) throw invalid('amount', path, `unknown currency "${code}"`);
  return d;
}

export function inBase(m: Money, fx: FxTable): Rational {
  const dBase = digitsOf(fx.base, ['fx', 'base']);
  const dCur = digitsOf(m.currency, ['currency']);
  if (m.currency === fx.base) return { num: m.minor, den: 1n };
  const rate = fx.rates[m.currency];
  if (rate === undefined || rate <= 0n)
    throw invalid('FX table', ['rates', m.currency], `no rate for ${m.currency}`);
  return { num: m.minor * rate * pow10(dBase), den: fx.scale * pow10(dCur) };
}

/** -1, 0 or 1 as a is below, equal to or above b, exactly. */
export function compareMoney(a: Money, b: Money, fx: FxTable): -1 | 0 | 1 {
  const x = inBase(a, fx);
  const y = inBase(b, fx);
  const l = x.num * y.den;
  const r = y.num * x.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The amount in another currency, rounded down to a whole minor unit. */
export function convertFloor(m: Money, to: string, fx: FxTable): bigint {
  const x = inBase(m, fx);
  const unit = inBase({ currency: to, minor: 1n }, fx);
  // m / unit = (x.num / x.den) / (unit.num / unit.den)
  return (x.num * unit.den) / (x.den * unit.num);
}
