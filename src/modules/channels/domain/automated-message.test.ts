import { describe, expect, it } from 'vitest';
import { destination, messageValues, type MessageFacts } from './automated-message.js';

const facts: MessageFacts = {
  accountId: 'ACC-000123',
  debtorName: '张三',
  currency: 'CNY',
  overdueMinor: 123_456n,
  oldestUnpaidDueDate: '2026-10-15',
  nextDueDate: '2026-12-15',
  nextDueAmountMinor: 50_000n,
  contact: { phone: '+8613800138000', address: '上海市浦东新区 1 号' },
};
const sender = { bankName: '示例银行', bankHotline: '95555' };

describe('automated message', () => {
  it.each<[Parameters<typeof destination>[0], string | null]>([
    ['sms', '+8613800138000'],
    ['letter', '上海市浦东新区 1 号'],
    ['email', null],
    ['wechat', null],
  ])('sends %s to the contact point of that channel', (channel, to) => {
    expect(destination(channel, facts)).toBe(to);
  });

  it.each<[string, MessageFacts, string, Record<string, unknown> | string[]]>([
    [
      'overdue: the overdue amount since the oldest unpaid due date',
      facts,
      '{{debtor_name}} {{amount_due}} {{due_date}} {{account_ref}} {{bank_name}}',
      {
        debtor_name: '张三',
        amount_due: { minor: 123_456n, currency: 'CNY' },
        due_date: '2026-10-15',
        account_ref: '0123',
        bank_name: '示例银行',
      },
    ],
    [
      'pre-due: the next installment and its date',
      { ...facts, overdueMinor: 0n },
      '{{amount_due}} {{due_date}}',
      { amount_due: { minor: 50_000n, currency: 'CNY' }, due_date: '2026-12-15' },
    ],
    ['only the variables the template uses', facts, '{{bank_hotline}}', { bank_hotline: '95555' }],
    [
      'names what it cannot fill',
      facts,
      '{{collector_id}} {{opt_out}} {{debtor_name}}',
      ['collector_id', 'opt_out'],
    ],
  ])('%s', (_name, f, body, expected) => {
    const r = messageValues({ subject: null, body }, f, sender);
    if (Array.isArray(expected)) expect(r).toEqual({ ok: false, missing: expected });
    else expect(r).toEqual({ ok: true, values: expected });
  });
});
