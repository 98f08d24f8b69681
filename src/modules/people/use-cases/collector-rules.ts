import { currencyDigits } from '../../../shared/money.js';
import { AppError } from '../../../shared/errors.js';
import type { NewCollector } from '../store.js';

/** Checks what the schema cannot: a known currency, a supervisor's and an analyst's unit. */
export function checkCollector(c: NewCollector): void {
  if (currencyDigits(c.currency) === null)
    throw new AppError('validation_failed', `unknown currency "${c.currency}"`, [
      { field: 'currency', message: 'not an ISO 4217 currency' },
    ]);
  if (c.role === 'data_analyst' && c.unit !== 'analysts')
    throw new AppError('validation_failed', 'a data analyst works in the analysts unit', [
      { field: 'unit', message: 'must be analysts for a data analyst' },
    ]);
  if (c.role === 'legal_coordinator' && c.unit !== 'legal')
    throw new AppError('validation_failed', 'a legal coordinator works in the legal unit', [
      { field: 'unit', message: 'must be legal for a legal coordinator' },
    ]);
}
