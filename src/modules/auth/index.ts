/** The auth module's public surface: other modules import only from here. */
export {
  permissions,
  userRoles,
  approvalAuthorities,
  isPermission,
  type Permission,
  type RouteAccess,
  type UserRole,
  type ApprovalAuthority,
} from './domain/permissions.js';
export { actorOf, adminActorOf, evidenceActorOf, type Principal } from './principal.js';
export {
  registerAccessControl,
  routeAccessTable,
  type RouteAccessEntry,
  principal,
  holds,
  sessionCookie,
  csrfHeader,
  type AccessControlOptions,
} from './access-control.js';
export { authRefusals, type AuthRefusal } from './domain/refusals.js';
export { authRoutes, type AuthRoutesOptions } from './routes.js';
export { oidcRoutes, type OidcRoutesOptions } from './oidc-routes.js';
export { oidcClient, type OidcClient } from './oidc-client.js';
export { createUser, type CreateUserOptions } from './use-cases/create-user.js';
export { createApiToken, type CreateApiTokenOptions } from './use-cases/create-api-token.js';
export { revokeApiToken, type RevokeApiTokenOptions } from './use-cases/revoke-api-token.js';
export { updateUser, type UpdateUserOptions } from './use-cases/update-user.js';
export { signIn, defaultSessionPolicy, type SessionPolicy } from './use-cases/sign-in.js';
export {
  seedDemoUsers,
  demoUsers,
  type DemoUser,
  type SeededDemoUser,
} from './use-cases/seed-demo-users.js';
export { scopeOf, type DataScope } from './domain/scope.js';
export { scopeFilter, type ScopeFilter } from './scope-sql.js';
export { pseudonymiser, type Pseudonymiser } from './pseudonyms.js';
export { resolveCliUser, type ResolveCliUserOptions } from './use-cases/resolve-cli-user.js';
