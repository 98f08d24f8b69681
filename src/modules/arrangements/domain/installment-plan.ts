/**
 * Personalised installment plans (issue 5, item 4).
 *
 * Term cap: at most 60 monthly installments and a last due date at most 5 years after the
 * agreement, per the credit card business measures (CBRC 2011), Article 70: "term at most 5
 * years (60 monthly installments)" (shared/REGULATIONS.md, China). A bank may configure a lower
 * cap, never a higher one.
 *
 * The plan total is the balance under the plan: principal and interest always, penalty interest
 * and fees unless waived. Treatments of penalty interest and fees (CONC 7.3-style forbearance):
 *   accrue  the existing amount is in the plan; accrual goes on (billed outside the schedule)
 *   freeze  the existing amount is in the plan; no further accrual during the term
 *   waive   the existing amount is forgiven (a write-off posting) and nothing further accrues
 *
 * Schedule: an optional down payment, then N monthly installments of floor((total - down) / N);
 * the rounding remainder goes to the LAST installment, so the schedule sums to the total exactly.
 * Due dates run monthly from the first due date with month-end clamping (due-dates.ts).
 *
 * Status, given payments and an as-of date: kept (every installment due is paid), missed (an
 * installment is unpaid but within the grace period), broken (an installment was still unpaid
 * when its grace period ended; collection resumes), completed (the total is paid). Payments count
 * cumulatively from the agreement date: paying ahead covers later installments.
 */
import { addDays, isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { currencyDigits } from '../../../shared/money.js';
import type { AllocationLine, OpenCharge } from '../../payments/domain/index.js';
import { addMonthsClamped, monthlyDueDates } from './due-dates.js';

/** CBRC 2011 credit card business measures, Art. 70: term at most 5 years. */
export const maxInstallmentsCap = 60;
export const maxTermMonths = 60;

export type BalanceStructure = {
  readonly principalMinor: bigint;
  readonly interestMinor: bigint;
  readonly penaltyInterestMinor: bigint;
  readonly feeMinor: bigint;
};

export type ChargeTreatment = 'accrue' | 'freeze' | 'waive';

export type PlanTerms = {
  readonly currency: string;
  readonly balance: BalanceStructure;
  /** The day the plan is agreed (signed, or recorded when oral). */
  readonly agreedOn: CalendarDate;
  readonly installmentCount: number;
  readonly firstDueDate: CalendarDate;
  readonly downPaymentMinor?: bigint;
  readonly downPaymentDueDate?: CalendarDate;
  readonly penaltyInterest: ChargeTreatment;
  readonly fees: ChargeTreatment;
  /** A bank's own cap (1..60); 60 when absent. */
  readonly maxInstallments?: number;
};

export type Installment = {
  /** 0 for the down payment, 1..N for the monthly installments. */
  readonly number: number;
  readonly dueDate: CalendarDate;
  readonly amountMinor: bigint;
};

export type InstallmentPlan = {
  readonly currency: string;
  readonly agreedOn: CalendarDate;
  readonly balance: BalanceStructure;
  readonly penaltyInterest: ChargeTreatment;
  readonly fees: ChargeTreatment;
  /** Forgiven by the plan (waived penalty interest and fees): the write-off. */
  readonly waivedMinor: { readonly penaltyInterest: bigint; readonly fee: bigint };
  readonly totalMinor: bigint;
  readonly downPayment: Installment | null;
  readonly installments: readonly Installment[];
  /** Down payment first, then the installments: the order payments cover them. */
  readonly schedule: readonly Installment[];
};

function refuse(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { field });
}

