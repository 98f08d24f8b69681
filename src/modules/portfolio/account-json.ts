/**
 * An account as the API and the CLI show it: snake_case, amounts as decimal strings at the
 * currency's precision, dates as YYYY-MM-DD. Never any personal information.
 */
import { currencyDigits, formatAmount } from '../../shared/money.js';
import type { AccountRow } from './store.js';

export type AccountJson = Omit<
  AccountRow,
  | 'portfolio_id'
  | 'principal_outstanding_minor'
  | 'interest_outstanding_minor'
  | 'fees_outstanding_minor'
  | 'overdue_amount_minor'
  | 'next_due_amount_minor'
  | 'credit_limit_minor'
> & {
  principal_outstanding: string;
  interest_outstanding: string;
  fees_outstanding: string;
  overdue_amount: string;
  next_due_amount: string | null;
  credit_limit: string | null;
};

/** An amount in minor units as a decimal string at its currency's precision. */
export function amountOf(minor: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === null) throw new Error(`unknown currency ${currency} in stored data`);
  return formatAmount(minor, digits);
}

export function optionalAmountOf(minor: bigint | null, currency: string): string | null {
  return minor === null ? null : amountOf(minor, currency);
}

export function accountJson(a: AccountRow): AccountJson {
  return {
    account_id: a.account_id,
    portfolio: a.portfolio,
    debtor_id: a.debtor_id,
    debtor_name: a.debtor_name,
    product: a.product,
    currency: a.currency,
    principal_outstanding: amountOf(a.principal_outstanding_minor, a.currency),
    interest_outstanding: amountOf(a.interest_outstanding_minor, a.currency),
    fees_outstanding: amountOf(a.fees_outstanding_minor, a.currency),
    overdue_amount: amountOf(a.overdue_amount_minor, a.currency),
    next_due_amount: optionalAmountOf(a.next_due_amount_minor, a.currency),
    credit_limit: optionalAmountOf(a.credit_limit_minor, a.currency),
    oldest_unpaid_due_date: a.oldest_unpaid_due_date,
    next_due_date: a.next_due_date,
    origination_date: a.origination_date,
    branch: a.branch,
    region: a.region,
    timezone: a.timezone,
    dpd: a.dpd,
    bucket: a.bucket,
    pre_due: a.pre_due,
    risk_class: a.risk_class,
    aged_as_of: a.aged_as_of,
  };
}
