import type { UserRow } from './store.js';

/**
 * The fields of a user the evidence log records before and after a change: what the user may do
 * and see. The display name is recorded only as changed, and a password never.
 */
export function auditedFields(u: UserRow): {
  role: string;
  collector_id: string | null;
  agency_id: string | null;
  approval_authority: string | null;
  active: boolean;
} {
  return {
    role: u.role,
    collector_id: u.collector_id,
    agency_id: u.agency_id,
    approval_authority: u.approval_authority,
    active: u.active,
  };
}
