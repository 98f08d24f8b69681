import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyLines } from './copy-lines.js';

describe('CopyLines', () => {
  it.each([
    // lines pushed, lines per chunk
    [0, 3],
    [1, 3],
    [3, 3],
    [4, 3],
    [7, 1],
  ])('%i lines in chunks of %i: the text is every line in order', (n, chunk) => {
    const c = new CopyLines(chunk);
    const lines = Array.from({ length: n }, (_, i) => `${i}\tline ${i}\n`);
    for (const l of lines) c.push(l);
    expect(c.text()).toBe(lines.join(''));
    expect(c.length).toBe(n);
  });

  it('is the lines joined, whatever the lines and the chunk size', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 10 }), (lines, chunk) => {
        const c = new CopyLines(chunk);
        for (const l of lines) c.push(l);
        return c.text() === lines.join('') && c.length === lines.length;
      }),
    );
  });
});
