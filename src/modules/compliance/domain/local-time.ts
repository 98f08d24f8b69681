/**
 * Local wall-clock time of an instant in an IANA zone, through Intl (so daylight-saving changes
 * come from the runtime's tz database). Pure: the instant is an argument.
 *
 * Intl is slow next to the rest of the gate, so each zone keeps the UTC offset of every hour it
 * has seen: an hour whose offset is the same at its first and last millisecond has one offset
 * throughout (no zone changes offset twice within an hour); an hour with a change in it is
 * computed exactly for each instant.
 */

const msPerHour = 3_600_000;
export const msPerDay = 86_400_000;

export type LocalTime = {
  /** Days since 1970-01-01 of the local calendar date. */
  day: number;
  /** Milliseconds since local midnight (0 .. 86_399_999). */
  msOfDay: number;
};

export type ZoneClock = {
  readonly timeZone: string;
  offsetMs(instant: number): number;
  local(instant: number): LocalTime;
};

function exactOffset(format: Intl.DateTimeFormat, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of format.formatToParts(whole)) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
      default:
        break;
    }
  }
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime() - whole;
}

/** A clock for one zone; throws RangeError for a zone the runtime does not know. */
export function zoneClock(timeZone: string): ZoneClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // hour index -> offset, or NaN when the offset changes within that hour
  const hours = new Map<number, number>();
  const offsetMs = (instant: number): number => {
    const hour = Math.floor(instant / msPerHour);
    let offset = hours.get(hour);
    if (offset === undefined) {
      const start = exactOffset(format, hour * msPerHour);
      const end = exactOffset(format, hour * msPerHour + msPerHour - 1);
      offset = start === end ? start : Number.NaN;
      hours.set(hour, offset);
    }
    return Number.isNaN(offset) ? exactOffset(format, instant) : offset;
  };
  return {
    timeZone,
    offsetMs,
    local(instant: number): LocalTime {
      const wall = instant + offsetMs(instant);
      const day = Math.floor(wall / msPerDay);
      return { day, msOfDay: wall - day * msPerDay };
    },
  };
}

/** 'HH:MM' (00:00 .. 24:00) as milliseconds since midnight, or null when malformed. */
export function parseClockTime(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) return null;
  return (h * 60 + mi) * 60_000;
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone (memoised; the cache only saves Intl work). */
export function clockFor(timeZone: string): ZoneClock {
  let c = clocks.get(timeZone);
  if (!c) {
    c = zoneClock(timeZone);
    clocks.set(timeZone, c);
  }
  return c;
}
