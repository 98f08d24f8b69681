/** Builders for the compliance tests: events in the domain's shape, with sensible defaults. */
import type { ContactAttempt } from './contact-attempt.js';
import type { ContactEvent } from './contact-events.js';
import { replayContactEvents, type AttemptDecision } from './replay.js';
import type { RulePack } from './rule-packs.js';
import type { FlagName } from './vocabulary.js';

export function debtorEvent(
  timeZone = 'Asia/Shanghai',
  debtorId = 'D1',
  country = 'CN',
): ContactEvent {
  return { type: 'debtor', line: 0, debtorId, timeZone, country };
}

export function flagEvent(
  flag: FlagName,
  value: boolean,
  at: string,
  debtorId = 'D1',
): ContactEvent {
  return { type: 'flag', line: 0, debtorId, flag, value, at: Date.parse(at) };
}

let seq = 0;

/** A call to the debtor by an identified collector, unanswered unless told otherwise. */
export function attemptEvent(at: string, over: Partial<ContactAttempt> = {}): ContactEvent {
  seq++;
  const attempt: ContactAttempt = {
    id: `t${seq}`,
    debtorId: 'D1',
    accountId: 'A1',
    channel: 'call',
    at: Date.parse(at),
    recipient: 'debtor',
    number: '+8613800138000',
    collectorId: 'C7',
    identityDisclosed: true,
    answered: false,
    ...over,
  };
  return { type: 'attempt', line: 0, attempt };
}

/** The decision on the last attempt of a replay. */
export function lastDecision(pack: RulePack, events: ContactEvent[]): AttemptDecision {
  const all = replayContactEvents(pack, events);
  const d = all[all.length - 1];
  if (!d) throw new Error('no attempt in the events');
  return d;
}

/** Violations of the last attempt ([] when allowed). */
export function lastViolations(pack: RulePack, events: ContactEvent[]): readonly string[] {
  return lastDecision(pack, events).violations;
}

/** n copies of an attempt builder at successive minutes from `at` (ISO with offset). */
export function series(
  n: number,
  at: string,
  over: Partial<ContactAttempt> = {},
  stepMinutes = 1,
): ContactEvent[] {
  const start = Date.parse(at);
  return Array.from({ length: n }, (_, i) =>
    attemptEvent(new Date(start + i * stepMinutes * 60_000).toISOString(), over),
  );
}

/** Whether each attempt of a replay was allowed, in order. */
export function allowedList(pack: RulePack, events: ContactEvent[]): boolean[] {
  return replayContactEvents(pack, events).map((d) => d.allowed);
}
