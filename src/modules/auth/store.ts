/**
 * SQL for the auth module's own tables: roles, role_permissions, users, sessions, api_tokens,
 * the sign-in throttle and OpenID Connect sign-ins in flight.
 */
import type { Queryable } from '../../shared/db/types.js';

export type UserRow = {
  user_id: bigint;
  username: string;
  display_name: string;
  role: string;
  collector_id: string | null;
  agency_id: string | null;
  approval_authority: string | null;
  /** the identity provider's subject the user signs in as (OpenID Connect), once linked */
  oidc_subject: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

/** A user with the permissions and data scope of their role (for a session or a token). */
export type UserWithPermissions = UserRow & { permissions: string[]; data_scope: string };

const userColumns = `u.user_id, u.username, u.display_name, u.role, u.collector_id, u.agency_id,
  u.approval_authority, u.oidc_subject, u.active, u.created_at, u.updated_at`;

const withPermissions = `ARRAY(SELECT rp.permission FROM role_permissions rp
  WHERE rp.role = u.role ORDER BY rp.permission) AS permissions,
  (SELECT r.data_scope FROM roles r WHERE r.role = u.role) AS data_scope`;

export type NewUser = {
  username: string;
  displayName: string;
  role: string;
  collectorId: string | null;
  agencyId: string | null;
  approvalAuthority: string | null;
  passwordHash: string | null;
};

export async function insertUser(db: Queryable, u: NewUser): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>(
    `INSERT INTO users AS u (username, display_name, role, collector_id, agency_id,
       approval_authority, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING
     RETURNING ${userColumns}`,
    [
      u.username,
      u.displayName,
      u.role,
      u.collectorId,
      u.agencyId,
      u.approvalAuthority,
      u.passwordHash,
    ],
  );
  return row;
}

export async function findUserForSignIn(
  db: Queryable,
  username: string,
): Promise<(UserWithPermissions & { password_hash: string | null }) | undefined> {
  const [row] = await db.query<UserWithPermissions & { password_hash: string | null }>(
    `SELECT ${userColumns}, u.password_hash, ${withPermissions}
     FROM users u WHERE u.username = $1`,
    [username],
  );
  return row;
}

/** The user linked to an identity provider's subject, with permissions. */
export async function findUserBySubject(
  db: Queryable,
  subject: string,
): Promise<UserWithPermissions | undefined> {
  const [row] = await db.query<UserWithPermissions>(
    `SELECT ${userColumns}, ${withPermissions} FROM users u WHERE u.oidc_subject = $1`,
    [subject],
  );
  return row;
}

/** Links a user not yet linked to a subject; false when the user is linked already. */
export async function pinOidcSubject(
  db: Queryable,
  userId: bigint,
  subject: string,
): Promise<boolean> {
  const n = await db.execute(
    `UPDATE users SET oidc_subject = $2, updated_at = now()
     WHERE user_id = $1 AND oidc_subject IS NULL`,
    [userId, subject],
  );
  return n > 0;
}

export async function findUser(db: Queryable, userId: bigint): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE user_id = $1`, [
    userId,
  ]);
  return row;
}

export async function findUserByName(
  db: Queryable,
  username: string,
): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE username = $1`, [
    username,
  ]);
  return row;
}

export async function selectUsers(db: Queryable): Promise<UserRow[]> {
  return db.query<UserRow>(`SELECT ${userColumns} FROM users u ORDER BY u.username`);
}

export type UserChange = {
  displayName?: string;
  role?: string;
  collectorId?: string | null;
  agencyId?: string | null;
  approvalAuthority?: string | null;
  active?: boolean;
  passwordHash?: string;
  oidcSubject?: string | null;
};

