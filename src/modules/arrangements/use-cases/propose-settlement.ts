import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { getOpenCharges } from '../../payments/index.js';
import { insertSettlement, type SettlementRow } from '../arrangement-store.js';
import { authorityMatrix } from '../authority-config.js';
import { makeSettlementOffer, requiredApprover } from '../domain/index.js';

export type ProposeSettlementOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  proposedBy: string;
  offeredOn: CalendarDate;
  expiresOn: CalendarDate;
} & (
  | { amountMinor: bigint; discountBps?: undefined }
  | { discountBps: number; amountMinor?: undefined }
);

/**
 * A collector proposes a settlement: a discounted payoff of the balance the ledger proves, valid
 * from offeredOn through expiresOn. It records the role that must approve it (discount % and
 * forgiven amount against the authority matrix).
 */
export async function proposeSettlement(opts: ProposeSettlementOptions): Promise<SettlementRow> {
  const { tx } = opts;
  const { account, charges } = await getOpenCharges({
    tx,
    portfolioId: opts.portfolioId,
    accountId: opts.accountId,
    asOf: opts.offeredOn,
  });
  const balanceMinor = charges.reduce((s, c) => s + c.outstandingMinor, 0n);
  const offer = makeSettlementOffer({
    currency: account.currency,
    balanceMinor,
    offeredOn: opts.offeredOn,
    expiresOn: opts.expiresOn,
    ...(opts.amountMinor !== undefined
      ? { amountMinor: opts.amountMinor }
      : { discountBps: opts.discountBps }),
  });
  const role = requiredApprover(await authorityMatrix(tx), {
    kind: 'settlement',
    currency: offer.currency,
    discount: offer.discount,
  });
  return insertSettlement(tx, {
    portfolio_id: opts.portfolioId,
    account_id: opts.accountId,
    debtor_id: account.debtorId,
    currency: offer.currency,
    balance_minor: offer.balanceMinor,
    amount_minor: offer.amountMinor,
    forgiven_minor: offer.forgivenMinor,
    discount_bps: offer.discount.bpsCeil,
    offered_on: offer.offeredOn,
    expires_on: offer.expiresOn,
    proposed_by: opts.proposedBy,
    required_role: role,
  });
}
