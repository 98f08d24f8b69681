/**
 * What the gate knows about a debtor: the zone contact hours are judged in, and each flag as a
 * timeline of changes (a flag is set or cleared from its `at` on).
 */
import { clockFor, type ZoneClock } from './local-time.js';
import type { FlagName } from './vocabulary.js';

export type FlagChange = { readonly at: number; readonly value: boolean };

export type DebtorState = {
  readonly debtorId: string;
  readonly timeZone: string;
  readonly country: string;
  readonly clock: ZoneClock;
  /** Per flag, its changes sorted by `at` (ties keep the order they were recorded in). */
  readonly flags: Map<FlagName, FlagChange[]>;
};

export function createDebtorState(
  debtorId: string,
  timeZone: string,
  country: string,
): DebtorState {
  return { debtorId, timeZone, country, clock: clockFor(timeZone), flags: new Map() };
}

/** The same debtor in another zone or country, keeping the flags. */
export function relocateDebtor(state: DebtorState, timeZone: string, country: string): DebtorState {
  return { ...state, timeZone, country, clock: clockFor(timeZone) };
}

/** Records a flag change (mutates the state's timeline). */
export function setFlag(state: DebtorState, flag: FlagName, value: boolean, at: number): void {
  let changes = state.flags.get(flag);
  if (!changes) {
    changes = [];
    state.flags.set(flag, changes);
  }
  let i = changes.length;
  while (i > 0 && (changes[i - 1] as FlagChange).at > at) i--;
  changes.splice(i, 0, { at, value });
}

/** Whether a flag is in force at an instant: the last change at or before it decides. */
export function flagActive(state: DebtorState, flag: FlagName, at: number): boolean {
  const changes = state.flags.get(flag);
  if (!changes) return false;
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i] as FlagChange;
    if (c.at <= at) return c.value;
  }
  return false;
}