export async function updateUserRow(
  db: Queryable,
  userId: bigint,
  c: UserChange,
): Promise<UserRow | undefined> {
  const has = (k: keyof UserChange): boolean => Object.prototype.hasOwnProperty.call(c, k);
  const [row] = await db.query<UserRow>(
    `UPDATE users AS u SET
       display_name = CASE WHEN $2 THEN $3 ELSE display_name END,
       role = CASE WHEN $4 THEN $5 ELSE role END,
       collector_id = CASE WHEN $6 THEN $7 ELSE collector_id END,
       agency_id = CASE WHEN $8 THEN $9 ELSE agency_id END,
       approval_authority = CASE WHEN $10 THEN $11 ELSE approval_authority END,
       active = CASE WHEN $12 THEN $13::boolean ELSE active END,
       password_hash = CASE WHEN $14 THEN $15 ELSE password_hash END,
       oidc_subject = CASE WHEN $16 THEN $17 ELSE oidc_subject END,
       updated_at = now()
     WHERE user_id = $1
     RETURNING ${userColumns}`,
    [
      userId,
      has('displayName'),
      c.displayName ?? null,
      has('role'),
      c.role ?? null,
      has('collectorId'),
      c.collectorId ?? null,
      has('agencyId'),
      c.agencyId ?? null,
      has('approvalAuthority'),
      c.approvalAuthority ?? null,
      has('active'),
      c.active ?? null,
      has('passwordHash'),
      c.passwordHash ?? null,
      has('oidcSubject'),
      c.oidcSubject ?? null,
    ],
  );
  return row;
}

export async function roleExists(db: Queryable, role: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM roles WHERE role = $1', [role]);
  return rows.length > 0;
}

export async function selectRolePermissions(
  db: Queryable,
): Promise<{ role: string; description: string; permissions: string[] }[]> {
  return db.query(
    `SELECT r.role, r.description, ARRAY(SELECT permission FROM role_permissions rp
       WHERE rp.role = r.role ORDER BY permission) AS permissions
     FROM roles r ORDER BY r.role`,
  );
}

// --- sessions ---

export async function insertSession(
  db: Queryable,
  s: { tokenHash: Buffer; userId: bigint; now: Date; expiresAt: Date },
): Promise<void> {
  await db.execute(
    `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $3, $4)`,
    [s.tokenHash, s.userId, s.now, s.expiresAt],
  );
}

export type SessionRow = UserWithPermissions & {
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
};

export async function findSession(
  db: Queryable,
  tokenHash: Buffer,
): Promise<SessionRow | undefined> {
  const [row] = await db.query<SessionRow>(
    `SELECT ${userColumns}, ${withPermissions}, s.last_seen_at, s.expires_at, s.revoked_at
     FROM sessions s JOIN users u USING (user_id)
     WHERE s.token_hash = $1`,
    [tokenHash],
  );
  return row;
}

