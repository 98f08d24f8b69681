/**
 * Which rows a user sees (the role's data scope applied to the user): everything, the debtors of
 * their own cases and queue, their agency's placed accounts, or pseudonymised rows. Pure.
 */
export type DataScope =
  | { kind: 'all' }
  | { kind: 'assigned'; collectorId: string | null; agencyId: string | null }
  | { kind: 'agency'; agencyId: string | null }
  | { kind: 'pseudonymised' };

export function scopeOf(
  dataScope: string,
  user: { collectorId: string | null; agencyId: string | null },
): DataScope {
  switch (dataScope) {
    case 'all':
      return { kind: 'all' };
    case 'assigned':
      return { kind: 'assigned', collectorId: user.collectorId, agencyId: user.agencyId };
    case 'agency':
      return { kind: 'agency', agencyId: user.agencyId };
    default:
      // an unknown scope sees the least: aggregates and pseudonyms
      return { kind: 'pseudonymised' };
  }
}
