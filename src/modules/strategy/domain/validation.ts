/**
 * Shared zod pieces for strategy data and the one way validation fails here: AppError
 * ('validation_failed') whose details carry the path of the offending element.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { currencyDigits } from '../../../shared/money.js';

export type Path = readonly (string | number)[];

export function pathText(path: Path): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

export function invalid(what: string, path: Path, message: string, extra?: object): AppError {
  return new AppError('validation_failed', `invalid ${what}: ${pathText(path)}: ${message}`, {
    path: [...path],
    reason: 'invalid_strategy',
    ...extra,
  });
}

/** Parses with a schema or throws AppError carrying the first issue's path. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  throw invalid(what, path, issue.message, { issues: r.error.issues.length });
}

export const count = z.number().int().min(0);

/** A range needs a bound, and its bounds in order. */
function checkBounds(
  r: { min?: number | bigint | undefined; max?: number | bigint | undefined },
  ctx: z.RefinementCtx,
): void {
  if (r.min === undefined && r.max === undefined)
    ctx.addIssue({ code: 'custom', message: 'a range needs min or max' });
  else if (r.min !== undefined && r.max !== undefined && r.min > r.max)
    ctx.addIssue({ code: 'custom', message: `min ${r.min} is above max ${r.max}`, path: ['min'] });
}

export const range = z
  .strictObject({ min: count.optional(), max: count.optional() })
  .superRefine(checkBounds);

export const currency = z
  .string()
  .refine((c) => currencyDigits(c) !== null, 'expected an ISO 4217 currency code');

/** Minor units: a bigint, or a string of digits (JSON has no bigint). */
export const minorAmount = z.union([
  z.bigint().nonnegative(),
  z
    .string()
    .regex(/^\d{1,30}$/, 'expected minor units as a string of digits')
    .transform((s) => BigInt(s)),
]);

export const moneyRange = z
  .strictObject({ currency, min: minorAmount.optional(), max: minorAmount.optional() })
  .superRefine(checkBounds);

export const ruleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected an id of lower-case letters, digits, _ . -');

/** Deeply frozen copy-free view: validated data is never mutated afterwards. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
