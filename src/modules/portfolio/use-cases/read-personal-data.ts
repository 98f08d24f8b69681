import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { recordAdministration } from '../../audit/index.js';
import { adminActorOf, type Principal } from '../../auth/index.js';
import type { PersonalData } from '../domain/loan-tape.js';
import { maskPersonalData, type PersonalField } from '../domain/mask.js';
import { findSealedPersonalData, insertPersonalDataRead } from '../store.js';
import { requireInScope } from './require-in-scope.js';

export const revealPurposes = [
  'contact_debtor',
  'verify_identity',
  'legal_filing',
  'complaint_handling',
  'data_subject_request',
] as const;
export type RevealPurpose = (typeof revealPurposes)[number];

export type ReadPersonalDataOptions = {
  db: Db;
  cipher: PiiCipher;
  actor: Principal;
  portfolioId: bigint;
  accountId: string;
  /** absent: every field masked; present: these fields unmasked, logged with the purpose */
  reveal?: { fields: readonly PersonalField[]; purpose: RevealPurpose; note: string | null };
  at: Date;
};

export type PersonalDataView = {
  debtorId: string;
  masked: Partial<Record<PersonalField, string>>;
  revealed: Partial<Record<PersonalField, string>>;
  readId: bigint | null;
};

/**
 * One account's personal data: masked, or some fields unmasked for a stated purpose. An unmasked
 * read is written to personal_data_reads in the same transaction before the data is returned, so
 * that no value leaves unlogged, and to the evidence log's administration trail
 * (admin_personal_data_revealed: who, whose, which fields and why; never the values).
 */
export async function readPersonalData(o: ReadPersonalDataOptions): Promise<PersonalDataView> {
  await requireInScope({
    db: o.db,
    scope: o.actor.scope,
    portfolioId: o.portfolioId,
    accountId: o.accountId,
  });
  return o.db.transaction(async (tx) => {
    const row = await findSealedPersonalData(tx, o.portfolioId, o.accountId);
    if (!row) throw new AppError('not_found', `no account "${o.accountId}"`);
    const data: PersonalData = row.pii_sealed
      ? (JSON.parse(o.cipher.decrypt(row.pii_sealed)) as PersonalData)
      : {};
    const masked = maskPersonalData(data);
    if (!o.reveal) return { debtorId: row.debtor_id, masked, revealed: {}, readId: null };
    const fields = [...new Set(o.reveal.fields)].filter((f) => data[f]);
    if (fields.length === 0)
      throw new AppError('not_found', 'the account has none of these fields', {
        fields: o.reveal.fields,
      });
    const readId = await insertPersonalDataRead(tx, {
      portfolioId: o.portfolioId,
      accountId: o.accountId,
      debtorId: row.debtor_id,
      userId: o.actor.userId,
      username: o.actor.username,
      fields,
      purpose: o.reveal.purpose,
      note: o.reveal.note,
      at: o.at,
    });
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_personal_data_revealed',
        actor: adminActorOf(o.actor),
        occurredAt: o.at,
        portfolioId: o.portfolioId,
        debtorId: row.debtor_id,
        accountId: o.accountId,
        // which fields and why, never their values (nor the free-text note)
        payload: {
          read_id: readId,
          fields,
          purpose: o.reveal.purpose,
          note_given: o.reveal.note !== null,
        },
      },
    });
    const revealed: Partial<Record<PersonalField, string>> = {};
    for (const f of fields) revealed[f] = data[f]!;
    return { debtorId: row.debtor_id, masked, revealed, readId };
  });
}
