import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import {
  isAdministrationKind,
  secretMember,
  type AdministrationKind,
} from '../domain/administration.js';
import type { JsonObject } from '../domain/canonical-json.js';
import { appendEvidence, type AppendedEvidence } from './append-evidence.js';

/** Who acts and when: what a use case that records administration is given. */
export type AuditStamp = { actor: string; at: Date };

/** One administration event (see domain/administration.ts for the kinds). */
export type AdministrationInput = {
  kind: AdministrationKind;
  /** Who acted: `user:<name>` for a signed-in user, `cli:<os user>`, `anonymous`. */
  actor: string;
  occurredAt: Date;
  /** The portfolio (and debtor, account) the event concerns, when it concerns one. */
  portfolioId?: bigint | null;
  debtorId?: string | null;
  accountId?: string | null;
  /** What happened; for a change, `changes: {field: {before, after}}`. No secrets. */
  payload: JsonObject;
};

export type RecordAdministrationOptions = {
  /**
   * The transaction of the change itself, so that a change rolled back leaves no entry and a
   * change committed always has one. Given a Db, the entry commits on its own (an export or a
   * refused sign-in, which change nothing else).
   */
  db: Queryable | Db;
  entry: AdministrationInput;
};

/**
 * Records an administration event in the evidence log: the same hash chain, Merkle tree and
 * checkpoints as the evidence about debtors, under an `admin_*` kind. Refuses another kind, and a
 * payload member named like a secret (password, token, digest ...).
 */
export async function recordAdministration(
  opts: RecordAdministrationOptions,
): Promise<AppendedEvidence> {
  const e = opts.entry;
  if (!isAdministrationKind(e.kind))
    throw new AppError('validation_failed', `"${String(e.kind)}" is not an administration kind`);
  const secret = secretMember(e.payload);
  if (secret)
    throw new AppError(
      'validation_failed',
      `an administration entry never carries a secret: payload member ${secret}`,
      { path: secret },
    );
  const [appended] = await appendEvidence({
    db: opts.db,
    entries: [
      {
        kind: e.kind,
        portfolioId: e.portfolioId ?? null,
        debtorId: e.debtorId ?? null,
        accountId: e.accountId ?? null,
        actor: e.actor,
        occurredAt: e.occurredAt,
        payload: e.payload,
      },
    ],
  });
  return appended!;
}
