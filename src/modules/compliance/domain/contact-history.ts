/**
 * The contact history the gate counts against, kept as indexes rather than a list so that a
 * decision costs a handful of look-ups however long the history is: per debtor, answered calls
 * per local day; per account, calls and conversations per local day; per phone number,
 * unanswered calls per local day. Day counts are rings over the pack's longest window
 * (day-counts.ts). Only allowed attempts are recorded: a blocked attempt did not happen.
 */
import type { ContactAttempt } from './contact-attempt.js';
import { addOn, countOn, createDayCounts, ringSize, type DayCounts } from './day-counts.js';
import type { DebtorState } from './debtor-state.js';
import type { RulePack } from './rule-packs.js';

export type AccountHistory = {
  readonly calls: DayCounts;
  /** The latest local day with a call (lets the window check skip days after the attempt). */
  lastCallDay: number;
  readonly conversations: DayCounts;
};

export type DebtorHistory = {
  readonly answeredCalls: DayCounts;
  readonly accounts: Map<string, AccountHistory>;
};

export type ContactHistory = {
  /** The longest window, in days, the history answers exactly. */
  readonly horizonDays: number;
  readonly ring: number;
  readonly debtors: Map<string, DebtorHistory>;
  readonly unansweredByNumber: Map<string, DayCounts>;
};

/** The longest window a pack looks back over, in local days. */
export function horizonOf(pack: RulePack): number {
  const r = pack.rules;
  return Math.max(1, r.callsPerAccountWindow?.days ?? 1, r.postConversation?.days ?? 1);
}

/** An empty history for a pack (or for windows of up to `horizonDays`). */
export function createHistory(packOrHorizon: RulePack | number = 7): ContactHistory {
  const horizonDays = typeof packOrHorizon === 'number' ? packOrHorizon : horizonOf(packOrHorizon);
  return {
    horizonDays,
    ring: ringSize(horizonDays),
    debtors: new Map(),
    unansweredByNumber: new Map(),
  };
}

/** The key of a dialled number; calls with no number count on one line per debtor. */
export function numberKey(attempt: ContactAttempt): string {
  return attempt.number ?? `?${attempt.debtorId}`;
}

/**
 * Records an allowed attempt. A call whose `answered` is unknown counts both as answered and as
 * unanswered (the conservative reading of both caps).
 */
export function recordAttempt(
  history: ContactHistory,
  debtor: DebtorState,
  attempt: ContactAttempt,
): void {
  if (attempt.channel !== 'call') return;
  recordAttemptOnDay(history, attempt, debtor.clock.local(attempt.at).day);
}

/**
 * Records an allowed attempt on a known local day (days since 1970-01-01 of the debtor's local
 * date): for attempts loaded from storage, whose local day was fixed when they were made.
 */
export function recordAttemptOnDay(
  history: ContactHistory,
  attempt: ContactAttempt,
  day: number,
): void {
  if (attempt.channel !== 'call') return;
  let d = history.debtors.get(attempt.debtorId);
  if (!d) {
    d = { answeredCalls: createDayCounts(history.ring), accounts: new Map() };
    history.debtors.set(attempt.debtorId, d);
  }
  if (attempt.answered !== false) addOn(d.answeredCalls, day);
  if (attempt.answered !== true) {
    const key = numberKey(attempt);
    let n = history.unansweredByNumber.get(key);
    if (!n) {
      n = createDayCounts(history.ring);
      history.unansweredByNumber.set(key, n);
    }
    addOn(n, day);
  }
  let a = d.accounts.get(attempt.accountId);
  if (!a) {
    a = {
      calls: createDayCounts(history.ring),
      lastCallDay: day,
      conversations: createDayCounts(history.ring),
    };
    d.accounts.set(attempt.accountId, a);
  }
  addOn(a.calls, day);
  if (day > a.lastCallDay) a.lastCallDay = day;
  if (attempt.conversation === true) addOn(a.conversations, day);
}

/**
 * The most calls in any `days` consecutive local days that include `day` (the attempt's day).
 * In time order only the window ending on `day` can hold calls; out of order, later windows too.
 */
export function busiestWindow(account: AccountHistory, day: number, days: number): number {
  const last = account.lastCallDay > day ? Math.min(account.lastCallDay, day + days - 1) : day;
  let sum = 0;
  for (let x = day - days + 1; x <= day; x++) sum += countOn(account.calls, x);
  let best = sum;
  for (let end = day + 1; end <= last; end++) {
    sum += countOn(account.calls, end) - countOn(account.calls, end - days);
    if (sum > best) best = sum;
  }
  return best;
}

/** Whether a conversation about the account took place on a local day in [from, to]. */
export function conversationBetween(account: AccountHistory, from: number, to: number): boolean {
  for (let x = from; x <= to; x++) if (countOn(account.conversations, x) > 0) return true;
  return false;
}

export { countOn };
