/**
 * Why the queues module refuses a collector's request: the stable `details.reason` of its 409s,
 * which the web app translates (the English message stays for logs and the CLI).
 */
export const queueRefusals = [
  /** Another collector holds the case (details.held_by). */
  'held_by_other',
  /** The case is not claimed: claim it before completing its task. */
  'not_claimed',
  /** The account is no longer in the collector's queue (its agency placement changed). */
  'not_in_queue',
  /** The action is a contact: its attempt's outcome is recorded instead (details.channel). */
  'record_outcome_instead',
  /** The task is done or cancelled already (details.status). */
  'already_done',
  /** The attempt has its outcome already (details.outcome). */
  'outcome_recorded',
  /** Another collector made the attempt (details.made_by). */
  'not_your_attempt',
  /** The collector holds as many cases as they may (details.held, details.capacity). */
  'at_capacity',
  /** The collector is deactivated. */
  'collector_inactive',
  /** The collector works in another unit (details.unit). */
  'wrong_unit',
] as const;
export type QueueRefusal = (typeof queueRefusals)[number];
