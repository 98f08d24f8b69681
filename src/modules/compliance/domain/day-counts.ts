/**
 * Counts per local day over a bounded horizon, as a ring of typed arrays: no hashing, no
 * allocation per count. A ring of `size` slots remembers every day within `size - 1` days of the
 * latest day written; an older day is forgotten (reads 0) once a newer day takes its slot, and a
 * write to a day older than the one in its slot is dropped. The gate only asks about days within
 * its longest window of the attempt, so a ring twice that long answers every question exactly
 * while the attempts of a debtor come in time order, and up to a window's length out of order.
 */
export type DayCounts = {
  readonly days: Int32Array;
  readonly counts: Int32Array;
  readonly mask: number;
};

export function ringSize(horizonDays: number): number {
  let size = 16;
  while (size < 2 * horizonDays) size *= 2;
  return size;
}

export function createDayCounts(size: number): DayCounts {
  const days = new Int32Array(size).fill(-2_147_483_648);
  return { days, counts: new Int32Array(size), mask: size - 1 };
}

export function countOn(c: DayCounts, day: number): number {
  const i = day & c.mask;
  return c.days[i] === day ? (c.counts[i] as number) : 0;
}

export function addOn(c: DayCounts, day: number): void {
  const i = day & c.mask;
  const held = c.days[i] as number;
  if (held === day) c.counts[i] = (c.counts[i] as number) + 1;
  else if (held < day) {
    c.days[i] = day;
    c.counts[i] = 1;
  }
}
