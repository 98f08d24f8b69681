import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armOf, fnv1a32, parseSplit, slotOf } from './split.js';
import { validationError } from './testing.js';

const split = parseSplit({
  experiment: 'retail-2026q4',
  champion: { id: 'retail', version: 3 },
  challengers: [
    { strategy: { id: 'retail-soft', version: 1 }, shareBps: 2_000 },
    { strategy: { id: 'retail-hard', version: 1 }, shareBps: 500 },
  ],
});

describe('FNV-1a 32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('fnv1a32(%j)', (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });
});

describe('champion/challenger split', () => {
  it('shares hold on many ids (within 1 point)', () => {
    const n = 100_000;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[armOf(split, `ACC${i}`).index + 1]! += 1;
    const [champion, soft, hard] = counts.map((c) => c / n) as [number, number, number];
    expect(Math.abs(soft - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(hard - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(champion - 0.75)).toBeLessThan(0.01);
  });

  it('no challengers: everyone is on the champion', () => {
    const solo = parseSplit({ ...split, challengers: [] });
    expect(armOf(solo, 'X').arm).toBe('champion');
  });

  it('a full 100% challenger takes everyone', () => {
    const all = parseSplit({
      ...split,
      challengers: [{ ...split.challengers[0], shareBps: 10_000 }],
    });
    for (let i = 0; i < 100; i++) expect(armOf(all, `A${i}`).arm).toBe('challenger');
  });

  it.each([
    [
      'shares over 100%',
      {
        ...split,
        challengers: [
          { ...split.challengers[0], shareBps: 6_000 },
          { ...split.challengers[1], shareBps: 4_001 },
        ],
      },
      ['challengers', 1, 'shareBps'],
      /over 100%/,
    ],
    [
      'zero share',
      { ...split, challengers: [{ ...split.challengers[0], shareBps: 0 }] },
      ['challengers', 0, 'shareBps'],
      /.+/,
    ],
    ['unknown field', { ...split, seed: 7 }, [], /seed/],
    [
      'champion as a challenger',
      { ...split, challengers: [{ strategy: split.champion, shareBps: 10 }] },
      ['challengers', 0, 'strategy'],
      /already has an arm/,
    ],
  ])('rejects %s with its path', (_n, input, path, message) => {
    const e = validationError(() => parseSplit(input));
    expect(e.path).toEqual(path);
    expect(e.message).toMatch(message);
  });

  it('property: deterministic, and stable under reordering of the accounts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 30 }), fc.nat(), (ids, seed) => {
        const arms = new Map(ids.map((id) => [id, armOf(split, id)]));
        const shuffled = [...ids].sort((a, b) => (fnv1a32(a + seed) - fnv1a32(b + seed)) | 0);
        for (const id of shuffled) expect(armOf(split, id)).toEqual(arms.get(id));
      }),
    );
  });

  it('property: the slot is in range and the arm owns it', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const a = armOf(split, id);
        expect(a.slot).toBe(slotOf(split.experiment, id));
        expect(a.slot).toBeGreaterThanOrEqual(0);
        expect(a.slot).toBeLessThan(10_000);
        expect(a.arm).toBe(a.slot < 2_500 ? 'challenger' : 'champion');
      }),
    );
  });
});
