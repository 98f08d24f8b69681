/**
 * A case is one debtor's open work in one queue of a unit: its id names the unit, the portfolio
 * and the debtor ("phone:1:D-001"). Whether it is the in-house or an agency's queue follows from
 * where the debtor's accounts are placed, so the acting collector's agency completes it.
 */
import { units, type Unit } from '../../people/index.js';

export type CaseKey = { unit: Unit; portfolioId: bigint; debtorId: string };

export function caseId(k: CaseKey): string {
  return `${k.unit}:${k.portfolioId}:${k.debtorId}`;
}

/** The key of a case id, or null when it is not one. */
export function parseCaseId(id: string): CaseKey | null {
  const m = /^([a-z]+):(\d{1,18}):(.{1,64})$/su.exec(id);
  if (!m || !(units as readonly string[]).includes(m[1]!)) return null;
  return { unit: m[1] as Unit, portfolioId: BigInt(m[2]!), debtorId: m[3]! };
}
