import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatAmount, parseAmount } from './money.js';

describe('currencyDigits', () => {
  it.each([
    ['CNY', 2],
    ['USD', 2],
    ['HKD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['XYZ', null],
    ['cny', null],
    ['Cny', null],
    ['', null],
    ['CNYX', null],
    [' CNY', null],
  ])('%j has %j digits', (code, digits) => {
    expect(currencyDigits(code)).toBe(digits);
    expect(currencyDigits(code)).toBe(digits); // cached answer is the same
  });
});

describe('parseAmount accepts plain decimals', () => {
  it.each([
    ['0', 2, 0n],
    ['0.00', 2, 0n],
    ['12345.67', 2, 1_234_567n],
    ['12345', 2, 1_234_500n],
    ['12345.6', 2, 1_234_560n],
    ['0.01', 2, 1n],
    ['007.50', 2, 750n],
    ['100', 0, 100n],
    ['1.234', 3, 1234n],
    ['1.2', 3, 1200n],
    ['9007199254740993.99', 2, 900_719_925_474_099_399n],
    ['123456789012345678901234567890.12', 2, 12_345_678_901_234_567_890_123_456_789_012n],
  ])('%j with %i digits -> %s minor units', (text, digits, minor) => {
    expect(parseAmount(text, digits)).toEqual({ ok: true, minor });
  });
});

describe('parseAmount rejects, saying why', () => {
  const plain = 'write the plain decimal';
  it.each([
    ['1,234.56', 2, `"1,234.56" has thousands separators; ${plain}`],
    ['1 234', 2, `"1 234" has thousands separators; ${plain}`],
    ['1\u00a0234', 2, `"1\u00a0234" has thousands separators; ${plain}`],
    ["1'234.50", 2, `"1'234.50" has thousands separators; ${plain}`],
    ['1_000', 2, `"1_000" has thousands separators; ${plain}`],
    ['¥100', 2, `"¥100" has a currency sign or other characters; ${plain}`],
    ['$5', 2, `"$5" has a currency sign or other characters; ${plain}`],
    ['HK$1,000', 2, `"HK$1,000" has a currency sign or other characters; ${plain}`],
    ['100 CNY', 2, `"100 CNY" has a currency sign or other characters; ${plain}`],
    ['1.2E+05', 2, `"1.2E+05" is in scientific notation; ${plain}`],
    ['1e5', 2, `"1e5" is in scientific notation; ${plain}`],
    ['-1.5E-3', 2, `"-1.5E-3" is in scientific notation; ${plain}`],
    ['-5', 2, '"-5" is negative; amounts must be >= 0'],
    ['-0.01', 2, '"-0.01" is negative; amounts must be >= 0'],
    ['+5', 2, `"+5" has a sign; ${plain}`],
    ['100.5', 0, '"100.5" has 1 fraction digits; the currency has 0'],
    ['1.234', 2, '"1.234" has 3 fraction digits; the currency has 2'],
    ['0.001', 2, '"0.001" has 3 fraction digits; the currency has 2'],
    ['1.2345', 3, '"1.2345" has 4 fraction digits; the currency has 3'],
    ['', 2, '"" is not a plain decimal amount'],
    ['.', 2, '"." is not a plain decimal amount'],
    ['12.', 2, '"12." is not a plain decimal amount'],
    ['.5', 2, '".5" is not a plain decimal amount'],
    ['1.2.3', 2, '"1.2.3" is not a plain decimal amount'],
    [' 12', 2, '" 12" is not a plain decimal amount'],
    ['NaN', 2, '"NaN" is not a plain decimal amount'],
    ['１２', 2, '"１２" is not a plain decimal amount'],
  ])('%j with %i digits', (text, digits, message) => {
    expect(parseAmount(text, digits)).toEqual({ ok: false, message });
  });
});

describe('formatAmount', () => {
  it.each([
    [0n, 2, '0.00'],
    [1n, 2, '0.01'],
    [10n, 2, '0.10'],
    [123_456n, 2, '1234.56'],
    [5n, 0, '5'],
    [0n, 0, '0'],
    [1234n, 3, '1.234'],
    [7n, 3, '0.007'],
    [-1n, 2, '-0.01'],
    [-150n, 2, '-1.50'],
    [-5n, 0, '-5'],
    [10n ** 25n, 2, '100000000000000000000000.00'],
  ])('%s minor units with %i digits -> %j', (minor, digits, text) => {
    expect(formatAmount(minor, digits)).toBe(text);
  });
});

describe('money properties', () => {
  const digits = fc.integer({ min: 0, max: 4 });

  it('parse(format(n)) is n for any non-negative bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), digits, (n, d) => {
        const text = formatAmount(n, d);
        expect(text).toMatch(d === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${d}}$`));
        expect(parseAmount(text, d)).toEqual({ ok: true, minor: n });
      }),
    );
  });

  it('formats any bigint with exactly the currency digits; negatives are refused on parse', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), digits, (n, d) => {
        const text = formatAmount(n, d);
        expect(text).toMatch(d === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${d}}$`));
        const parsed = parseAmount(text, d);
        if (n < 0n)
          expect(parsed).toEqual({
            ok: false,
            message: `"${text}" is negative; amounts must be >= 0`,
          });
        else expect(parsed).toEqual({ ok: true, minor: n });
      }),
    );
  });

  it('parse never yields a float and never loses a cent', () => {
    const digitString = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    fc.assert(
      fc.property(
        digits.chain((d) => fc.tuple(fc.constant(d), digitString(1, 30), digitString(0, d))),
        ([d, whole, frac]) => {
          const text = frac === '' ? whole : `${whole}.${frac}`;
          const parsed = parseAmount(text, d);
          if (d === 0 && frac !== '') throw new Error('unreachable');
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          expect(typeof parsed.minor).toBe('bigint');
          expect(parsed.minor).toBe(
            BigInt(whole) * 10n ** BigInt(d) + BigInt(frac.padEnd(d, '0') || '0'),
          );
          // Formatting gives back the same number, canonically written.
          const canonical = formatAmount(parsed.minor, d);
          expect(parseAmount(canonical, d)).toEqual(parsed);
        },
      ),
    );
  });

  it('rejects more fraction digits than the currency has, whatever they are', () => {
    fc.assert(
      fc.property(digits, fc.nat(), fc.integer({ min: 1, max: 4 }), (d, whole, extra) => {
        const text = `${whole}.${'0'.repeat(d + extra)}`;
        expect(parseAmount(text, d)).toEqual({
          ok: false,
          message: `"${text}" has ${d + extra} fraction digits; the currency has ${d}`,
        });
      }),
    );
  });
});
