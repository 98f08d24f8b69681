import { toEpochDay, type CalendarDate } from '../../shared/calendar.js';
import { clockFor } from '../compliance/index.js';

/** The instant of a local wall-clock time on a date in a zone (the first one, on a DST overlap). */
export function localInstant(date: CalendarDate, minutesOfDay: number, timeZone: string): Date {
  const clock = clockFor(timeZone);
  const wall = toEpochDay(date) * 86_400_000 + minutesOfDay * 60_000;
  let instant = wall - clock.offsetMs(wall);
  instant = wall - clock.offsetMs(instant);
  return new Date(instant);
}
