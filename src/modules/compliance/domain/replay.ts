/**
 * Replays contact events through the gate: events in order in, one decision per attempt out.
 * The state (debtors, flags, the history of allowed attempts) lives only for the replay.
 */
import { AppError } from '../../../shared/errors.js';
import type { ContactEvent } from './contact-events.js';
import { createHistory, recordAttempt } from './contact-history.js';
import { createDebtorState, relocateDebtor, setFlag, type DebtorState } from './debtor-state.js';
import { decide, type Decision, type GateOptions } from './gate.js';
import type { RulePack } from './rule-packs.js';

export type AttemptDecision = Decision & { readonly id: string };

export type Replay = {
  /** Applies one event; returns the decision when it is an attempt. */
  apply(event: ContactEvent): AttemptDecision | null;
};

export function createReplay(pack: RulePack, options: GateOptions = {}): Replay {
  const debtors = new Map<string, DebtorState>();
  const history = createHistory(pack);
  const debtorOf = (debtorId: string, line: number): DebtorState => {
    const d = debtors.get(debtorId);
    if (!d)
      throw new AppError('validation_failed', `line ${line}: debtor ${debtorId} is not declared`, {
        line,
        field: 'debtor_id',
      });
    return d;
  };
  return {
    apply(event) {
      switch (event.type) {
        case 'debtor': {
          const known = debtors.get(event.debtorId);
          debtors.set(
            event.debtorId,
            known
              ? relocateDebtor(known, event.timeZone, event.country)
              : createDebtorState(event.debtorId, event.timeZone, event.country),
          );
          return null;
        }
        case 'flag':
          setFlag(debtorOf(event.debtorId, event.line), event.flag, event.value, event.at);
          return null;
        case 'attempt': {
          const a = event.attempt;
          const debtor = debtorOf(a.debtorId, event.line);
          const d = decide(pack, debtor, history, a, options);
          if (d.allowed) recordAttempt(history, debtor, a);
          return { id: a.id, allowed: d.allowed, violations: d.violations };
        }
      }
    },
  };
}

/** Every attempt's decision, in input order. */
export function replayContactEvents(
  pack: RulePack,
  events: Iterable<ContactEvent>,
  options: GateOptions = {},
): AttemptDecision[] {
  const replay = createReplay(pack, options);
  const out: AttemptDecision[] = [];
  for (const e of events) {
    const d = replay.apply(e);
    if (d) out.push(d);
  }
  return out;
}
