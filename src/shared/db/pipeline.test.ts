import { describe, expect, it } from 'vitest';
import { runPages } from './pipeline.js';

/** Rows 1..n read in pages after a key; every step logged in order. */
function source(n: number, pageSize: number, failAt?: number, after?: { failAt?: number }) {
  const log: string[] = [];
  let afters = 0;
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
    ...(after
      ? {
          after: async () => {
            afters += 1;
            const k = afters;
            log.push(`after ${k} sent`);
            await new Promise((r) => setTimeout(r, 2));
            if (k === after.failAt) throw new Error(`after ${k} failed`);
            log.push(`after ${k} done`);
          },
        }
      : {}),
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

  it("runs each page's after once its writes are done, while the next page is computed", async () => {
    const s = source(7, 3, undefined, {});
    await s.run;
    const at = (l: string) => s.log.indexOf(l);
    expect(s.log.filter((l) => l.startsWith('after') && l.endsWith('sent'))).toHaveLength(3);
    expect(at('wrote 1,2,3')).toBeLessThan(at('after 1 sent'));
    // sent before the next page is computed, done after it (it overlaps the computation)
    expect(at('after 1 sent')).toBeLessThan(at('compute 4,5,6'));
    expect(at('after 1 done')).toBeGreaterThan(at('compute 4,5,6'));
    expect(at('after 1 done')).toBeLessThan(at('wrote 4,5,6'));
    // the last one is awaited before the run resolves
    expect(s.log[s.log.length - 1]).toBe('after 3 done');
  });

  it('fails with the after that failed; nothing is written after it', async () => {
    const s = source(9, 3, undefined, { failAt: 1 });
    await expect(s.run).rejects.toThrow('after 1 failed');
    expect(s.log).toContain('wrote 1,2,3');
    expect(s.log).not.toContain('wrote 4,5,6');
    expect(s.log).not.toContain('after 2 sent');
  });
});
