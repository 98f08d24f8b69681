import type { Queryable } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import type { PersonalData } from '../domain/loan-tape.js';
import {
  findDebtorRecordRow,
  listDebtorAccountRows,
  type DebtorAccountRow,
  type DebtorRecordRow,
} from '../store.js';

export type ReadDebtorRecordOptions = {
  db: Queryable;
  cipher: PiiCipher;
  portfolioId: bigint;
  debtorId: string;
};

export type DebtorRecord = {
  debtor: DebtorRecordRow;
  accounts: (Omit<DebtorAccountRow, 'pii_sealed'> & { personal: PersonalData })[];
};

/**
 * Everything the portfolio holds about one debtor, unsealed: who they are, and each account with
 * its amounts, aging, closure and personal data (national id, contact points). For the person's
 * own access request: the caller logs the read before the data leaves. Undefined when no such
 * debtor.
 */
export async function readDebtorRecord(
  o: ReadDebtorRecordOptions,
): Promise<DebtorRecord | undefined> {
  const debtor = await findDebtorRecordRow(o.db, o.portfolioId, o.debtorId);
  if (!debtor) return undefined;
  const rows = await listDebtorAccountRows(o.db, o.portfolioId, o.debtorId);
  return {
    debtor,
    accounts: rows.map(({ pii_sealed, ...account }) => ({
      ...account,
      personal: pii_sealed ? (JSON.parse(o.cipher.decrypt(pii_sealed)) as PersonalData) : {},
    })),
  };
}
