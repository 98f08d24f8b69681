/**
 * The administration of the platform in the evidence log: the `admin_*` family of kinds, and the
 * before/after of a change as it is recorded. Such an entry says who acted (`user:<name>`, or for
 * a command run on the server `cli:<os user>`; `anonymous` for a failed sign-in), when, what, and
 * for a change what it was before and after; never a password, a token or its digest, or a
 * debtor's personal data.
 */
import { canonicalJson, type JsonValue } from './canonical-json.js';

export const administrationKinds = [
  // sign-in (auth)
  'admin_sign_in',
  'admin_sign_in_failed',
  'admin_account_locked',
  'admin_sign_out',
  // users and API tokens (auth)
  'admin_user_created',
  'admin_user_changed',
  'admin_user_deactivated',
  'admin_user_reactivated',
  'admin_token_created',
  'admin_token_revoked',
  // strategies (strategy): a version activated retires the active one it replaces
  'admin_strategy_created',
  'admin_strategy_version_created',
  'admin_strategy_amended',
  'admin_strategy_activated',
  'admin_strategy_split_set',
  // rule packs (compliance)
  'admin_rule_pack_changed',
  // message templates (channels): the maker-checker steps
  'admin_template_submitted',
  'admin_template_approved',
  'admin_template_rejected',
  'admin_template_retired',
  // the language automated messages fall back to (channels), per portfolio or bank-wide
  'admin_fallback_locale_set',
  // data leaving the platform
  'admin_briefing_exported',
  'admin_defence_pack_exported',
  'admin_checkpoints_exported',
  'admin_personal_data_revealed',
  // privacy (privacy): an access request's export, a portfolio's retention period, a retention run
  'admin_personal_data_exported',
  'admin_retention_period_set',
  'admin_retention_applied',
] as const;
export type AdministrationKind = (typeof administrationKinds)[number];

/** The prefix every administration kind has (the database ties a null subject to it). */
export const administrationPrefix = 'admin_';

export function isAdministrationKind(v: string): v is AdministrationKind {
  return (administrationKinds as readonly string[]).includes(v);
}

/** One field's change: what it was and what it is. */
export type FieldChange = { before: JsonValue; after: JsonValue };

/**
 * The fields whose values differ between two states (compared as canonical JSON, so key order
 * inside a value does not count), each with its before and after; a field missing on one side is
 * null there. Empty when nothing changed.
 */
export function fieldChanges(
  before: Readonly<Record<string, JsonValue | undefined>>,
  after: Readonly<Record<string, JsonValue | undefined>>,
): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const k of keys) {
    const b = before[k] ?? null;
    const a = after[k] ?? null;
    if (canonicalJson(b) !== canonicalJson(a)) out[k] = { before: b, after: a };
  }
  return out;
}

/** Payload member names that would carry a secret: refused in an administration entry. */
const secretNames = /^(password|password_hash|passphrase|secret|token|token_hash|digest|api_key)$/;

/**
 * The path of the first payload member whose name says it holds a secret (a password, a token or
 * its digest), or null. Administration entries never carry one: the log is read by auditors.
 */
export function secretMember(value: JsonValue | undefined, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = secretMember(v as JsonValue, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (secretNames.test(k.toLowerCase())) return at;
    const found = secretMember(v, at);
    if (found) return found;
  }
  return null;
}
