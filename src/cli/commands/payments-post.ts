import { checkIdempotencyKey } from '../../http/idempotency.js';
import { postPaymentRequest } from '../../modules/payments/index.js';
import { amountOf, getAccount } from '../../modules/portfolio/index.js';
import { openContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { currencyDigits, parseAmount } from '../../shared/money.js';
import type { Io } from '../output.js';

export type PaymentsPostOptions = {
  account: string;
  amount: string;
  currency: string;
  paidOn: string;
  idempotencyKey: string;
  portfolio?: string | undefined;
  reference?: string | undefined;
  json: boolean;
};

type Posted = {
  payment_id: number;
  account_id: string;
  currency: string;
  amount_minor: string;
  unapplied_minor: string;
  allocation: { component: string; amount_minor: string }[];
  account: { overdue_amount_minor: string };
};

/**
 * `recourse payments post`: posts one payment (amount in major units, e.g. 123.45) under an
 * idempotency key, exactly as POST /api/v1/payments does: running it again with the same key
 * prints the first result and posts nothing.
 */
export async function paymentsPostCommand(o: PaymentsPostOptions, io: Io): Promise<number> {
  const key = checkIdempotencyKey(o.idempotencyKey);
  const digits = currencyDigits(o.currency);
  if (digits === null)
    throw new AppError('validation_failed', `--currency: unknown currency "${o.currency}"`, {
      field: 'currency',
    });
  const amount = parseAmount(o.amount, digits);
  if (!amount.ok)
    throw new AppError('validation_failed', `--amount: ${amount.message}`, { field: 'amount' });
  const ctx = await openContext();
  try {
    const { account } = await getAccount({
      db: ctx.db,
      accountId: o.account,
      portfolio: o.portfolio,
    });
    const result = await postPaymentRequest({
      db: ctx.db,
      key,
      source: 'cli',
      request: {
        portfolio_id: Number(account.portfolio_id),
        account_id: o.account,
        amount_minor: amount.minor.toString(),
        currency: o.currency,
        paid_on: o.paidOn,
        reference: o.reference,
      },
    });
    const p = result.body as Posted;
    if (o.json) {
      io.out(JSON.stringify({ ...p, replayed: result.replayed }) + '\n');
      return 0;
    }
    const money = (minor: string) => `${p.currency} ${amountOf(BigInt(minor), p.currency)}`;
    io.out(
      `Payment ${p.payment_id} ${result.replayed ? 'already posted (same key)' : 'posted'}: ` +
        `${money(p.amount_minor)} to account ${p.account_id}` +
        ` (${p.allocation.map((l) => `${l.component} ${money(l.amount_minor)}`).join(', ') || 'nothing owed'}` +
        `${p.unapplied_minor !== '0' ? `; unapplied ${money(p.unapplied_minor)}` : ''}); ` +
        `overdue now ${money(p.account.overdue_amount_minor)}.\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
