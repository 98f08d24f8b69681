/**
 * The conditions on a debtor's collection history that segmentation rules and strategy rules
 * both test: one definition of each, for the rule engine (spec) and for validation (zod shape).
 */
import { z } from 'zod';
import type { ConditionSpec } from './conditions.js';
import { range } from './validation.js';

export const historyConditionSpec: ConditionSpec = {
  previousDelinquencies: { kind: 'range', fact: 'previousDelinquencies' },
  brokenPromises: { kind: 'range', fact: 'brokenPromises' },
  keptPromises: { kind: 'range', fact: 'keptPromises' },
  consecutiveUnansweredCalls: { kind: 'range', fact: 'consecutiveUnansweredCalls' },
  daysUnreached: { kind: 'range', fact: 'daysUnreached' },
  arrangementBroken: { kind: 'bool', fact: 'arrangementBroken' },
  dispute: { kind: 'bool', fact: 'dispute' },
};

export const historyConditionShape = {
  previousDelinquencies: range.optional(),
  brokenPromises: range.optional(),
  keptPromises: range.optional(),
  consecutiveUnansweredCalls: range.optional(),
  daysUnreached: range.optional(),
  arrangementBroken: z.boolean().optional(),
  dispute: z.boolean().optional(),
};
