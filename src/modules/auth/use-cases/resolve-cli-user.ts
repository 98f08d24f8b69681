import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { Permission } from '../domain/permissions.js';
import { principalOf, type Principal } from '../principal.js';
import { findUserForSignIn } from '../store.js';

export type ResolveCliUserOptions = { db: Queryable; username: string; permission: Permission };

/**
 * The user a CLI command acts as (`--user NAME`), for commands whose every use is logged under a
 * person: refused unless the user exists, is active and their role holds the permission.
 */
export async function resolveCliUser(o: ResolveCliUserOptions): Promise<Principal> {
  const row = await findUserForSignIn(o.db, o.username.toLowerCase());
  if (!row || !row.active)
    throw new AppError('not_found', `no active user named "${o.username}"`, { field: 'user' });
  const p = principalOf(row, 'cli');
  if (!p.permissions.has(o.permission))
    throw new AppError('forbidden', `user "${o.username}" does not hold ${o.permission}`, {
      permission: o.permission,
    });
  return p;
}
