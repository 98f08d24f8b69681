/**
 * Rules as data: a condition is a conjunction of optional tests on named facts. A condition spec
 * says, for each condition key, what kind of test it is and which fact it reads. The same engine
 * matches facts, explains a match (the facts it tested) and decides whether one condition covers
 * another, which is how unreachable rules are found.
 */
import type { FactValue, Facts } from './vocabulary.js';

/** Inclusive integer range; a missing end is open. */
export type Range = { readonly min?: number | undefined; readonly max?: number | undefined };

/** Inclusive range of minor units in one currency. */
export type MoneyRange = {
  readonly currency: string;
  readonly min?: bigint | undefined;
  readonly max?: bigint | undefined;
};

export type Money = { readonly currency: string; readonly minor: bigint };

export type FieldKind = 'set' | 'range' | 'bool' | 'money' | 'scores';

/** Condition key -> the kind of test and the fact it reads. */
export type ConditionSpec = Readonly<Record<string, { kind: FieldKind; fact: string }>>;

export type Condition = Readonly<Record<string, unknown>>;
export type FactSet = Readonly<Record<string, unknown>>;

export function inRange(r: Range, v: number): boolean {
  return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
}

/** outer contains every value of inner. */
export function rangeCovers(outer: Range, inner: Range): boolean {
  const lowOk = outer.min === undefined || (inner.min !== undefined && inner.min >= outer.min);
  const highOk = outer.max === undefined || (inner.max !== undefined && inner.max <= outer.max);
  return lowOk && highOk;
}

export function moneyInRange(r: MoneyRange, m: Money): boolean {
  return (
    r.currency === m.currency &&
    (r.min === undefined || m.minor >= r.min) &&
    (r.max === undefined || m.minor <= r.max)
  );
}

export function moneyRangeCovers(outer: MoneyRange, inner: MoneyRange): boolean {
  if (outer.currency !== inner.currency) return false;
  const lowOk = outer.min === undefined || (inner.min !== undefined && inner.min >= outer.min);
  const highOk = outer.max === undefined || (inner.max !== undefined && inner.max <= outer.max);
  return lowOk && highOk;
}

function setCovers(outer: readonly unknown[], inner: readonly unknown[]): boolean {
  return inner.every((v) => outer.includes(v));
}

function keysOf(spec: ConditionSpec, when: Condition): string[] {
  return Object.keys(spec).filter((k) => when[k] !== undefined);
}

/** A condition with no tests matches every fact set. */
export function isCatchAll(spec: ConditionSpec, when: Condition): boolean {
  return keysOf(spec, when).length === 0;
}

function testOne(kind: FieldKind, test: unknown, value: unknown): boolean {
  switch (kind) {
    case 'set':
      return (test as readonly unknown[]).includes(value);
    case 'range':
      return typeof value === 'number' && inRange(test as Range, value);
    case 'bool':
      return value === test;
    case 'money':
      return (
        value !== null && value !== undefined && moneyInRange(test as MoneyRange, value as Money)
      );
    case 'scores': {
      const scores = (value ?? {}) as Readonly<Record<string, number | undefined>>;
      return Object.entries(test as Record<string, Range>).every(([name, r]) => {
        const s = scores[name];
        return s !== undefined && inRange(r, s);
      });
    }
  }
}

export function matches(spec: ConditionSpec, when: Condition, facts: FactSet): boolean {
  for (const key of keysOf(spec, when)) {
    const { kind, fact } = spec[key] as { kind: FieldKind; fact: string };
    if (!testOne(kind, when[key], facts[fact])) return false;
  }
  return true;
}

/** True when every fact set matched by `inner` is matched by `outer` (sound, not complete). */
export function covers(spec: ConditionSpec, outer: Condition, inner: Condition): boolean {
  for (const key of keysOf(spec, outer)) {
    const kind = (spec[key] as { kind: FieldKind }).kind;
    const o = outer[key];
    const i = inner[key];
    if (i === undefined) return false;
    switch (kind) {
      case 'set':
        if (!setCovers(o as unknown[], i as unknown[])) return false;
        break;
      case 'range':
        if (!rangeCovers(o as Range, i as Range)) return false;
        break;
      case 'bool':
        if (o !== i) return false;
        break;
      case 'money':
        if (!moneyRangeCovers(o as MoneyRange, i as MoneyRange)) return false;
        break;
      case 'scores': {
        const inner = i as Record<string, Range>;
        for (const [name, r] of Object.entries(o as Record<string, Range>)) {
          const ir = inner[name];
          if (ir === undefined || !rangeCovers(r, ir)) return false;
        }
        break;
      }
    }
  }
  return true;
}

function factValue(v: unknown): FactValue {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object' && v !== null && 'currency' in v && 'minor' in v) {
    const m = v as Money;
    return `${m.minor.toString()} ${m.currency}`;
  }
  return v as FactValue;
}

/** The facts a condition tested, plus `always` (context such as bucket and DPD). */
export function testedFacts(
  spec: ConditionSpec,
  when: Condition,
  facts: FactSet,
  always: readonly string[] = [],
): Facts {
  const out: Record<string, FactValue> = {};
  for (const f of always) out[f] = factValue(facts[f]);
  for (const key of keysOf(spec, when)) {
    const { kind, fact } = spec[key] as { kind: FieldKind; fact: string };
    if (kind === 'scores') {
      const scores = (facts[fact] ?? {}) as Readonly<Record<string, number | undefined>>;
      for (const name of Object.keys(when[key] as object))
        out[`${fact}.${name}`] = scores[name] ?? null;
    } else out[fact] = factValue(facts[fact]);
  }
  return out;
}

/** Index of the first earlier condition that covers condition i, or -1. */
export function shadowedBy(spec: ConditionSpec, whens: readonly Condition[], i: number): number {
  const target = whens[i] as Condition;
  for (let j = 0; j < i; j++) if (covers(spec, whens[j] as Condition, target)) return j;
  return -1;
}
