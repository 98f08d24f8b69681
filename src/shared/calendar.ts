/**
 * Calendar dates as 'YYYY-MM-DD' strings and day arithmetic over them. A calendar date has no
 * zone: it is the date in the account's zone, decided by whoever produced it.
 */
export type CalendarDate = string;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const msPerDay = 86_400_000;

/** True when text is a real calendar date in YYYY-MM-DD form (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(text: string): boolean {
  const m = isoDate.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The last conversions each way, remembered: a daily cycle converts the same few thousand dates
 * millions of times (each conversion through Date allocated a Date and a string). Bounded: a
 * table is emptied when it fills.
 */
const memoLimit = 8192;
const epochDays = new Map<string, number>();
const dates = new Map<number, CalendarDate>();

/** Days since 1970-01-01 of a calendar date. */
export function toEpochDay(date: CalendarDate): number {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  const m = isoDate.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${date}`);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const t = new Date(0);
  t.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = Math.floor(t.getTime() / msPerDay);
  if (epochDays.size >= memoLimit) epochDays.clear();
  epochDays.set(date, day);
  return day;
}

export function fromEpochDay(day: number): CalendarDate {
  const known = dates.get(day);
  if (known !== undefined) return known;
  const date = new Date(day * msPerDay).toISOString().slice(0, 10);
  if (dates.size >= memoLimit) dates.clear();
  dates.set(day, date);
  return date;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** b - a in calendar days. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function isMonthEnd(date: CalendarDate): boolean {
  const m = isoDate.exec(date);
  if (!m) return false;
  return Number(m[3]) === daysInMonth(Number(m[1]), Number(m[2]));
}

/** Today's calendar date in an IANA zone, from an instant. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return parts;
}

const zoneCache = new Map<string, boolean>();

/** True when the runtime knows the IANA zone name. */
export function isTimeZone(name: string): boolean {
  let ok = zoneCache.get(name);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      ok = name.length > 0 && !/^[+-]|^utc[+-]/i.test(name);
    } catch {
      ok = false;
    }
    zoneCache.set(name, ok);
  }
  return ok;
}

const canonicalCache = new Map<string, string | null>();

/**
 * The IANA zone's canonical spelling ('asia/shanghai' -> 'Asia/Shanghai'), or null when the
 * runtime does not know the zone.
 */
export function canonicalTimeZone(name: string): string | null {
  let c = canonicalCache.get(name);
  if (c === undefined) {
    c = isTimeZone(name)
      ? new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone
      : null;
    if (canonicalCache.size < 1000) canonicalCache.set(name, c);
  }
  return c;
}
