/**
 * The queues' side of automated sends (SMS, WeChat, email and letter actions the daily cycle
 * planned): the channels' dispatcher finds the due ones, takes each under a row lock in its own
 * transaction, and closes it (done, cancelled with its reason) or postpones it, all through here.
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import {
  cancelOpenAction,
  lockOpenAction,
  markDoneBySystem,
  postponeOpenAction,
  selectDueAutomatedActions,
  type AutomatedActionRow,
} from '../store.js';

export type AutomatedAction = AutomatedActionRow;

export type ListDueAutomatedActionsOptions = {
  db: Queryable;
  asOf: CalendarDate;
  channels: readonly string[];
  /** Keyset paging: actions after this id (0 for the first page). */
  afterActionId: bigint;
  limit: number;
};

export function listDueAutomatedActions(
  o: ListDueAutomatedActionsOptions,
): Promise<AutomatedAction[]> {
  return selectDueAutomatedActions(o.db, o.asOf, o.channels, o.afterActionId, o.limit);
}

/** Locks the action in the caller's transaction if it is still open and free; else undefined. */
export function takeAutomatedAction(o: {
  tx: Queryable;
  portfolioId: bigint;
  actionId: bigint;
}): Promise<AutomatedAction | undefined> {
  return lockOpenAction(o.tx, o.portfolioId, o.actionId);
}

export type AutomatedActionChange =
  | { kind: 'done'; at: Date }
  | { kind: 'cancel'; reason: string }
  | { kind: 'postpone'; dueOn: CalendarDate };

/** Closes (done, or cancelled with its reason) or postpones an open action; true when it did. */
export async function settleAutomatedAction(o: {
  tx: Queryable;
  portfolioId: bigint;
  actionId: bigint;
  change: AutomatedActionChange;
}): Promise<boolean> {
  const { tx, portfolioId, actionId, change } = o;
  const n =
    change.kind === 'done'
      ? await markDoneBySystem(tx, portfolioId, actionId, change.at)
      : change.kind === 'cancel'
        ? await cancelOpenAction(tx, portfolioId, actionId, change.reason)
        : await postponeOpenAction(tx, portfolioId, actionId, change.dueOn);
  return n === 1;
}
