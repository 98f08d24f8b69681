/**
 * The words of the people module: roles, languages, the skills a task needs, and the monthly
 * targets prorated over a period. Pure: no I/O, no clock.
 */
import { daysInMonth, toEpochDay, type CalendarDate } from '../../../shared/calendar.js';
import { units, type Unit } from '../../strategy/index.js';

export { units, type Unit };

export const roles = [
  'field_collector',
  'phone_collector',
  'legal_coordinator',
  'data_analyst',
  'supervisor',
] as const;
export type Role = (typeof roles)[number];

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/** Skills a collector may hold; a task that needs one is handed only to collectors who have it. */
export const skills = ['legal', 'field', 'cash_flow_analysis', 'negotiation'] as const;
export type Skill = (typeof skills)[number];

/**
 * The skills an action needs: those of its channel and those of its kind. Legal review needs
 * 'legal'; a field visit and a face-to-face meeting need 'field'; a cash-flow check needs
 * 'cash_flow_analysis'. Calls and messages need none.
 */
export function requiredSkills(channel: string, kind: string): Skill[] {
  const needed: Skill[] = [];
  if (channel === 'legal_review') needed.push('legal');
  if (channel === 'field_visit') needed.push('field');
  if (kind === 'face_to_face_meeting' && !needed.includes('field')) needed.push('field');
  if (kind === 'cash_flow_check') needed.push('cash_flow_analysis');
  return needed;
}

export const actionChannelsNeedingSkills = ['legal_review', 'field_visit'] as const;
export const actionKindsNeedingSkills = ['face_to_face_meeting', 'cash_flow_check'] as const;

/**
 * What a collector with these skills may not work, as channels and kinds to leave out: an action
 * is workable when neither its channel nor its kind is left out (requiredSkills is the union of
 * the channel's and the kind's needs, so this is exact).
 */
export function excludedWork(held: readonly string[]): { channels: string[]; kinds: string[] } {
  const has = (s: Skill[]) => s.every((x) => held.includes(x));
  return {
    channels: actionChannelsNeedingSkills.filter((c) => !has(requiredSkills(c, 'treatment'))),
    kinds: actionKindsNeedingSkills.filter((k) => !has(requiredSkills('call', k))),
  };
}

/**
 * A monthly amount prorated over the calendar days from..to (inclusive): for each month touched,
 * monthly * (days of the period in it) / (days in that month), summed and rounded down once.
 * A whole month gives exactly the monthly amount.
 */
export function prorateMonthly(monthlyMinor: bigint, from: CalendarDate, to: CalendarDate): bigint {
  if (toEpochDay(to) < toEpochDay(from)) throw new RangeError('period ends before it starts');
  // sum of fractions over a common denominator: lcm would be exact, but the product of the
  // distinct month lengths (28..31) is small enough to stay exact in bigint
  let num = 0n;
  let den = 1n;
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  for (;;) {
    const dim = daysInMonth(y, m);
    const first =
      y === Number(from.slice(0, 4)) && m === Number(from.slice(5, 7))
        ? Number(from.slice(8, 10))
        : 1;
    const last = y === endY && m === endM ? Number(to.slice(8, 10)) : dim;
    const days = BigInt(last - first + 1);
    // num/den + days/dim
    num = num * BigInt(dim) + days * den;
    den = den * BigInt(dim);
    const g = gcd(num, den);
    num /= g;
    den /= g;
    if (y === endY && m === endM) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return (monthlyMinor * num) / den;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
