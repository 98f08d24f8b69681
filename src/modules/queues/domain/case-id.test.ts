import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { units } from '../../people/index.js';
import { caseId, parseCaseId } from './case-id.js';

describe('case ids', () => {
  it('round-trips every unit, portfolio and debtor id (colons included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.bigInt({ min: 1n, max: 10n ** 17n }),
        fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme-ascii' }),
        (unit, portfolioId, debtorId) => {
          expect(parseCaseId(caseId({ unit, portfolioId, debtorId }))).toEqual({
            unit,
            portfolioId,
            debtorId,
          });
        },
      ),
    );
  });

  it.each([
    '',
    'phone',
    'phone:1',
    'phone:1:',
    'desk:1:D',
    'phone:x:D',
    `phone:1:${'d'.repeat(65)}`,
  ])('refuses %j', (id) => {
    expect(parseCaseId(id)).toBeNull();
  });
});
