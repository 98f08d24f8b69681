import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { isAppError, type AppError } from '../../../shared/errors.js';
import { creditNewPayments } from '../../arrangements/index.js';
import {
  applyAccountCredit,
  type AccountBalances,
  type AccountCredit,
} from '../../portfolio/index.js';
import { allocationPolicyOf, openingMemo, openingOf, reducingCredit } from '../account-ledger.js';
import {
  allocatePayment,
  applyAllocation,
  paymentPosting,
  type AllocationLine,
  type AllocationPolicy,
  type OpenCharge,
} from '../domain/index.js';
import {
  requireCurrency,
  requireDate,
  requirePositive,
  requireSameCurrency,
} from '../domain/money-checks.js';
import {
  insertChargesMany,
  insertPaymentsMany,
  insertPostingsMany,
  listOpenChargesOf,
  reserveIds,
  type ChargeInsert,
  type PaymentRow,
  type PaymentSource,
  type PostingInsert,
} from '../store.js';

export type PaymentToPost = {
  portfolioId: bigint;
  accountId: string;
  amountMinor: bigint;
  currency: string;
  paidOn: CalendarDate;
  reference?: string | null;
  channel?: string | null;
};

export type PostPaymentsOptions = {
  /** A transaction: every posting happens in it (callers add idempotency around it). */
  tx: Queryable;
  /** In the order they are posted: an account's earlier payments are allocated first. */
  payments: readonly PaymentToPost[];
  source: PaymentSource;
  /** Allocation policies already read in this transaction, by product. */
  policies?: Map<string, AllocationPolicy>;
};

export type PostedPayment = {
  payment: PaymentRow;
  allocation: readonly AllocationLine[];
  /** The account after every payment of this call to it. */
  account: AccountBalances;
  /** The open promises to pay this payment counts toward (arrangements module). */
  promisesCredited: { promiseId: bigint; amountMinor: bigint }[];
};

/** One result per payment, in the given order: posted, or refused with the reason (AppError). */
export type PostPaymentsResult = (
  { ok: true; posted: PostedPayment } | { ok: false; error: AppError }
)[];

/** The reference a posted payment credits promises to pay under (and a reversal takes back). */
export const promiseCreditRef = (paymentId: bigint): string => `payment:${paymentId}`;

type Decided = {
  index: number;
  input: PaymentToPost;
  lines: readonly AllocationLine[];
  posting: PostingInsert['posting'];
  appliedMinor: bigint;
  unappliedMinor: bigint;
  overdueReducedMinor: bigint;
  priorOldestUnpaidDueDate: CalendarDate | null;
};

const keyOf = (portfolioId: bigint, accountId: string) => `${portfolioId}|${accountId}`;

/**
 * Posts payments, any number at once, with the same rules as one by one: each refuses a
 * non-positive amount, a currency other than the account's and an unknown account (naming the
 * field; the others are still posted); an account's ledger is opened from its imported balances
 * on its first posting; each payment is allocated by the product's waterfall over what the
 * account's earlier payments left, and written as a balanced payment posting (an overpayment held
 * as unapplied); the account's outstanding and overdue amounts go down through the portfolio
 * module (one locked update per account, accounts in key order); and open promises to pay are
 * credited (arrangements' creditNewPayments). Reads and writes are set-based: the open charges of
 * every account in one statement, then all charges, postings, entries, payments and promise
 * credits in a few statements, with ids taken from the tables' sequences.
 */
