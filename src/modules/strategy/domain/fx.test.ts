import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMoney, convertFloor, parseFxTable } from './fx.js';
import { validationError } from './testing.js';

// 1 USD = 7.1234 CNY; 1 JPY = 0.0475 CNY; scale 10^6
const fx = parseFxTable({
  base: 'CNY',
  scale: '1000000',
  rates: { USD: '7123400', JPY: '47500' },
});

describe('exact comparison through FX', () => {
  it.each([
    [{ currency: 'CNY', minor: 350_000_000n }, { currency: 'CNY', minor: 350_000_000n }, 0],
    [{ currency: 'CNY', minor: 350_000_001n }, { currency: 'CNY', minor: 350_000_000n }, 1],
    // 491,338.40 USD * 7.1234 = 3,499,999.96 CNY
    [{ currency: 'USD', minor: 49_133_840n }, { currency: 'CNY', minor: 350_000_000n }, -1],
    // 491,338.41 USD = 3,500,000.03 CNY
    [{ currency: 'USD', minor: 49_133_841n }, { currency: 'CNY', minor: 350_000_000n }, 1],
    // JPY has no minor digits: 73,684,211 JPY = 3,500,000.02 CNY
    [{ currency: 'JPY', minor: 73_684_211n }, { currency: 'CNY', minor: 350_000_000n }, 1],
    [{ currency: 'JPY', minor: 73_684_210n }, { currency: 'CNY', minor: 350_000_000n }, -1],
  ] as const)('%o vs %o -> %i', (a, b, r) => {
    expect(compareMoney(a, b, fx)).toBe(r);
  });

  it('converts rounding down', () => {
    expect(convertFloor({ currency: 'USD', minor: 100n }, 'CNY', fx)).toBe(712n);
    expect(convertFloor({ currency: 'CNY', minor: 712n }, 'USD', fx)).toBe(99n);
  });

  it('a missing rate is an error naming it', () => {
    const e = validationError(() =>
      compareMoney({ currency: 'EUR', minor: 1n }, { currency: 'CNY', minor: 1n }, fx),
    );
    expect(e.path).toEqual(['rates', 'EUR']);
  });

  it('rejects float rates with a path', () => {
    expect(validationError(() => parseFxTable({ ...fx, rates: { USD: 7.12 } })).path).toEqual([
      'rates',
      'USD',
    ]);
  });

  it('property: comparison agrees with cross-multiplied integers', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (u, c) => {
          const r = compareMoney({ currency: 'USD', minor: u }, { currency: 'CNY', minor: c }, fx);
          const l = u * 7_123_400n;
          const rr = c * 1_000_000n;
          expect(r).toBe(l < rr ? -1 : l > rr ? 1 : 0);
        },
      ),
    );
  });
});
