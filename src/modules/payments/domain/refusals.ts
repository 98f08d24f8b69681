/**
 * Why the payments module refuses a request: the stable `details.reason` of its 409s, which the
 * web app translates (the English message stays for logs and the CLI).
 */
export const paymentRefusals = [
  /** The payment was reversed already (details.reversed_on). */
  'already_reversed',
  /** The statement entry was resolved already (details.status). */
  'not_in_review',
] as const;
export type PaymentRefusal = (typeof paymentRefusals)[number];
