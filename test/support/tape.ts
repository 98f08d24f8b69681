/** Small loan tapes for tests, written as CSV text. */
import { Readable } from 'node:stream';

export const header =
  'account_id,debtor_id,debtor_name,national_id,product,currency,principal_outstanding,' +
  'interest_outstanding,fees_outstanding,overdue_amount,oldest_unpaid_due_date,next_due_date,' +
  'phone,email,wechat_id,address,country,timezone,language';

export type Row = Partial<Record<string, string>>;

const columns = header.split(',');

export const baseRow: Row = {
  account_id: 'A1',
  debtor_id: 'D1',
  debtor_name: '张伟',
  national_id: '110101199003074518',
  product: 'credit_card',
  currency: 'CNY',
  principal_outstanding: '12000.50',
  interest_outstanding: '150.25',
  fees_outstanding: '30',
  overdue_amount: '800.00',
  oldest_unpaid_due_date: '2026-10-01',
  next_due_date: '2026-12-01',
  phone: '+8613800138000',
  email: 'zhang.wei@example.com',
  wechat_id: 'wx_zhangwei',
  address: '北京市朝阳区建国路88号',
  country: 'CN',
  timezone: 'Asia/Shanghai',
  language: 'zh-CN',
};

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function tapeCsv(rows: Row[], cols: string[] = columns): string {
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvField(r[c] ?? '')).join(','))]
    .map((l) => l + '\n')
    .join('');
}

export function row(overrides: Row): Row {
  return { ...baseRow, ...overrides };
}

export function source(text: string | Buffer): Readable {
  return Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]);
}
