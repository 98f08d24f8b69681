/**
 * Champion/challenger: each account goes to one arm by a stable 32-bit hash of the experiment and
 * the account id (FNV-1a, then murmur3's finaliser to spread the low bits), read as a slot in
 * 0..9999 basis points. Challengers own consecutive slot ranges in list order; the champion owns
 * the rest. Same id, same arm, whatever order accounts arrive in.
 */
import { z } from 'zod';
import { deepFreeze, parseWith, ruleId } from './validation.js';
import type { StrategyRef } from './strategy.js';

export const fullShareBps = 10_000;

const encoder = new TextEncoder();

/** FNV-1a, 32-bit, over the UTF-8 bytes of text. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's fmix32: every input bit affects every output bit. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The account's slot in 0..9999 for an experiment. */
export function slotOf(experiment: string, accountId: string): number {
  return fmix32(fnv1a32(`${experiment}\u0000${accountId}`)) % fullShareBps;
}

const ref = z.strictObject({ id: ruleId, version: z.number().int().min(1) });

export const splitSchema = z
  .strictObject({
    /** Salts the hash: a new experiment reshuffles, the same one never does. */
    experiment: ruleId,
    champion: ref,
    challengers: z.array(
      z.strictObject({ strategy: ref, shareBps: z.number().int().min(1).max(fullShareBps) }),
    ),
  })
  .superRefine((s, ctx) => {
    let total = 0;
    const seen = new Set([`${s.champion.id}@${s.champion.version}`]);
    s.challengers.forEach((c, i) => {
      total += c.shareBps;
      if (total > fullShareBps)
        ctx.addIssue({
          code: 'custom',
          path: ['challengers', i, 'shareBps'],
          message: `challenger shares add up to ${total} basis points, over 100% (${fullShareBps})`,
        });
      const key = `${c.strategy.id}@${c.strategy.version}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['challengers', i, 'strategy'],
          message: `${key} already has an arm in this split`,
        });
      seen.add(key);
    });
  });

export type Split = z.output<typeof splitSchema>;

export function parseSplit(input: unknown): Split {
  return deepFreeze(parseWith(splitSchema, input, 'champion/challenger split'));
}

export type Arm = {
  readonly arm: 'champion' | 'challenger';
  /** Index into split.challengers; -1 for the champion. */
  readonly index: number;
  readonly strategy: StrategyRef;
  readonly slot: number;
};

export function armOf(split: Split, accountId: string): Arm {
  const slot = slotOf(split.experiment, accountId);
  let start = 0;
  for (let i = 0; i < split.challengers.length; i++) {
    const c = split.challengers[i] as Split['challengers'][number];
    if (slot < start + c.shareBps)
      return { arm: 'challenger', index: i, strategy: c.strategy, slot };
    start += c.shareBps;
  }
  return { arm: 'champion', index: -1, strategy: split.champion, slot };
}