/** amount split into count parts of floor(amount / count), the remainder on the last part. */
export function splitWithRemainderLast(amountMinor: bigint, count: number): bigint[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count ${count} must be >= 1`);
  const n = BigInt(count);
  const base = amountMinor / n;
  const parts = Array.from({ length: count }, () => base);
  parts[count - 1] = base + (amountMinor - base * n);
  return parts;
}

export function buildInstallmentPlan(terms: PlanTerms): InstallmentPlan {
  if (currencyDigits(terms.currency) === null)
    throw refuse('currency', `unknown currency "${terms.currency}"`);
  const b = terms.balance;
  for (const [field, v] of Object.entries(b))
    if (typeof v !== 'bigint' || v < 0n) throw refuse(`balance.${field}`, 'must be >= 0');
  for (const [field, t] of [
    ['penaltyInterest', terms.penaltyInterest],
    ['fees', terms.fees],
  ] as const)
    if (t !== 'accrue' && t !== 'freeze' && t !== 'waive')
      throw refuse(field, `must be accrue, freeze or waive (got "${t}")`);
  const cap = terms.maxInstallments ?? maxInstallmentsCap;
  if (!Number.isInteger(cap) || cap < 1 || cap > maxInstallmentsCap)
    throw refuse(
      'maxInstallments',
      `must be 1..${maxInstallmentsCap} (credit card business measures, Art. 70: at most 5 years)`,
    );
  const count = terms.installmentCount;
  if (!Number.isInteger(count) || count < 1 || count > cap)
    throw refuse(
      'installmentCount',
      `must be 1..${cap}${cap === maxInstallmentsCap ? ' (credit card business measures, Art. 70: term at most 5 years)' : ''} (got ${count})`,
    );
  for (const [field, d] of [
    ['agreedOn', terms.agreedOn],
    ['firstDueDate', terms.firstDueDate],
  ] as const)
    if (!isCalendarDate(d)) throw refuse(field, `"${d}" is not a calendar date (YYYY-MM-DD)`);
  if (terms.firstDueDate < terms.agreedOn) throw refuse('firstDueDate', 'is before agreedOn');

  const waivedMinor = {
    penaltyInterest: terms.penaltyInterest === 'waive' ? b.penaltyInterestMinor : 0n,
    fee: terms.fees === 'waive' ? b.feeMinor : 0n,
  };
  const totalMinor =
    b.principalMinor +
    b.interestMinor +
    b.penaltyInterestMinor +
    b.feeMinor -
    waivedMinor.penaltyInterest -
    waivedMinor.fee;
  if (totalMinor <= 0n) throw refuse('balance', `the plan total must be > 0 (got ${totalMinor})`);

  const down = terms.downPaymentMinor ?? 0n;
  if (down < 0n) throw refuse('downPaymentMinor', 'must be >= 0');
  if (down >= totalMinor)
    throw refuse('downPaymentMinor', `must be less than the plan total ${totalMinor}`);
  let downPayment: Installment | null = null;
  if (down > 0n) {
    const on = terms.downPaymentDueDate;
    if (on === undefined) throw refuse('downPaymentDueDate', 'is required with a down payment');
    if (!isCalendarDate(on)) throw refuse('downPaymentDueDate', `"${on}" is not a calendar date`);
    if (on < terms.agreedOn || on > terms.firstDueDate)
      throw refuse('downPaymentDueDate', 'must be between agreedOn and firstDueDate');
    downPayment = { number: 0, dueDate: on, amountMinor: down };
  }
  const financed = totalMinor - down;
  if (financed < BigInt(count))
    throw refuse(
      'installmentCount',
      `${count} installments of ${financed} minor units would include zero installments`,
    );
  const dates = monthlyDueDates(terms.firstDueDate, count);
  const lastDue = dates[count - 1] as CalendarDate;
  const latest = addMonthsClamped(terms.agreedOn, maxTermMonths);
  if (lastDue > latest)
    throw refuse(
      'firstDueDate',
      `the last installment (${lastDue}) would fall after ${latest}, more than 5 years after agreedOn (credit card business measures, Art. 70)`,
    );
  const installments = splitWithRemainderLast(financed, count).map(
    (amountMinor, i): Installment => ({
      number: i + 1,
      dueDate: dates[i] as CalendarDate,
      amountMinor,
    }),
  );
  const schedule = downPayment ? [downPayment, ...installments] : installments;
  const sum = schedule.reduce((s, x) => s + x.amountMinor, 0n);
  if (sum !== totalMinor)
    throw refuse('schedule', `sums to ${sum}, not the plan total ${totalMinor}`);
  return {
    currency: terms.currency,
    agreedOn: terms.agreedOn,
    balance: b,
    penaltyInterest: terms.penaltyInterest,
    fees: terms.fees,
    waivedMinor,
    totalMinor,
    downPayment,
    installments,
    schedule,
  };
}

export type PlanPayment = {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly paidOn: CalendarDate;
};

export type PlanStatus = 'kept' | 'missed' | 'broken' | 'completed';

export type PlanEvaluation = {
  readonly status: PlanStatus;
  readonly paidMinor: bigint;
  /** Sum of the installments due on or before asOf. */
  readonly dueToDateMinor: bigint;
  readonly arrearsMinor: bigint;
  readonly remainingMinor: bigint;
  /** The first installment not fully covered, or null when all are. */
  readonly firstUnpaidInstallment: number | null;
  /** While missed: the last day of grace. */
  readonly graceEndsOn: CalendarDate | null;
  /** When broken: the first day after the grace period of the installment that broke it. */
  readonly brokenOn: CalendarDate | null;
  /** The compliance gate's arrangement_active: collection stops while the plan stands. */
  readonly arrangementActive: boolean;
};

export function evaluateInstallmentPlan(
  plan: InstallmentPlan,
  payments: readonly PlanPayment[],
  asOf: CalendarDate,
  options: { readonly graceDays: number },
): PlanEvaluation {
  if (!isCalendarDate(asOf)) throw refuse('asOf', `"${asOf}" is not a calendar date`);
  if (!Number.isInteger(options.graceDays) || options.graceDays < 0)
    throw refuse('graceDays', 'must be an integer >= 0');
  payments.forEach((p, i) => {
    if (p.currency !== plan.currency)
      throw refuse(
        `payments[${i}].currency`,
        `${p.currency} differs from the plan's ${plan.currency}`,
      );
    if (p.amountMinor <= 0n) throw refuse(`payments[${i}].amountMinor`, 'must be > 0');
    if (!isCalendarDate(p.paidOn)) throw refuse(`payments[${i}].paidOn`, 'is not a calendar date');
  });
  const counted = payments.filter((p) => p.paidOn >= plan.agreedOn && p.paidOn <= asOf);
  const paidBy = (day: CalendarDate) =>
    counted.reduce((s, p) => (p.paidOn <= day ? s + p.amountMinor : s), 0n);
  const paidMinor = paidBy(asOf);

  let cumulative = 0n;
  let dueToDateMinor = 0n;
  let firstUnpaid: Installment | null = null;
  let missed: Installment | null = null;
  let broken: Installment | null = null;
  for (const inst of plan.schedule) {
    cumulative += inst.amountMinor;
    if (inst.dueDate <= asOf) dueToDateMinor = cumulative;
    if (firstUnpaid === null && paidMinor < cumulative) firstUnpaid = inst;
    const graceEnd = addDays(inst.dueDate, options.graceDays);
    if (broken === null && graceEnd < asOf && paidBy(graceEnd) < cumulative) broken = inst;
    if (missed === null && inst.dueDate < asOf && paidMinor < cumulative) missed = inst;
  }
  const remaining = plan.totalMinor - paidMinor;
  const arrears = dueToDateMinor - paidMinor;
  const status: PlanStatus =
    broken !== null
      ? 'broken'
      : remaining <= 0n
        ? 'completed'
        : missed !== null
          ? 'missed'
          : 'kept';
  return {
    status,
    paidMinor,
    dueToDateMinor,
    arrearsMinor: arrears > 0n ? arrears : 0n,
    remainingMinor: remaining > 0n ? remaining : 0n,
    firstUnpaidInstallment: firstUnpaid?.number ?? null,
    graceEndsOn: status === 'missed' && missed ? addDays(missed.dueDate, options.graceDays) : null,
    brokenOn: broken ? addDays(broken.dueDate, options.graceDays + 1) : null,
    arrangementActive: status === 'kept' || status === 'missed',
  };
}

