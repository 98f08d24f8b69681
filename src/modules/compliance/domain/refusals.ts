/**
 * Why the compliance module refuses a request that is not one body field's fault: the stable
 * `details.reason`, which the web app translates (the English message stays for logs and the CLI).
 * A contact the gate blocks is `compliance_blocked` with its rules listed, not one of these.
 */
export const complianceRefusals = [
  /**
   * A portfolio configuration would loosen the rule pack (the law): details.setting, and for a
   * value its details.value against the pack's details.limit, with the pack's details.source.
   */
  'loosens_law',
  /** A configuration is malformed (details.setting names where). */
  'invalid_pack_config',
  /** Contact hours would start at or after they end (details.start, details.end). */
  'hours_out_of_order',
  /** No rule pack has this id (details.pack, details.known). */
  'unknown_pack',
  /** The idempotency key was used for a different contact request. */
  'idempotency_key_reused',
] as const;
export type ComplianceRefusal = (typeof complianceRefusals)[number];
