import { randomBytes } from 'node:crypto';
import type { Db } from '../../../shared/db/types.js';
import type { UserRole } from '../domain/permissions.js';
import { selectUsers } from '../store.js';
import { createUser } from './create-user.js';

export type DemoUser = {
  username: string;
  displayName: string;
  role: UserRole;
  collectorId?: string;
  agencyId?: string;
  approvalAuthority?: string;
};

/** One user per role, tied to the demo team's collectors and agency (seedDemoPeople). */
export const demoUsers: readonly DemoUser[] = [
  { username: 'admin', displayName: 'Administrator', role: 'admin' },
  { username: 'compliance', displayName: 'Compliance officer', role: 'compliance_officer' },
  {
    username: 'supervisor',
    displayName: 'Supervisor',
    role: 'supervisor',
    collectorId: 'C-SUP-01',
    approvalAuthority: 'supervisor',
  },
  { username: 'collector', displayName: 'Phone 1 (zh)', role: 'collector', collectorId: 'C-PH-01' },
  { username: 'field', displayName: 'Field 1', role: 'collector', collectorId: 'C-FD-01' },
  {
    username: 'legal',
    displayName: 'Legal 1',
    role: 'legal_coordinator',
    collectorId: 'C-LG-01',
  },
  { username: 'analyst', displayName: 'Analyst', role: 'analyst', collectorId: 'C-AN-01' },
  {
    username: 'agency-manager',
    displayName: 'East agency manager',
    role: 'agency_manager',
    agencyId: 'AG-EAST',
  },
  {
    username: 'agency-collector',
    displayName: 'East agency phone',
    role: 'agency_collector',
    collectorId: 'C-AG-01',
    agencyId: 'AG-EAST',
  },
  { username: 'auditor', displayName: 'Auditor', role: 'auditor' },
];

export type SeededDemoUser = { username: string; role: UserRole; password: string };

/**
 * On a database with no user yet, creates the demo users with fresh random passwords and returns
 * them (to be shown once); otherwise returns nothing. Run after seedDemoPeople.
 */
export async function seedDemoUsers({ db, now }: { db: Db; now: Date }): Promise<SeededDemoUser[]> {
  if ((await selectUsers(db)).length > 0) return [];
  const seeded: SeededDemoUser[] = [];
  await db.transaction(async (tx) => {
    for (const u of demoUsers) {
      const password = randomBytes(12).toString('base64url');
      await createUser({ db: tx, ...u, password, actor: 'system:demo', now });
      seeded.push({ username: u.username, role: u.role, password });
    }
  });
  return seeded;
}
