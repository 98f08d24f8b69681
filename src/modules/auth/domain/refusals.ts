/**
 * Why the auth module refuses a request: the stable `details.reason` of its 409s, which the web
 * app translates (the English message stays for logs and the CLI).
 */
export const authRefusals = [
  /** The user name, or the collector a user works as, is taken (details.username). */
  'user_taken',
  /** The user is deactivated (details.username). */
  'user_inactive',
  /** The single sign-on subject belongs to another user (details.username). */
  'subject_linked',
  /** An administrator cannot change their own role. */
  'own_role',
] as const;
export type AuthRefusal = (typeof authRefusals)[number];