export async function touchSession(db: Queryable, tokenHash: Buffer, now: Date): Promise<void> {
  await db.execute('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now]);
}

/** Ends a session still open; returns its user's name (undefined when it had ended). */
export async function revokeSession(
  db: Queryable,
  tokenHash: Buffer,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db.query<{ username: string }>(
    `UPDATE sessions s SET revoked_at = $2 FROM users u
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.user_id = s.user_id
     RETURNING u.username`,
    [tokenHash, now],
  );
  return row?.username;
}

export async function revokeUserSessions(
  db: Queryable,
  userId: bigint,
  now: Date,
): Promise<number> {
  return db.execute(
    'UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL',
    [userId, now],
  );
}

// --- API tokens ---

export type ApiTokenRow = {
  token_id: string;
  user_id: bigint;
  name: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

export async function insertApiToken(
  db: Queryable,
  t: {
    tokenId: string;
    tokenHash: Buffer;
    userId: bigint;
    name: string;
    scopes: string[];
    now: Date;
    expiresAt: Date;
  },
): Promise<ApiTokenRow> {
  const [row] = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (token_id, token_hash, user_id, name, scopes, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7)
     RETURNING token_id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at`,
    [t.tokenId, t.tokenHash, t.userId, t.name, t.scopes, t.now, t.expiresAt],
  );
  return row!;
}

export type ApiTokenWithUser = UserWithPermissions & {
  token_hash: Buffer;
  scopes: string[];
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

export async function findApiToken(
  db: Queryable,
  tokenId: string,
): Promise<ApiTokenWithUser | undefined> {
  const [row] = await db.query<ApiTokenWithUser>(
    `SELECT ${userColumns}, ${withPermissions}, t.token_hash, t.scopes, t.expires_at,
       t.revoked_at, t.last_used_at
     FROM api_tokens t JOIN users u USING (user_id)
     WHERE t.token_id = $1`,
    [tokenId],
    { prepared: 'auth.find_api_token' },
  );
  return row;
}

export async function touchApiToken(db: Queryable, tokenId: string, now: Date): Promise<void> {
  await db.execute('UPDATE api_tokens SET last_used_at = $2 WHERE token_id = $1', [tokenId, now]);
}

export async function selectApiTokens(db: Queryable, userId: bigint): Promise<ApiTokenRow[]> {
  return db.query<ApiTokenRow>(
    `SELECT token_id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at
     FROM api_tokens WHERE user_id = $1 ORDER BY created_at, token_id`,
    [userId],
  );
}

/** Revokes a token not yet revoked; returns its user's name (undefined: no such live token). */
export async function revokeApiTokenRow(
  db: Queryable,
  tokenId: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db.query<{ username: string }>(
    `UPDATE api_tokens t SET revoked_at = $2 FROM users u
     WHERE t.token_id = $1 AND t.revoked_at IS NULL AND u.user_id = t.user_id
     RETURNING u.username`,
    [tokenId, now],
  );
  return row?.username;
}

// --- the sign-in throttle ---

export type ThrottleRow = { failures: number; last_failure_at: Date; locked_until: Date | null };

export async function findThrottle(
  db: Queryable,
  username: string,
  lock = false,
): Promise<ThrottleRow | undefined> {
  const [row] = await db.query<ThrottleRow>(
    `SELECT failures, last_failure_at, locked_until FROM sign_in_throttle WHERE username = $1
     ${lock ? 'FOR UPDATE' : ''}`,
    [username],
  );
  return row;
}

export async function saveThrottle(
  db: Queryable,
  username: string,
  s: { failures: number; lastFailureAt: Date; lockedUntil: Date | null },
): Promise<void> {
  await db.execute(
    `INSERT INTO sign_in_throttle (username, failures, last_failure_at, locked_until)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET failures = EXCLUDED.failures,
       last_failure_at = EXCLUDED.last_failure_at, locked_until = EXCLUDED.locked_until`,
    [username, s.failures, s.lastFailureAt, s.lockedUntil],
  );
}

export async function clearThrottle(db: Queryable, username: string): Promise<void> {
  await db.execute('DELETE FROM sign_in_throttle WHERE username = $1', [username]);
}

// --- OpenID Connect sign-ins in flight ---

export type OidcSignInRow = {
  state: string;
  nonce: string;
  code_verifier: string;
  expires_at: Date;
};

/** Records a sign-in in flight, and forgets those whose time ran out. */
export async function insertOidcSignIn(
  db: Queryable,
  s: {
    loginHash: Buffer;
    state: string;
    nonce: string;
    codeVerifier: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.execute('DELETE FROM oidc_sign_ins WHERE expires_at <= $1', [s.now]);
  await db.execute(
    `INSERT INTO oidc_sign_ins (login_hash, state, nonce, code_verifier, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.loginHash, s.state, s.nonce, s.codeVerifier, s.now, s.expiresAt],
  );
}

/** Takes a sign-in in flight: the first caller gets it, every later one nothing. */
export async function takeOidcSignIn(
  db: Queryable,
  loginHash: Buffer,
): Promise<OidcSignInRow | undefined> {
  const [row] = await db.query<OidcSignInRow>(
    `DELETE FROM oidc_sign_ins WHERE login_hash = $1
     RETURNING state, nonce, code_verifier, expires_at`,
    [loginHash],
  );
  return row;
}
