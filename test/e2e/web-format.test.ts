/** The web app's money, share and date formatting (web/src/format.ts): exact, per locale. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  decimalToMinor,
  formatBps,
  formatDate,
  formatMinor,
  formatMoney,
  minorToDecimal,
} from '../../web/src/format.js';

const currencies = ['CNY', 'USD', 'JPY', 'KWD', 'EUR', 'HKD'];
const minorString = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String);

describe('web formatting', () => {
  it.each([
    ['CNY', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('knows the minor-unit digits of %s', (currency, digits) => {
    expect(currencyDigits(currency)).toBe(digits);
  });

  it.each([
    ['12345', 2, '123.45'],
    ['-12345', 2, '-123.45'],
    ['5', 3, '0.005'],
    ['-5', 2, '-0.05'],
    ['0', 2, '0.00'],
    ['-0', 2, '0.00'],
    ['007', 2, '0.07'],
    ['75000', 0, '75000'],
    ['1234567', 3, '1234.567'],
  ])('shifts %s minor units by %i digits to %s', (minor, digits, decimal) => {
    expect(minorToDecimal(minor, digits)).toBe(decimal);
  });

  it('refuses what is not an integer string', () => {
    for (const bad of ['1.5', '', '1e3', ' 1', 'abc'])
      expect(() => minorToDecimal(bad, 2)).toThrow();
  });

  it('shifts any amount exactly: no digit is lost or invented', () => {
    fc.assert(
      fc.property(minorString, fc.integer({ min: 0, max: 4 }), (minor, digits) => {
        const decimal = minorToDecimal(minor, digits);
        expect(BigInt(decimal.replace('.', ''))).toBe(BigInt(minor));
        const frac = decimal.split('.')[1];
        expect(frac?.length ?? 0).toBe(digits);
      }),
    );
  });

  it('formats amounts beyond 2^53 exactly (no float in the way)', () => {
    fc.assert(
      fc.property(minorString, fc.constantFrom(...currencies), (minor, currency) => {
        const text = formatMinor(minor, currency, 'en');
        const digits = currencyDigits(currency);
        const abs = minor.replace('-', '').padStart(digits + 1, '0');
        expect(text.replace(/\D/g, '')).toBe(
          abs.replace(/^0+(?=\d{1,}$)/, '').padStart(digits + 1, '0'),
        );
        expect(text.startsWith('-')).toBe(BigInt(minor) < 0n);
      }),
    );
    expect(formatMinor('900719925474099312', 'CNY', 'en')).toBe('CN¥9,007,199,254,740,993.12');
  });

  it.each([
    ['1234567', 'KWD', 'en', /^KWD\s1,234\.567$/],
    ['123456', 'CNY', 'zh-CN', /^¥1,234\.56$/],
    ['123456', 'CNY', 'en', /^CN¥1,234\.56$/],
    ['75000', 'JPY', 'en', /^¥75,000$/],
    ['-50000', 'USD', 'en', /^-\$500\.00$/],
  ])('formats %s %s in %s', (minor, currency, locale, pattern) => {
    expect(formatMinor(minor, currency, locale)).toMatch(pattern);
  });

  it('formats decimal strings at the currency digits', () => {
    expect(formatMoney('2500.00', 'CNY', 'en')).toBe('CN¥2,500.00');
    expect(formatMoney('1234.567', 'KWD', 'zh-CN')).toMatch(/^KWD\s1,234\.567$/);
  });

  it.each([
    ['1234.5', 2, '123450'],
    ['1,234.50', 2, '123450'],
    ['0.01', 2, '1'],
    ['75000', 0, '75000'],
    ['1.234', 3, '1234'],
    ['1.234', 2, null],
    ['0', 2, null],
    ['-5', 2, null],
    ['1e3', 2, null],
    ['', 2, null],
    ['1.5', 0, null],
  ])('reads the typed amount %s at %i digits as %s minor units', (text, digits, minor) => {
    expect(decimalToMinor(text, digits)).toBe(minor);
  });

  it('reads back every amount it writes', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 17n }),
        fc.integer({ min: 0, max: 3 }),
        (n, digits) => {
          expect(decimalToMinor(minorToDecimal(String(n), digits), digits)).toBe(String(n));
        },
      ),
    );
  });

  it('formats basis points and calendar days per locale', () => {
    expect(formatBps(1234, 'en')).toBe('12.34%');
    expect(formatBps(5455, 'zh-CN')).toBe('54.55%');
    expect(formatBps(null, 'en')).toBe('—');
    expect(formatBps(10_000, 'en')).toBe('100.00%');
    expect(formatDate('2026-11-25', 'en')).toBe('Nov 25, 2026');
    expect(formatDate('2026-11-25', 'zh-CN')).toBe('2026年11月25日');
    expect(formatDate('2026-01-01', 'en')).toBe('Jan 1, 2026');
  });
});
