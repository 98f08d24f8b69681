/**
 * The compliance gate: decides, before an attempt, whether it is lawful under a rule pack, and
 * names every rule that blocks it (in the order of `ruleCodes`). Pure: the attempt's instant is
 * its time, the debtor's state and the history are arguments, nothing is read or written.
 * How each rule treats channels and recipients is documented in rule-packs.ts.
 */
import { parseClockTime } from './local-time.js';
import type { ContactAttempt } from './contact-attempt.js';
import {
  busiestWindow,
  conversationBetween,
  horizonOf,
  countOn,
  numberKey,
  type ContactHistory,
} from './contact-history.js';
import { AppError } from '../../../shared/errors.js';
import { flagActive, type DebtorState } from './debtor-state.js';
import type { RulePack } from './rule-packs.js';
import type { RuleCode } from './vocabulary.js';

export type Decision = { readonly allowed: boolean; readonly violations: readonly RuleCode[] };

export type GateOptions = {
  /** Approved template ids; when given, a template outside it is blocked as well. */
  readonly approvedTemplates?: ReadonlySet<string>;
};

const hoursCache = new WeakMap<RulePack, { start: number; end: number }>();

function hoursOf(pack: RulePack): { start: number; end: number } {
  let h = hoursCache.get(pack);
  if (!h) {
    h = {
      start: parseClockTime(pack.rules.hours.start) ?? 0,
      end: parseClockTime(pack.rules.hours.end) ?? 0,
    };
    hoursCache.set(pack, h);
  }
  return h;
}

const allowed: Decision = Object.freeze({ allowed: true, violations: Object.freeze([]) });

export function decide(
  pack: RulePack,
  debtor: DebtorState,
  history: ContactHistory,
  attempt: ContactAttempt,
  options: GateOptions = {},
): Decision {
  const r = pack.rules;
  const at = attempt.at;
  const v: RuleCode[] = [];
  const local = debtor.clock.local(at);
  const toDebtor = attempt.recipient === 'debtor';
  const call = attempt.channel === 'call';
  if (history.horizonDays < horizonOf(pack))
    throw new AppError(
      'internal',
      `contact history covers ${history.horizonDays} days, pack ${pack.id} needs ${horizonOf(pack)}`,
    );

  const h = hoursOf(pack);
  if (local.msOfDay < h.start || local.msOfDay >= h.end) {
    const consent =
      r.hours.consentOverrides && toDebtor && flagActive(debtor, 'consent_late_hours', at);
    if (!consent) v.push('hours');
  }

  if (call) {
    const d = history.debtors.get(attempt.debtorId);
    const account = d?.accounts.get(attempt.accountId);
    let frequent = false;
    if (r.answeredCallsPerDebtorDay)
      frequent ||= (d ? countOn(d.answeredCalls, local.day) : 0) >= r.answeredCallsPerDebtorDay.max;
    if (r.unansweredCallsPerNumberDay) {
      const n = history.unansweredByNumber.get(numberKey(attempt));
      frequent ||= (n ? countOn(n, local.day) : 0) >= r.unansweredCallsPerNumberDay.max;
    }
    if (r.callsPerAccountWindow) {
      const w = r.callsPerAccountWindow;
      frequent ||= (account ? busiestWindow(account, local.day, w.days) : 0) >= w.max;
    }
    if (frequent) v.push('frequency');
    if (
      r.postConversation &&
      account &&
      conversationBetween(account, local.day - r.postConversation.days + 1, local.day)
    )
      v.push('post_conversation');
  }

  if (
    attempt.recipient === 'unrelated_third_party' ||
    (attempt.recipient === 'related_third_party' && r.thirdParty.relatedThirdParty === 'blocked') ||
    (attempt.recipient === 'representative' && !flagActive(debtor, 'represented', at))
  )
    v.push('third_party');

  if (r.anonymous && (!attempt.collectorId || attempt.identityDisclosed !== true))
    v.push('anonymous');
  if (r.ceaseContact && flagActive(debtor, 'cease_contact', at)) v.push('cease_contact');
  if (r.represented && toDebtor && flagActive(debtor, 'represented', at)) v.push('represented');
  if (r.dispute && flagActive(debtor, 'dispute', at)) v.push('dispute');
  if (r.arrangementActive && flagActive(debtor, 'arrangement_active', at))
    v.push('arrangement_active');
  if (r.deceased && flagActive(debtor, 'deceased', at)) v.push('deceased');

  if (r.template.channels.includes(attempt.channel)) {
    const t = attempt.templateId;
    if (!t || (options.approvedTemplates && !options.approvedTemplates.has(t))) v.push('template');
  }

  return v.length === 0 ? allowed : { allowed: false, violations: v };
}
