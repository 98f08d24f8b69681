import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { AuthRefusal } from '../domain/refusals.js';
import { fieldChanges, recordAdministration } from '../../audit/index.js';
import { auditedFields } from '../audited-user-fields.js';
import { approvalAuthorities } from '../domain/permissions.js';
import {
  findUserByName,
  findUserBySubject,
  revokeUserSessions,
  roleExists,
  updateUserRow,
  type UserRow,
} from '../store.js';
import { hashPassword } from './hash-password.js';

export type UpdateUserOptions = {
  db: Db;
  username: string;
  change: {
    displayName?: string;
    role?: string;
    collectorId?: string | null;
    agencyId?: string | null;
    approvalAuthority?: string | null;
    active?: boolean;
    password?: string;
    /** the identity provider's subject the user signs in as; null unlinks */
    oidcSubject?: string | null;
  };
  now: Date;
  /** Who changes the user (`user:<name>`), for the evidence log. */
  actor: string;
};

/**
 * Changes a user. A change of role, scope (collector, agency), authority, activity, password or
 * identity-provider subject ends every session of the user at once, so no browser keeps rights
 * the user no longer has. A subject links one user only (conflict when another holds it). A
 * change is recorded in the evidence log in the same transaction (admin_user_deactivated,
 * admin_user_reactivated, else admin_user_changed) with the fields before and after; a change
 * that changes nothing records nothing.
 */
export async function updateUser(
  o: UpdateUserOptions,
): Promise<{ user: UserRow; before: UserRow }> {
  const c = o.change;
  if (c.role !== undefined && !(await roleExists(o.db, c.role)))
    throw new AppError('validation_failed', `unknown role "${c.role}"`, [
      { field: 'role', message: 'unknown role' },
    ]);
  if (
    c.approvalAuthority &&
    !(approvalAuthorities as readonly string[]).includes(c.approvalAuthority)
  )
    throw new AppError('validation_failed', 'unknown approval authority', [
      { field: 'approval_authority', message: `one of ${approvalAuthorities.join(', ')}` },
    ]);
  const passwordHash = c.password === undefined ? undefined : await hashPassword(c.password);
  return o.db.transaction(async (tx) => {
    const before = await findUserByName(tx, o.username.trim().toLowerCase());
    if (!before)
      throw new AppError('not_found', `no user "${o.username}"`, { username: o.username });
    if (c.oidcSubject) {
      const holder = await findUserBySubject(tx, c.oidcSubject);
      if (holder && holder.user_id !== before.user_id)
        throw new AppError('conflict', `the subject is linked to user "${holder.username}"`, {
          username: holder.username,
          reason: 'subject_linked' satisfies AuthRefusal,
        });
    }
    const rest = { ...c };
    delete rest.password;
    const user = await updateUserRow(tx, before.user_id, {
      ...rest,
      ...(passwordHash ? { passwordHash } : {}),
    }).catch((e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === '23503' || code === '23514' || code === '23505')
        throw new AppError('validation_failed', 'the change does not fit the user', [
          { field: 'role', message: 'agency roles need an agency; collectors one user each' },
        ]);
      throw e;
    });
    const rightsChanged =
      passwordHash !== undefined ||
      ['role', 'collectorId', 'agencyId', 'approvalAuthority', 'active', 'oidcSubject'].some((k) =>
        Object.prototype.hasOwnProperty.call(rest, k),
      );
    const sessionsEnded = rightsChanged ? await revokeUserSessions(tx, before.user_id, o.now) : 0;
    const changes = fieldChanges(auditedFields(before), auditedFields(user!));
    const renamed = user!.display_name !== before.display_name;
    if (Object.keys(changes).length > 0 || renamed || passwordHash !== undefined)
      await recordAdministration({
        db: tx,
        entry: {
          kind:
            before.active === user!.active
              ? 'admin_user_changed'
              : user!.active
                ? 'admin_user_reactivated'
                : 'admin_user_deactivated',
          actor: o.actor,
          occurredAt: o.now,
          payload: {
            user: before.username,
            changes,
            display_name_changed: renamed,
            password_changed: passwordHash !== undefined,
            sessions_ended: sessionsEnded,
          },
        },
      });
    return { user: user!, before };
  });
}
