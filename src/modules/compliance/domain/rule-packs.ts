/**
 * The rule packs as versioned data. Each rule carries its parameters and its source
 * (shared/REGULATIONS.md). Where the texts are silent the pack takes the conservative reading
 * and says so in `note`; a portfolio configuration may only tighten a pack (pack-config.ts).
 *
 * How the rules treat channels and recipients (the gate applies this, gate.ts):
 * - hours: every channel, letters included (an attempt's `at` is when it is made or dispatched;
 *   keeping dispatch inside the hours costs nothing), every recipient. The debtor's
 *   `consent_late_hours` lifts it only for contacts with the debtor, and only where
 *   `consentOverrides` is true.
 * - frequency, post_conversation: calls only (voice, AI voice included); SMS, WeChat, email,
 *   letters and visits are outside these counts (Regulation F leaves electronic messages out of
 *   7-in-7; the cn caps are on calls). Every call in connection with the debtor counts, whoever
 *   answered, and a call whose `answered` is unknown counts as answered and as unanswered.
 * - third_party: every channel. Unrelated third parties always; related third parties are
 *   blocked too (`relatedThirdParty: 'blocked'`), because nothing in the attempt proves the
 *   conditions under which the texts allow them (cn: the debtor unreachable, dead or
 *   incapacitated, and the contact never refused; us/uk: none). A `representative` is a third
 *   party unless the debtor's `represented` flag is set at the time.
 * - anonymous: every channel, every recipient: a collector id and identity disclosed.
 * - cease_contact, dispute, arrangement_active, deceased: every channel, every recipient.
 * - represented: every channel to the debtor; contacting the representative stays allowed.
 * - template: automated channels (`channels`, default sms, wechat, email) need a template id.
 */
import type { Channel, PackId, RuleCode } from './vocabulary.js';

type Rule<C extends RuleCode> = {
  readonly code: C;
  readonly source: string;
  readonly note?: string;
};

export type HoursRule = Rule<'hours'> & {
  /** Local 'HH:MM' from which contact is allowed. */
  readonly start: string;
  /** Local 'HH:MM' from which contact is no longer allowed. */
  readonly end: string;
  /** Whether the debtor's consent_late_hours flag lifts the hours for contacts with the debtor. */
  readonly consentOverrides: boolean;
};
/** At most `max` answered calls in connection with one debtor per local day. */
export type AnsweredCallsRule = Rule<'frequency'> & { readonly max: number };
/** At most `max` unanswered calls to one number per local day. */
export type UnansweredCallsRule = Rule<'frequency'> & { readonly max: number };
/** At most `max` calls about one account within any `days` consecutive local days. */
export type CallWindowRule = Rule<'frequency'> & { readonly max: number; readonly days: number };
/** No call about an account for `days` local days from a conversation about it (day 1). */
export type PostConversationRule = Rule<'post_conversation'> & { readonly days: number };
export type ThirdPartyRule = Rule<'third_party'> & { readonly relatedThirdParty: 'blocked' };
export type TemplateRule = Rule<'template'> & { readonly channels: readonly Channel[] };

export type PackRules = {
  readonly hours: HoursRule;
  readonly answeredCallsPerDebtorDay?: AnsweredCallsRule;
  readonly unansweredCallsPerNumberDay?: UnansweredCallsRule;
  readonly callsPerAccountWindow?: CallWindowRule;
  readonly postConversation?: PostConversationRule;
  readonly thirdParty: ThirdPartyRule;
  readonly anonymous?: Rule<'anonymous'>;
  readonly ceaseContact?: Rule<'cease_contact'>;
  readonly represented?: Rule<'represented'>;
  readonly dispute?: Rule<'dispute'>;
  readonly arrangementActive?: Rule<'arrangement_active'>;
  readonly deceased?: Rule<'deceased'>;
  readonly template: TemplateRule;
};

