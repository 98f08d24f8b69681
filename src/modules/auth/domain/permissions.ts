/**
 * The closed list of permissions a route can require, and of the roles that users hold. Which role
 * holds which permission is data (the role_permissions table, seeded by 0012_auth.sql and editable
 * by an administrator); the names themselves are code, because routes declare them.
 */

export const permissions = [
  // portfolio and aging
  'portfolio.read',
  'cycle.read',
  'segments.read',
  // strategy engine
  'strategy.read',
  'strategy.write',
  'strategy.activate',
  // the collection team's work
  'queues.read',
  'queues.work',
  'kpis.read',
  'people.read',
  'people.manage',
  'placements.manage',
  // compliance and messages
  'compliance.read',
  'compliance.configure',
  'contact.check',
  'contact.attempt',
  'debtor_flags.write',
  'templates.read',
  'templates.write',
  'templates.approve',
  // money
  'payments.read',
  'payments.post',
  'payments.reverse',
  'reconciliation.manage',
  'arrangements.read',
  'arrangements.propose',
  'arrangements.approve',
  // reporting and audit
  'analytics.read',
  'audit.read',
  // the administration trail (sign-ins, user, strategy, rule-pack, template changes, exports)
  'audit.administration',
  // personal data: masked, and revealed with a stated purpose (every reveal is logged)
  'personal_data.read',
  'personal_data.reveal',
  // an access request's export of everything held about one person (logged like a reveal)
  'personal_data.export',
  // the retention rules: a portfolio's period, and anonymising who is past it
  'retention.manage',
  // documents a debtor gives (hardship evidence): sealed at rest, read in scope
  'documents.upload',
  'documents.read',
  // identity
  'users.manage',
] as const;
export type Permission = (typeof permissions)[number];

/** What a route declares: a permission, or that it is open (health, the web app's files, login). */
export type RouteAccess = Permission | 'public' | 'authenticated';

export function isPermission(v: string): v is Permission {
  return (permissions as readonly string[]).includes(v);
}

export const userRoles = [
  'admin',
  'compliance_officer',
  'supervisor',
  'collector',
  'legal_coordinator',
  'analyst',
  'agency_manager',
  'agency_collector',
  'auditor',
] as const;
export type UserRole = (typeof userRoles)[number];

export function isUserRole(v: string): v is UserRole {
  return (userRoles as readonly string[]).includes(v);
}

/**
 * The approval authority a user holds in the arrangements' authority matrix (who may approve which
 * discount or plan): an attribute of the user, apart from the role, as banks delegate authority to
 * named people.
 */
export const approvalAuthorities = ['supervisor', 'manager', 'head_of_collections'] as const;
export type ApprovalAuthority = (typeof approvalAuthorities)[number];
