/**
 * Why the channels module refuses a request: the stable `details.reason`, which the web app
 * translates (the English message stays for logs and the CLI).
 */
export const channelRefusals = [
  /** A template version is not in the status the step needs (details.status, details.action). */
  'wrong_status',
  /** Only the maker of a version submits it. */
  'not_maker',
  /** The maker of a version cannot approve or reject it: a different person checks it. */
  'self_approval',
  /** The version says what a lint rule forbids (details.findings: rule and phrase each). */
  'lint_findings',
  /** The family has its template in this locale already (details.family, locale, template_id). */
  'family_locale_taken',
  /** Every template of a family is on one channel (details.family, details.channel). */
  'family_channel_mismatch',
  /** A new version cannot change its template's locale or channel (details.locale, channel). */
  'template_locale_fixed',
  /** A new version cannot change its template's family (details.family). */
  'template_family_fixed',
  /** Only an approved template is sent (details.status). */
  'template_not_approved',
  /** The attempt was allowed for another channel or template than the message's. */
  'attempt_mismatch',
  /** Automated messages go to the debtor or their representative only (details.recipient). */
  'recipient_not_debtor',
  /** The attempt has its message queued already. */
  'message_exists',
] as const;
export type ChannelRefusal = (typeof channelRefusals)[number];
