import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { isCalendarDate } from '../../../shared/calendar.js';
import { isAdministrationKind } from '../domain/administration.js';
import { toHex } from '../domain/bytes.js';
import type { JsonObject } from '../domain/canonical-json.js';
import { verificationOf, type EntryVerification } from '../entry-verification.js';
import { selectAdministrationEntries } from '../evidence-read-sql.js';
import { listCheckpoints } from '../store.js';

export type ListAdministrationOptions = {
  db: Queryable;
  /** one admin_* kind */
  kind?: string | undefined;
  /** exactly this actor, e.g. user:admin */
  actor?: string | undefined;
  /** first and last day (YYYY-MM-DD, inclusive) the events occurred on, in `timeZone` */
  from?: string | undefined;
  to?: string | undefined;
  /** the bank's zone (RECOURSE_TIMEZONE) */
  timeZone: string;
  /** a page's next_cursor: the entries before it */
  cursor?: string | undefined;
  limit: number;
};

export type AdministrationEntry = {
  seq: number;
  kind: string;
  actor: string;
  occurred_at: string;
  recorded_at: string;
  portfolio_id: string | null;
  debtor_id: string | null;
  account_id: string | null;
  payload: JsonObject;
  entry_hash: string | null;
  verification: EntryVerification;
  /** the first checkpoint whose tree holds the entry */
  checkpoint_id: string | null;
};

export type AdministrationPage = { items: AdministrationEntry[]; next_cursor: string | null };

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
}

/**
 * The administration trail: sign-ins, user, token, strategy, rule-pack and template changes,
 * exports and personal-data reveals, newest first, each with what its hash and chain link show.
 * Paged by cursor (the seq of the last entry of a page).
 */
export async function listAdministration(
  opts: ListAdministrationOptions,
): Promise<AdministrationPage> {
  if (opts.kind !== undefined && !isAdministrationKind(opts.kind))
    throw invalid('kind', 'not an administration kind (admin_...)');
  for (const [field, v] of [
    ['from', opts.from],
    ['to', opts.to],
  ] as const)
    if (v !== undefined && !isCalendarDate(v)) throw invalid(field, 'expected YYYY-MM-DD');
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to)
    throw invalid('to', 'before from');
  if (opts.cursor !== undefined && !/^[1-9][0-9]{0,17}$/.test(opts.cursor))
    throw invalid('cursor', 'not a cursor of this list');
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 1000)
    throw invalid('limit', '1-1000');
  const rows = await selectAdministrationEntries(opts.db, {
    kind: opts.kind ?? null,
    actor: opts.actor ?? null,
    from: opts.from ?? null,
    to: opts.to ?? null,
    timeZone: opts.timeZone,
    before: opts.cursor === undefined ? null : BigInt(opts.cursor),
    limit: opts.limit,
  });
  const checkpoints = await listCheckpoints(opts.db);
  const items = rows.map((row): AdministrationEntry => {
    const { verification, checkpoint } = verificationOf(row, checkpoints);
    return {
      seq: Number(row.seq),
      kind: row.kind,
      actor: row.actor,
      occurred_at: row.occurred_at.toISOString(),
      recorded_at: row.recorded_at.toISOString(),
      portfolio_id: row.portfolio_id === null ? null : row.portfolio_id.toString(),
      debtor_id: row.debtor_id,
      account_id: row.account_id,
      payload: row.payload,
      entry_hash: row.entry_hash === null ? null : toHex(row.entry_hash),
      verification,
      checkpoint_id: checkpoint ? checkpoint.checkpoint_id.toString() : null,
    };
  });
  const last = rows[rows.length - 1];
  return {
    items,
    next_cursor: rows.length === opts.limit && last ? last.seq.toString() : null,
  };
}
