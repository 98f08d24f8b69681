/**
 * Zod building blocks shared by every module's routes: query parameters arrive as strings and
 * are checked strictly (a mistyped number is an error, never a guess), and one error shape.
 */
import { z } from 'zod';
import { isCalendarDate } from '../shared/calendar.js';

/** A whole number written in plain digits, within [min, max]. */
export function wholeNumberParam(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** 'true' or 'false'. */
export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A real calendar date, YYYY-MM-DD. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD form')
  .refine(isCalendarDate, 'must be a real calendar date');

/** An instant, as an ISO 8601 string in UTC. */
export const instant = z.iso.datetime();

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown(),
    }),
  })
  .meta({ id: 'Error' });
