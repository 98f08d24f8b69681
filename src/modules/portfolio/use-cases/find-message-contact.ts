import type { Queryable } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import type { PersonalData } from '../domain/loan-tape.js';
import { findMessageContactRow } from '../store.js';

export type FindMessageContactOptions = {
  db: Queryable;
  cipher: Pick<PiiCipher, 'decrypt'>;
  portfolioId: bigint;
  accountId: string;
};

/** What an automated message about an account needs to know of it and its debtor. */
export type MessageContact = {
  debtorId: string;
  debtorName: string;
  language: 'zh-CN' | 'en';
  timeZone: string;
  currency: string;
  overdueMinor: bigint;
  oldestUnpaidDueDate: string | null;
  nextDueDate: string | null;
  nextDueAmountMinor: bigint | null;
  /** The debtor's own contact points from the loan tape (phone in E.164). Never log these. */
  contact: Pick<PersonalData, 'phone' | 'email' | 'wechat_id' | 'address'>;
};

/** The debtor and contact points of an account, unsealed; null for an unknown account. */
export async function findMessageContact(
  o: FindMessageContactOptions,
): Promise<MessageContact | null> {
  const row = await findMessageContactRow(o.db, o.portfolioId, o.accountId);
  if (!row) return null;
  const personal = row.pii_sealed
    ? (JSON.parse(o.cipher.decrypt(row.pii_sealed)) as PersonalData)
    : {};
  const contact: MessageContact['contact'] = {};
  if (personal.phone) contact.phone = personal.phone;
  if (personal.email) contact.email = personal.email;
  if (personal.wechat_id) contact.wechat_id = personal.wechat_id;
  if (personal.address) contact.address = personal.address;
  return {
    debtorId: row.debtor_id,
    debtorName: row.name,
    language: row.language,
    timeZone: row.timezone,
    currency: row.currency,
    overdueMinor: row.overdue_amount_minor,
    oldestUnpaidDueDate: row.oldest_unpaid_due_date,
    nextDueDate: row.next_due_date,
    nextDueAmountMinor: row.next_due_amount_minor,
    contact,
  };
}
