import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { listAccountPayments, writeOffBalance } from '../../payments/index.js';
import {
  activePlans,
  approvedSettlements,
  setArrangementFlag,
  updatePlan,
  updateSettlement,
} from '../arrangement-store.js';
import { planOf } from '../authority-config.js';
import {
  evaluateInstallmentPlan,
  evaluateSettlement,
  settlementWriteOffLines,
  type SettlementOffer,
} from '../domain/index.js';

export type CheckArrangementsOptions = { tx: Queryable; asOf: CalendarDate };

export type CheckArrangementsResult = {
  /** plans broken as of asOf (an installment unpaid past its grace period) */
  broken: number;
  completed: number;
  settled: number;
  expired: number;
};

/**
 * For the daily cycle: evaluates every active plan and approved settlement against the posted
 * payments. A plan with an installment still unpaid when its grace period ended is broken and
 * its debtor's arrangement_active flag cleared (collection resumes); a fully paid plan is
 * completed (flag cleared too). A settlement paid in time is settled and its forgiven remainder
 * written off as its own ledger posting; one not paid by its expiry expires. Idempotent: a rerun
 * for the same date finds nothing left to change.
 */
export async function checkArrangements(
  opts: CheckArrangementsOptions,
): Promise<CheckArrangementsResult> {
  const { tx, asOf } = opts;
  const result: CheckArrangementsResult = { broken: 0, completed: 0, settled: 0, expired: 0 };
  for (const plan of await activePlans(tx)) {
    const payments = await listAccountPayments({
      tx,
      portfolioId: plan.portfolio_id,
      accountId: plan.account_id,
      from: plan.agreed_on,
    });
    const e = evaluateInstallmentPlan(
      planOf(plan),
      payments.map((p) => ({
        amountMinor: p.amount_minor,
        currency: p.currency,
        paidOn: p.paid_on,
      })),
      asOf,
      { graceDays: plan.grace_days },
    );
    if (e.status !== 'broken' && e.status !== 'completed') continue;
    await updatePlan(tx, plan, {
      status: e.status,
      endedOn: e.status === 'broken' ? e.brokenOn : asOf,
    });
    await setArrangementFlag(tx, {
      portfolioId: plan.portfolio_id,
      debtorId: plan.debtor_id,
      value: false,
      source: `arrangement:plan:${plan.plan_id}`,
      details: { plan_id: String(plan.plan_id), status: e.status },
    });
    result[e.status] += 1;
  }
  for (const s of await approvedSettlements(tx)) {
    const offer: SettlementOffer = {
      currency: s.currency,
      balanceMinor: s.balance_minor,
      amountMinor: s.amount_minor,
      forgivenMinor: s.forgiven_minor,
      discount: {
        forgivenMinor: s.forgiven_minor,
        balanceMinor: s.balance_minor,
        bpsCeil: s.discount_bps,
        bpsFloor: s.discount_bps,
        exact: true,
      },
      offeredOn: s.offered_on,
      expiresOn: s.expires_on,
    };
    const payments = await listAccountPayments({
      tx,
      portfolioId: s.portfolio_id,
      accountId: s.account_id,
      from: s.offered_on,
    });
    const e = evaluateSettlement(
      offer,
      payments.map((p) => ({
        amountMinor: p.amount_minor,
        currency: p.currency,
        paidOn: p.paid_on,
      })),
      asOf,
    );
    if (e.status === 'expired') {
      await updateSettlement(tx, s, { status: 'expired' });
      result.expired += 1;
    } else if (e.status === 'settled') {
      const { postingId } = await writeOffBalance({
        tx,
        portfolioId: s.portfolio_id,
        accountId: s.account_id,
        postedOn: e.settledOn ?? asOf,
        memo: `settlement ${s.settlement_id} write-off`,
        select: (charges) => settlementWriteOffLines(offer, charges),
        closure: 'settled',
      });
      await updateSettlement(tx, s, {
        status: 'settled',
        settledOn: e.settledOn,
        writeOffPostingId: postingId,
      });
      result.settled += 1;
    }
  }
  return result;
}