/** The balance structure of an account's open charges. */
export function balanceStructureOf(charges: readonly OpenCharge[]): BalanceStructure {
  const sum = (component: OpenCharge['component']) =>
    charges.reduce((s, c) => (c.component === component ? s + c.outstandingMinor : s), 0n);
  return {
    principalMinor: sum('principal'),
    interestMinor: sum('interest'),
    penaltyInterestMinor: sum('penalty_interest'),
    feeMinor: sum('fee'),
  };
}

/**
 * The write-off lines of a plan's waivers over the open charges it was built from: every open
 * penalty interest charge when penalty interest is waived, every open fee when fees are. Their sum
 * equals plan.waivedMinor when the plan's balance is balanceStructureOf(charges).
 */
export function planWaiverLines(
  plan: InstallmentPlan,
  charges: readonly OpenCharge[],
): AllocationLine[] {
  const waived = (c: OpenCharge) =>
    (c.component === 'penalty_interest' && plan.penaltyInterest === 'waive') ||
    (c.component === 'fee' && plan.fees === 'waive');
  return charges
    .filter((c) => c.outstandingMinor > 0n && waived(c))
    .map((c) => ({
      chargeId: c.chargeId,
      component: c.component,
      dueDate: c.dueDate,
      amountMinor: c.outstandingMinor,
    }));
}