export type RulePack = {
  readonly id: PackId;
  readonly version: string;
  readonly name: string;
  readonly rules: PackRules;
  /** Set when a portfolio configuration tightened the pack: the settings it applied. */
  readonly tightenedBy?: unknown;
};

const automated: readonly Channel[] = ['sms', 'wechat', 'email'];
const templateSource =
  'Issue 4 message library: approved templates are the only text automated channels send; ' +
  'CBA 2026 guideline (banned practices) and Regulation F / CONC 7 conduct rules apply to every message';
const policy = 'Not stated for this jurisdiction in REGULATIONS.md: conservative platform default.';

export const cnPack: RulePack = {
  id: 'cn',
  version: '2026.1',
  name: 'China: GB/T 45251-2025, CBA 2026 consumer-loan collection guideline, CBRC 2011 credit card measures',
  rules: {
    hours: {
      code: 'hours',
      start: '08:00',
      end: '22:00',
      consentOverrides: true,
      source:
        'GB/T 45251-2025 (no collection 22:00-08:00 unless the debtor agreed); CBA 2026 guideline ' +
        '(no phone, visit or other collection 22:00-08:00 without consent)',
      note: 'The 08:00-21:00 of the 2018 NIFA convention has no authoritative text; a portfolio may tighten to it.',
    },
    answeredCallsPerDebtorDay: {
      code: 'frequency',
      max: 3,
      source:
        'GB/T 45251-2025 (at most 3 effective interactive voice calls, AI voice included, per debtor per day)',
    },
    unansweredCallsPerNumberDay: {
      code: 'frequency',
      max: 6,
      source: 'CBA 2026 guideline (at most 6 attempts a day to the same number when unanswered)',
    },
    thirdParty: {
      code: 'third_party',
      relatedThirdParty: 'blocked',
      source:
        'CBRC 2011 credit card measures and CBA 2026 guideline (unrelated third parties banned); ' +
        'GB/T 45251-2025 (collect from the debtor only; contacts only when the debtor is unreachable, ' +
        'dead or incapacitated, never again once they refuse)',
      note:
        'Related third parties are blocked as well: an attempt carries no proof that the debtor is ' +
        'unreachable or incapacitated or that the contact has not refused. A co-liable spouse is ' +
        'collected from as a debtor in their own right.',
    },
    anonymous: {
      code: 'anonymous',
      source:
        'GB/T 45251-2025 and NIFA 2024 guideline (collection tools, conduct, records); CBA 2026 guideline ' +
        '(no impersonation; no agency staff on private phones or social apps)',
      note: 'Every attempt names its collector and discloses who is calling.',
    },
    ceaseContact: {
      code: 'cease_contact',
      source: 'GB/T 45251-2025 (never again once they refuse)',
      note: policy,
    },
    represented: {
      code: 'represented',
      source: 'GB/T 45251-2025 (collection objects)',
      note: policy,
    },
    dispute: {
      code: 'dispute',
      source: 'NIFA 2024 guideline (collection objects, conduct)',
      note: policy,
    },
    arrangementActive: {
      code: 'arrangement_active',
      source:
        'CBRC 2011 credit card measures, Art. 70 (collection stops once a personalised installment is signed, unless breached)',
    },
    deceased: {
      code: 'deceased',
      source: 'Issue 4 (no contact with a deceased debtor; the estate process takes over)',
    },
    template: { code: 'template', channels: automated, source: templateSource },
  },
};