export async function postPayments(opts: PostPaymentsOptions): Promise<PostPaymentsResult> {
  const { tx } = opts;
  const policies = opts.policies ?? new Map<string, AllocationPolicy>();
  const results: PostPaymentsResult = new Array(opts.payments.length);
  const refuse = (i: number, e: unknown) => {
    if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'not_found')) throw e;
    results[i] = { ok: false, error: e };
  };

  const byAccount = new Map<string, { portfolioId: bigint; accountId: string; items: number[] }>();
  opts.payments.forEach((p, i) => {
    try {
      requirePositive('amount_minor', p.amountMinor);
      requireCurrency('currency', p.currency);
      requireDate('paid_on', p.paidOn);
    } catch (e) {
      refuse(i, e);
      return;
    }
    const k = keyOf(p.portfolioId, p.accountId);
    const group = byAccount.get(k);
    if (group) group.items.push(i);
    else byAccount.set(k, { portfolioId: p.portfolioId, accountId: p.accountId, items: [i] });
  });
  // accounts locked in one order, so two bulk postings never wait on each other in a cycle
  const accounts = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
  const existing = await listOpenChargesOf(tx, accounts);

  const openings: {
    account: AccountBalances;
    postedOn: CalendarDate;
    opening: NonNullable<ReturnType<typeof openingOf>>;
  }[] = [];
  const decided: Decided[] = [];
  const after = new Map<string, AccountBalances>();
  for (const group of accounts) {
    // kept only once the account's update succeeded: a refused account leaves nothing behind
    const mine: Decided[] = [];
    const myOpenings: typeof openings = [];
    try {
      const r = await applyAccountCredit({
        tx,
        portfolioId: group.portfolioId,
        accountId: group.accountId,
        decide: async (account) => {
          let charges: OpenCharge[] | undefined = existing.get(
            keyOf(group.portfolioId, group.accountId),
          );
          let policy: AllocationPolicy | undefined = policies.get(account.product);
          if (policy === undefined) {
            policy = await allocationPolicyOf(tx, account.product);
            policies.set(account.product, policy);
          }
          const sim = { ...account };
          let count = 0;
          const total: AccountCredit = {
            principalMinor: 0n,
            interestMinor: 0n,
            feesMinor: 0n,
            overdueMinor: 0n,
          };
          for (const i of group.items) {
            const input = opts.payments[i] as PaymentToPost;
            try {
              requireSameCurrency('currency', input.currency, account.currency);
            } catch (e) {
              refuse(i, e);
              continue;
            }
            if (charges === undefined) {
              const opening = openingOf(account, input.paidOn);
              if (opening !== null) myOpenings.push({ account, postedOn: input.paidOn, opening });
              charges = opening?.charges ?? [];
            }
            const allocation = allocatePayment({
              amountMinor: input.amountMinor,
              currency: input.currency,
              accountCurrency: account.currency,
              charges,
              policy,
            });
            charges = applyAllocation(charges, allocation);
            const posting = paymentPosting('payment', allocation);
            const credit = reducingCredit(sim, posting);
            count += 1;
            mine.push({
              index: i,
              input,
              lines: allocation.lines,
              posting,
              appliedMinor: allocation.appliedMinor,
              unappliedMinor: allocation.unappliedMinor,
              overdueReducedMinor: credit.overdueMinor,
              priorOldestUnpaidDueDate: sim.oldestUnpaidDueDate,
            });
            sim.principalMinor -= credit.principalMinor;
            sim.interestMinor -= credit.interestMinor;
            sim.feesMinor -= credit.feesMinor;
            sim.overdueMinor -= credit.overdueMinor;
            if (sim.overdueMinor === 0n) sim.oldestUnpaidDueDate = null;
            total.principalMinor += credit.principalMinor;
            total.interestMinor += credit.interestMinor;
            total.feesMinor += credit.feesMinor;
            total.overdueMinor += credit.overdueMinor;
            // paying off the account closes it on the day of the payment that did
            if (!total.closure || input.paidOn > total.closure.on)
              total.closure = { on: input.paidOn, closure: 'paid_off' };
          }
          return { credit: count > 0 ? total : null, result: null };
        },
      });
      after.set(keyOf(group.portfolioId, group.accountId), r.after);
      decided.push(...mine);
      openings.push(...myOpenings);
    } catch (e) {
      for (const i of group.items) refuse(i, e);
    }
  }

  // ids in the order the payments were given, as one by one would give them
  decided.sort((a, b) => a.index - b.index);
  const { postingIds, paymentIds } = await reserveIds(
    tx,
    openings.length + decided.length,
    decided.length,
  );
  const charges: ChargeInsert[] = openings.flatMap(({ account, opening }) =>
    opening.charges.map((c) => ({
      portfolioId: account.portfolioId,
      accountId: account.accountId,
      chargeId: c.chargeId,
      component: c.component,
      dueDate: c.dueDate,
      currency: account.currency,
    })),
  );
  const postings: PostingInsert[] = [
    ...openings.map(({ account, postedOn, opening }, i) => ({
      portfolioId: account.portfolioId,
      accountId: account.accountId,
      postingId: postingIds[i] as bigint,
      postedOn,
      memo: openingMemo,
      posting: opening.posting,
    })),
    ...decided.map((d, i) => ({
      portfolioId: d.input.portfolioId,
      accountId: d.input.accountId,
      postingId: postingIds[openings.length + i] as bigint,
      postedOn: d.input.paidOn,
      memo: `payment${d.input.reference ? ` ref ${d.input.reference}` : ''}`,
      posting: d.posting,
    })),
  ];
  await insertChargesMany(tx, charges);
  await insertPostingsMany(tx, postings);
  const rows = await insertPaymentsMany(
    tx,
    decided.map((d, i) => ({
      portfolio_id: d.input.portfolioId,
      payment_id: paymentIds[i] as bigint,
      account_id: d.input.accountId,
      currency: d.input.currency,
      amount_minor: d.input.amountMinor,
      applied_minor: d.appliedMinor,
      unapplied_minor: d.unappliedMinor,
      paid_on: d.input.paidOn,
      reference: d.input.reference ?? null,
      channel: d.input.channel ?? null,
      source: opts.source,
      posting_id: postingIds[openings.length + i] as bigint,
      overdue_reduced_minor: d.overdueReducedMinor,
      prior_oldest_unpaid_due_date: d.priorOldestUnpaidDueDate,
    })),
  );
  const credited = await creditNewPayments({
    tx,
    payments: rows.map((p) => ({
      portfolioId: p.portfolio_id,
      accountId: p.account_id,
      currency: p.currency,
      amountMinor: p.amount_minor,
      paidOn: p.paid_on,
      paymentRef: promiseCreditRef(p.payment_id),
    })),
  });
  decided.forEach((d, i) => {
    const payment = rows[i] as PaymentRow;
    results[d.index] = {
      ok: true,
      posted: {
        payment,
        allocation: d.lines,
        account: after.get(keyOf(d.input.portfolioId, d.input.accountId)) as AccountBalances,
        promisesCredited: credited.get(promiseCreditRef(payment.payment_id)) ?? [],
      },
    };
  });
  return results;
}
