/**
 * Who is acting: the signed-in user (or the user an API token belongs to), with the permissions
 * they hold for this request (a token's are its scopes, within its user's role).
 */
import { isPermission, type ApprovalAuthority, type Permission } from './domain/permissions.js';
import { scopeOf, type DataScope } from './domain/scope.js';
import type { UserWithPermissions } from './store.js';

export type Principal = {
  userId: bigint;
  username: string;
  displayName: string;
  /** a role of the roles table (the built-in ones are userRoles) */
  role: string;
  collectorId: string | null;
  agencyId: string | null;
  approvalAuthority: ApprovalAuthority | null;
  permissions: ReadonlySet<Permission>;
  /** the rows the user sees (enforced in the store queries) */
  scope: DataScope;
  /** cli: a command run by an operator naming the user it acts as (`--user`) */
  via: 'session' | 'token' | 'cli';
};

/** The principal of a user row; `scopes` narrows the role's permissions (API tokens). */
export function principalOf(
  row: UserWithPermissions,
  via: Principal['via'],
  scopes?: readonly string[],
): Principal {
  const granted = row.permissions.filter(isPermission);
  const allowed = scopes ? granted.filter((p) => scopes.includes(p)) : granted;
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    collectorId: row.collector_id,
    agencyId: row.agency_id,
    approvalAuthority: row.approval_authority as ApprovalAuthority | null,
    permissions: new Set(allowed),
    scope: scopeOf(row.data_scope, { collectorId: row.collector_id, agencyId: row.agency_id }),
    via,
  };
}

/**
 * The id work records carry for who did something: the collector id of a user who works as a
 * collector, else `user:<name>` (collector ids have no colon, so the two never collide).
 */
export function actorOf(p: Principal): string {
  return p.collectorId ?? `user:${p.username}`;
}

/**
 * The actor of an administration entry in the evidence log: the user's account, `user:<name>`
 * (also for a user who works as a collector: administration is done by accounts).
 */
export function adminActorOf(p: Principal): string {
  return `user:${p.username}`;
}

/** The actor of an evidence entry: `collector:<id>` or `user:<name>`. */
export function evidenceActorOf(p: Principal): string {
  return p.collectorId ? `collector:${p.collectorId}` : `user:${p.username}`;
}
