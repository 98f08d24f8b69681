import type { Queryable } from '../../../shared/db/types.js';
import type { Principal } from '../../auth/index.js';
import { insertPersonalDataRead } from '../store.js';
import type { RevealPurpose } from './read-personal-data.js';

export type LogPersonalDataExportOptions = {
  /** the transaction that reads what is exported, so that nothing leaves unlogged */
  tx: Queryable;
  actor: Pick<Principal, 'userId' | 'username'>;
  portfolioId: bigint;
  debtorId: string;
  /** the categories of personal data exported (name, national_id, phone ...) */
  fields: string[];
  purpose: RevealPurpose;
  note: string | null;
  at: Date;
};

/** Records an export of a person's data in personal_data_reads (kind export); its read id. */
export async function logPersonalDataExport(o: LogPersonalDataExportOptions): Promise<bigint> {
  return insertPersonalDataRead(o.tx, {
    kind: 'export',
    portfolioId: o.portfolioId,
    accountId: null,
    debtorId: o.debtorId,
    userId: o.actor.userId,
    username: o.actor.username,
    fields: o.fields,
    purpose: o.purpose,
    note: o.note,
    at: o.at,
  });
}