export const usPack: RulePack = {
  id: 'us',
  version: '2026.1',
  name: 'United States: Regulation F (12 CFR 1006) and the FDCPA',
  rules: {
    hours: {
      code: 'hours',
      start: '08:00',
      end: '21:00',
      consentOverrides: true,
      source:
        '12 CFR 1006.6(b)(1)(i); FDCPA §805(a)(1) (not before 08:00 or after 21:00 at the consumer’s location without consent)',
      note: '21:00 itself is treated as after 21:00.',
    },
    callsPerAccountWindow: {
      code: 'frequency',
      max: 7,
      days: 7,
      source:
        '12 CFR 1006.14(b)(2)(i) (more than 7 calls within 7 consecutive days about a debt is presumed harassment)',
      note: 'Counted per account over local calendar days, every call attempt whoever it reached.',
    },
    postConversation: {
      code: 'post_conversation',
      days: 7,
      source:
        '12 CFR 1006.14(b)(2)(ii) (a call within 7 days after a telephone conversation about the debt; the conversation day is day one)',
    },
    thirdParty: {
      code: 'third_party',
      relatedThirdParty: 'blocked',
      source:
        '12 CFR 1006.6(d); FDCPA §805(b) (no communication with third parties about the debt)',
      note: 'Related third parties are blocked too: the attempt does not show the exceptions of 1006.6(a) and 1006.10.',
    },
    anonymous: {
      code: 'anonymous',
      source: '12 CFR 1006.14(g); FDCPA §806(6) (meaningful disclosure of identity)',
      note: 'Applied to every channel, not only calls.',
    },
    ceaseContact: {
      code: 'cease_contact',
      source: '12 CFR 1006.6(c); FDCPA §805(c) (stop on a written cease request)',
    },
    represented: {
      code: 'represented',
      source: '12 CFR 1006.6(b)(2); FDCPA §805(a)(2) (contact the attorney, not the consumer)',
    },
    dispute: {
      code: 'dispute',
      source:
        '12 CFR 1006.38(d)(2); FDCPA §809(b) (pause collection of a disputed debt until verified)',
    },
    arrangementActive: {
      code: 'arrangement_active',
      source: '12 CFR 1006.14(b)(1) (conduct whose natural consequence is to harass)',
      note: policy,
    },
    deceased: {
      code: 'deceased',
      source: '12 CFR 1006.6(a)(4) (the estate acts through its executor or administrator)',
      note: policy,
    },
    template: { code: 'template', channels: automated, source: templateSource },
  },
};

export const ukPack: RulePack = {
  id: 'uk',
  version: '2026.1',
  name: 'United Kingdom: FCA CONC 7 and the Consumer Duty',
  rules: {
    hours: {
      code: 'hours',
      start: '08:00',
      end: '21:00',
      consentOverrides: true,
      source:
        'FCA CONC 7.9 (no contact at unreasonable times; honour the customer’s when/where/how requests)',
      note: 'Reasonable hours default to 08:00-21:00; the customer’s own request (consent_late_hours) is honoured.',
    },
    thirdParty: {
      code: 'third_party',
      relatedThirdParty: 'blocked',
      source: 'FCA CONC 7.9 (no disclosure to third parties; verify identity before disclosing)',
    },
    anonymous: {
      code: 'anonymous',
      source: 'FCA CONC 7.11 (no misrepresented authority); Consumer Duty',
      note: policy,
    },
    ceaseContact: {
      code: 'cease_contact',
      source: 'FCA CONC 7.9 (honour the customer’s requests on contact)',
    },
    represented: {
      code: 'represented',
      source:
        'FCA CONC 7.9 (honour the customer’s how requests); CONC 7.3 (referral to debt advice)',
    },
    dispute: {
      code: 'dispute',
      source: 'FCA CONC 7 (arrears policies; no pressure); Consumer Duty',
      note: policy,
    },
    arrangementActive: {
      code: 'arrangement_active',
      source: 'FCA CONC 7.3 (forbearance; no pressure to pay)',
      note: policy,
    },
    deceased: {
      code: 'deceased',
      source: 'FCA CONC 7.2 (vulnerability policy); Consumer Duty',
      note: policy,
    },
    template: { code: 'template', channels: automated, source: templateSource },
  },
};

export const rulePacks: Readonly<Record<PackId, RulePack>> = { cn: cnPack, us: usPack, uk: ukPack };
