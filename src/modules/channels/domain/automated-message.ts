/**
 * What an automated message about a planned action says and where it goes, pure: the destination
 * for the channel (the debtor's own number, email, WeChat id or postal address), and the values
 * of exactly the variables the template uses (a rendering refuses any other), from the account
 * and the sender's settings. A variable it cannot fill (a collector id: automated sends have no
 * collector) is named, and the action is closed with that reason.
 */
import { variablesUsed, type TemplateVariable } from './template-text.js';
import type { MessageChannel, TemplateValues } from './template.js';

export type MessageFacts = {
  accountId: string;
  debtorName: string;
  currency: string;
  overdueMinor: bigint;
  oldestUnpaidDueDate: string | null;
  nextDueDate: string | null;
  nextDueAmountMinor: bigint | null;
  contact: { phone?: string; email?: string; wechat_id?: string; address?: string };
};

export type Sender = { bankName?: string; bankHotline?: string; optOut?: string };

const contactOf: Record<MessageChannel, keyof MessageFacts['contact']> = {
  sms: 'phone',
  wechat: 'wechat_id',
  email: 'email',
  letter: 'address',
};

export function destination(channel: MessageChannel, facts: MessageFacts): string | null {
  return facts.contact[contactOf[channel]] ?? null;
}

export type MessageValues = { ok: true; values: TemplateValues } | { ok: false; missing: string[] };

/** The values of the variables in `subject` and `body`, or the ones that cannot be filled. */
export function messageValues(
  text: { subject: string | null; body: string },
  facts: MessageFacts,
  sender: Sender,
): MessageValues {
  // Overdue: what is overdue since the oldest unpaid due date; pre-due: the next installment.
  const overdue = facts.overdueMinor > 0n;
  const amountDue = overdue ? facts.overdueMinor : facts.nextDueAmountMinor;
  const dueDate = overdue ? facts.oldestUnpaidDueDate : facts.nextDueDate;
  const known: Partial<Record<TemplateVariable, TemplateValues[string] | null | undefined>> = {
    debtor_name: facts.debtorName,
    account_ref: facts.accountId.slice(-4),
    amount_due: amountDue === null ? null : { minor: amountDue, currency: facts.currency },
    minimum_due:
      facts.nextDueAmountMinor === null
        ? null
        : { minor: facts.nextDueAmountMinor, currency: facts.currency },
    due_date: dueDate,
    bank_name: sender.bankName,
    bank_hotline: sender.bankHotline,
    opt_out: sender.optOut,
  };
  const values: Record<string, TemplateValues[string]> = {};
  const missing: string[] = [];
  for (const v of variablesUsed(`${text.subject ?? ''}\n${text.body}`)) {
    const value = known[v];
    if (value === null || value === undefined) missing.push(v);
    else values[v] = value;
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, values };
}
