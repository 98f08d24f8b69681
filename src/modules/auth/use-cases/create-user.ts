import { inTransaction } from '../../../shared/db/in-transaction.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import { recordAdministration } from '../../audit/index.js';
import { AppError } from '../../../shared/errors.js';
import type { AuthRefusal } from '../domain/refusals.js';
import { approvalAuthorities } from '../domain/permissions.js';
import { insertUser, roleExists, type UserRow } from '../store.js';
import { auditedFields } from '../audited-user-fields.js';
import { hashPassword } from './hash-password.js';

export type CreateUserOptions = {
  /** A transaction, or a database (the user and its evidence entry then commit together). */
  db: Queryable | Db;
  /** Who creates the user (`user:<name>`, `system:demo` ...), for the evidence log. */
  actor: string;
  now: Date;
  username: string;
  displayName: string;
  role: string;
  collectorId?: string | null;
  agencyId?: string | null;
  approvalAuthority?: string | null;
  /** absent for users who sign in only through the identity provider (or by API token) */
  password?: string;
};

const agencyRoles = ['agency_manager', 'agency_collector'];

/**
 * A new user; conflict when the name is taken. Recorded in the evidence log (admin_user_created)
 * in the same transaction: who, the user's role, scope and authority, and whether a password was
 * set (never the password).
 */
export async function createUser(o: CreateUserOptions): Promise<UserRow> {
  const username = o.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username))
    throw new AppError('validation_failed', 'invalid user name', [
      { field: 'username', message: '2-64 of a-z, 0-9, . _ - (starting with a letter or digit)' },
    ]);
  if (!(await roleExists(o.db, o.role)))
    throw new AppError('validation_failed', `unknown role "${o.role}"`, [
      { field: 'role', message: 'unknown role' },
    ]);
  if (agencyRoles.includes(o.role) !== Boolean(o.agencyId))
    throw new AppError(
      'validation_failed',
      agencyRoles.includes(o.role)
        ? `a user with role ${o.role} must belong to an agency`
        : `only agency roles belong to an agency`,
      [{ field: 'agency_id', message: agencyRoles.includes(o.role) ? 'required' : 'not allowed' }],
    );
  if (
    o.approvalAuthority &&
    !(approvalAuthorities as readonly string[]).includes(o.approvalAuthority)
  )
    throw new AppError('validation_failed', 'unknown approval authority', [
      { field: 'approval_authority', message: `one of ${approvalAuthorities.join(', ')}` },
    ]);
  const passwordHash = o.password === undefined ? null : await hashPassword(o.password);
  return inTransaction(o.db, async (tx) => {
    const row = await insertUser(tx, {
      username,
      displayName: o.displayName,
      role: o.role,
      collectorId: o.collectorId ?? null,
      agencyId: o.agencyId ?? null,
      approvalAuthority: o.approvalAuthority ?? null,
      passwordHash,
    }).catch((e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === '23503')
        throw new AppError('validation_failed', 'the collector or agency does not exist', [
          { field: o.collectorId ? 'collector_id' : 'agency_id', message: 'not found' },
        ]);
      throw e;
    });
    if (!row)
      throw new AppError('conflict', `the user name "${username}" or the collector is taken`, {
        username,
        reason: 'user_taken' satisfies AuthRefusal,
      });
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_user_created',
        actor: o.actor,
        occurredAt: o.now,
        payload: { user: row.username, after: auditedFields(row), password_set: !!passwordHash },
      },
    });
    return row;
  });
}
