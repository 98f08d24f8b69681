/**
 * The words of the compliance gate (shared/formats/contact-check.md): channels, recipients, the
 * debtor flags and the closed set of rule codes a decision can name.
 */

export const channels = ['call', 'sms', 'wechat', 'email', 'letter', 'visit'] as const;
export type Channel = (typeof channels)[number];

export const recipients = [
  'debtor',
  'representative',
  'related_third_party',
  'unrelated_third_party',
] as const;
export type Recipient = (typeof recipients)[number];

export const flagNames = [
  'cease_contact',
  'represented',
  'dispute',
  'arrangement_active',
  'consent_late_hours',
  'deceased',
] as const;
export type FlagName = (typeof flagNames)[number];

/** Every rule code, in the order a decision lists them. */
export const ruleCodes = [
  'hours',
  'frequency',
  'post_conversation',
  'third_party',
  'anonymous',
  'cease_contact',
  'represented',
  'dispute',
  'arrangement_active',
  'deceased',
  'template',
] as const;
export type RuleCode = (typeof ruleCodes)[number];

export const packIds = ['cn', 'us', 'uk'] as const;
export type PackId = (typeof packIds)[number];

export function isPackId(id: string): id is PackId {
  return (packIds as readonly string[]).includes(id);
}
