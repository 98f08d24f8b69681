/** Fixtures for the strategy tests (and for demo data): plain inputs, as a bank would write them. */
import { isAppError } from '../../../shared/errors.js';
import { defaultEscalations, defaultPreDue, parseStrategy, type Strategy } from './strategy.js';

export function exampleStrategyInput(): Record<string, unknown> {
  return {
    id: 'retail',
    version: 1,
    status: 'draft',
    name: 'Retail collections',
    rules: [
      {
        id: 'red.legal',
        when: { segments: ['red'] },
        treatment: {
          actions: [
            { channel: 'legal_review', unit: 'legal', waitDays: 0 },
            { channel: 'letter', unit: 'legal', waitDays: 7 },
          ],
        },
      },
      {
        id: 'sme.large',
        when: {
          products: ['sme_loan'],
          balance: { currency: 'CNY', min: '100000000' },
        },
        treatment: {
          actions: [
            { channel: 'call', unit: 'phone', waitDays: 0 },
            { channel: 'field_visit', unit: 'field', waitDays: 3 },
          ],
        },
      },
      {
        id: 'early.soft',
        when: { buckets: ['M1'], dpd: { max: 30 } },
        treatment: {
          actions: [
            { channel: 'sms', unit: 'phone', waitDays: 0 },
            { channel: 'call', unit: 'phone', waitDays: 2 },
            { channel: 'call', unit: 'phone', waitDays: 3 },
          ],
        },
      },
      {
        id: 'default',
        when: {},
        treatment: {
          actions: [
            { channel: 'call', unit: 'phone', waitDays: 0 },
            { channel: 'letter', unit: 'phone', waitDays: 5 },
          ],
        },
      },
    ],
    escalations: defaultEscalations,
    preDue: defaultPreDue,
  };
}

export function exampleStrategy(): Strategy {
  return parseStrategy(exampleStrategyInput());
}

/** The validation error a call throws: its message and details.path. */
export function validationError(f: () => unknown): { message: string; path: unknown } {
  try {
    f();
  } catch (e) {
    if (isAppError(e) && e.code === 'validation_failed')
      return { message: e.message, path: (e.details as { path: unknown }).path };
    throw e;
  }
  throw new Error('expected a validation error');
}
