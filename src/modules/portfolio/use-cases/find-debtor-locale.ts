import type { Queryable } from '../../../shared/db/types.js';
import { findDebtorLocaleRow } from '../store.js';

export type FindDebtorLocaleOptions = {
  db: Queryable;
  portfolioId: bigint;
  debtorId: string;
  /** When given, the answer also tells whether the debtor holds this account. */
  accountId?: string | undefined;
};

export type DebtorLocale = {
  /** The debtor's IANA zone: contact hours are judged in it. */
  timeZone: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Whether the debtor holds `accountId` (null when no account was asked about). */
  ownsAccount: boolean | null;
};

/** Where a debtor lives, as the compliance gate needs it; null for an unknown debtor. */
export async function findDebtorLocale(o: FindDebtorLocaleOptions): Promise<DebtorLocale | null> {
  const row = await findDebtorLocaleRow(o.db, o.portfolioId, o.debtorId, o.accountId ?? null);
  return row
    ? { timeZone: row.timezone, country: row.country, ownsAccount: row.owns_account }
    : null;
}
