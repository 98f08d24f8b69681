/**
 * Why the gate blocks an attempt, in words a collector understands, and when it would next allow
 * it. Pure: the attempt's instant is its time. The next allowed instant is found by asking the
 * gate itself at the candidate instants (the start of contact hours on each following local day,
 * over the pack's longest window): only hours, frequency and post_conversation pass with time;
 * every other rule holds until someone changes a flag or the attempt, so it has no next instant.
 */
import type { ContactAttempt } from './contact-attempt.js';
import {
  busiestWindow,
  countOn,
  horizonOf,
  numberKey,
  type ContactHistory,
} from './contact-history.js';
import type { DebtorState } from './debtor-state.js';
import { decide, type Decision, type GateOptions } from './gate.js';
import { msPerDay, parseClockTime, type ZoneClock } from './local-time.js';
import type { RulePack } from './rule-packs.js';
import type { RuleCode } from './vocabulary.js';

export type RuleExplanation = {
  readonly code: RuleCode;
  /** The law or guideline the rule comes from. */
  readonly source: string;
  /** What blocks the attempt, for a collector. */
  readonly message: string;
};

export type Explanation = {
  readonly allowed: boolean;
  readonly rules: readonly RuleExplanation[];
  /** The first instant (ms) at which the gate would allow the same attempt, when time alone lifts the block. */
  readonly nextAllowedAt: number | null;
};

const timed: ReadonlySet<RuleCode> = new Set(['hours', 'frequency', 'post_conversation']);

/** The instant of a local wall-clock time (day since 1970-01-01, ms since local midnight). */
export function instantOfLocal(clock: ZoneClock, day: number, msOfDay: number): number {
  const wall = day * msPerDay + msOfDay;
  let guess = wall - clock.offsetMs(wall);
  guess = wall - clock.offsetMs(guess);
  return guess;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 'YYYY-MM-DD HH:MM' of an instant in the debtor's zone. */
export function localText(clock: ZoneClock, instant: number): string {
  const l = clock.local(instant);
  const d = new Date(l.day * msPerDay + l.msOfDay);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  );
}

/** The first instant from the attempt's on which the gate allows it, or null. */
export function nextAllowedInstant(
  pack: RulePack,
  debtor: DebtorState,
  history: ContactHistory,
  attempt: ContactAttempt,
  decision: Decision = decide(pack, debtor, history, attempt),
  options: GateOptions = {},
): number | null {
  if (decision.allowed) return attempt.at;
  if (decision.violations.some((v) => !timed.has(v))) return null;
  const start = parseClockTime(pack.rules.hours.start) ?? 0;
  const end = parseClockTime(pack.rules.hours.end) ?? 0;
  const local = debtor.clock.local(attempt.at);
  for (let k = 0; k <= horizonOf(pack) + 1; k++) {
    const day = local.day + k;
    let candidate: number;
    if (k > 0 || local.msOfDay < start) candidate = instantOfLocal(debtor.clock, day, start);
    else if (local.msOfDay >= end) continue;
    else candidate = attempt.at;
    if (candidate < attempt.at) continue;
    if (decide(pack, debtor, history, { ...attempt, at: candidate }, options).allowed)
      return candidate;
  }
  return null;
}

function frequencyMessage(
  pack: RulePack,
  debtor: DebtorState,
  history: ContactHistory,
  attempt: ContactAttempt,
): string {
  const r = pack.rules;
  const day = debtor.clock.local(attempt.at).day;
  const d = history.debtors.get(attempt.debtorId);
  const parts: string[] = [];
  const answered = r.answeredCallsPerDebtorDay;
  if (answered && (d ? countOn(d.answeredCalls, day) : 0) >= answered.max)
    parts.push(`${answered.max} answered calls a day to this debtor have been made today`);
  const unanswered = r.unansweredCallsPerNumberDay;
  const n = history.unansweredByNumber.get(numberKey(attempt));
  if (unanswered && (n ? countOn(n, day) : 0) >= unanswered.max)
    parts.push(`${unanswered.max} unanswered calls a day to this number have been made today`);
  const w = r.callsPerAccountWindow;
  const account = d?.accounts.get(attempt.accountId);
  if (w && (account ? busiestWindow(account, day, w.days) : 0) >= w.max)
    parts.push(`${w.max} calls about this account within ${w.days} days have been made`);
  return `call limit reached: ${parts.join('; ')}`;
}

function messageOf(
  code: RuleCode,
  pack: RulePack,
  debtor: DebtorState,
  history: ContactHistory,
  attempt: ContactAttempt,
): string {
  const r = pack.rules;
  switch (code) {
    case 'hours':
      return `outside contact hours (${r.hours.start}-${r.hours.end} debtor time)`;
    case 'frequency':
      return frequencyMessage(pack, debtor, history, attempt);
    case 'post_conversation':
      return (
        `a conversation about this debt took place within the last ${r.postConversation?.days ?? 0} ` +
        'days: no call until that period ends'
      );
    case 'third_party':
      return attempt.recipient === 'representative'
        ? 'the debtor has no representative on record: contact the debtor'
        : 'third parties may not be contacted about the debt';
    case 'anonymous':
      return 'the collector must be identified and disclose who is calling';
    case 'cease_contact':
      return 'the debtor asked for no more contact';
    case 'represented':
      return 'the debtor is represented: contact the representative instead';
    case 'dispute':
      return 'the debt is disputed and not yet verified: collection is paused';
    case 'arrangement_active':
      return 'an installment arrangement is signed and being kept: collection is paused';
    case 'deceased':
      return 'the debtor is deceased: the estate process takes over';
    case 'template':
      return 'automated messages may only be sent from an approved template';
  }
}

function sourceOf(pack: RulePack, code: RuleCode): string {
  const r = pack.rules;
  const sources: string[] = [];
  for (const rule of Object.values(r) as { code: RuleCode; source: string }[])
    if (rule.code === code && !sources.includes(rule.source)) sources.push(rule.source);
  return sources.join('; ');
}

/** Every blocking rule with its source and words, and the next allowed instant. */
export function explainDecision(
  pack: RulePack,
  debtor: DebtorState,
  history: ContactHistory,
  attempt: ContactAttempt,
  options: GateOptions = {},
): Explanation {
  const decision = decide(pack, debtor, history, attempt, options);
  const next = nextAllowedInstant(pack, debtor, history, attempt, decision, options);
  const until =
    next !== null && !decision.allowed
      ? ` until ${localText(debtor.clock, next).slice(11)} debtor time` +
        (debtor.clock.local(next).day === debtor.clock.local(attempt.at).day
          ? ''
          : ` on ${localText(debtor.clock, next).slice(0, 10)}`)
      : '';
  const rules = decision.violations.map((code) => ({
    code,
    source: sourceOf(pack, code),
    message: messageOf(code, pack, debtor, history, attempt) + (timed.has(code) ? until : ''),
  }));
  return { allowed: decision.allowed, rules, nextAllowedAt: next };
}
