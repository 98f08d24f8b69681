/**
 * Why the people module refuses a request: the stable `details.reason` of its 409s, which the
 * web app translates (the English message stays for logs and the CLI).
 */
export const peopleRefusals = [
  /** The collector is deactivated (details.collector_id). */
  'collector_inactive',
  /** The agency is deactivated (details.agency_id). */
  'agency_inactive',
  /** Accounts are placed with another agency: recall them first (details.placements). */
  'placed_elsewhere',
  /** The collector id is taken (details.collector_id). */
  'collector_exists',
  /** The agency id is taken (details.agency_id). */
  'agency_exists',
] as const;
export type PeopleRefusal = (typeof peopleRefusals)[number];
