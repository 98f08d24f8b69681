import { describe, expect, it } from 'vitest';
import { runPages } from './pipeline.js';

/** Rows 1..n read in pages after a key; every step logged in order. */
function source(n: number, pageSize: number, failAt?: number) {
  const log: string[] = [];
  let writesInFlight = 0;
  let maxInFlight = 0;
  const run = runPages<number, number>({
    read: async (after = 0) => {
      log.push(`read>${after}`);
      await Promise.resolve();
      if (after === failAt) throw new Error(`read after ${after} failed`);
      return Array.from(
        { length: Math.max(0, Math.min(pageSize, n - after)) },
        (_, i) => after + i + 1,
      );
    },
    keyOf: (last) => last,
    pageSize,
    compute: (page) => {
      log.push(`compute ${page.join(',')}`);
      return async () => {
        writesInFlight += 1;
        maxInFlight = Math.max(maxInFlight, writesInFlight);
        await new Promise((r) => setTimeout(r, 1));
        log.push(`wrote ${page.join(',')}`);
        writesInFlight -= 1;
      };
    },
  });
  return { run, log, maxInFlight: () => maxInFlight };
}

describe('runPages', () => {
  it.each([
    // rows, page size, pages computed
    [0, 3, []],
    [2, 3, ['1,2']],
    [3, 3, ['1,2,3']],
    [7, 3, ['1,2,3', '4,5,6', '7']],
    [6, 3, ['1,2,3', '4,5,6']],
  ])(
    '%i rows in pages of %i: computes and writes each page once, in order',
    async (n, size, pages) => {
      const s = source(n, size);
      await s.run;
      expect(s.log.filter((l) => l.startsWith('compute'))).toEqual(
        pages.map((p) => `compute ${p}`),
      );
      expect(s.log.filter((l) => l.startsWith('wrote'))).toEqual(pages.map((p) => `wrote ${p}`));
      expect(s.maxInFlight()).toBeLessThanOrEqual(1);
    },
  );

  it('reads the next page before computing this one', async () => {
    const s = source(7, 3);
    await s.run;
    expect(s.log.indexOf('read>3')).toBeLessThan(s.log.indexOf('compute 1,2,3'));
    expect(s.log.indexOf('read>6')).toBeLessThan(s.log.indexOf('compute 4,5,6'));
  });

  it('fails with the read that failed; the pages before it are written, none after', async () => {
    const s = source(9, 3, 6);
    await expect(s.run).rejects.toThrow('read after 6 failed');
    expect(s.log).toContain('wrote 1,2,3');
    expect(s.log).not.toContain('wrote 4,5,6');
    expect(s.log).not.toContain('compute 7,8,9');
  });
});
