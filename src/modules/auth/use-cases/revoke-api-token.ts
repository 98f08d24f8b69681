import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { recordAdministration } from '../../audit/index.js';
import { revokeApiTokenRow } from '../store.js';

export type RevokeApiTokenOptions = {
  db: Db;
  tokenId: string;
  /** Who revokes it (`user:<name>`), for the evidence log. */
  actor: string;
  now: Date;
};

/**
 * Revokes an API token: it authenticates nothing from now on. Recorded in the evidence log
 * (admin_token_revoked: its id and user) in the same transaction; not_found when there is no such
 * token or it is already revoked (nothing recorded).
 */
export async function revokeApiToken(o: RevokeApiTokenOptions): Promise<void> {
  await o.db.transaction(async (tx) => {
    const username = await revokeApiTokenRow(tx, o.tokenId, o.now);
    if (username === undefined)
      throw new AppError('not_found', 'no such token, or it is already revoked');
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_token_revoked',
        actor: o.actor,
        occurredAt: o.now,
        payload: { token_id: o.tokenId, user: username },
      },
    });
  });
}
