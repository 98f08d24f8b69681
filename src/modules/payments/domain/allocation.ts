/**
 * The allocation waterfall: how one payment is spread over an account's open charges.
 *
 * A policy is configured per product: the order of the charge components and whether the
 * component or the due date leads. The default (issue 5) is fees, then (penalty) interest, then
 * principal, oldest due first within each component. Charges of equal rank keep their input order,
 * so the result is deterministic. What is left after every open charge is paid is the unapplied
 * remainder (an overpayment), never silently dropped.
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import {
  invalid,
  requireCurrency,
  requireDate,
  requireNonNegative,
  requirePositive,
  requireSameCurrency,
} from './money-checks.js';

export const chargeComponents = ['fee', 'penalty_interest', 'interest', 'principal'] as const;
export type ChargeComponent = (typeof chargeComponents)[number];

export type OpenCharge = {
  readonly chargeId: string;
  readonly component: ChargeComponent;
  readonly dueDate: CalendarDate;
  readonly outstandingMinor: bigint;
};

/**
 * component_first: every fee (oldest first), then every penalty interest ... (the default).
 * due_date_first: the oldest due date first, and within it the components in order.
 */
export type AllocationSequence = 'component_first' | 'due_date_first';

export type AllocationPolicy = {
  readonly componentOrder: readonly ChargeComponent[];
  readonly sequence: AllocationSequence;
};

export const defaultAllocationPolicy: AllocationPolicy = {
  componentOrder: ['fee', 'penalty_interest', 'interest', 'principal'],
  sequence: 'component_first',
};

export type AllocationLine = {
  readonly chargeId: string;
  readonly component: ChargeComponent;
  readonly dueDate: CalendarDate;
  readonly amountMinor: bigint;
};

export type Allocation = {
  readonly currency: string;
  readonly paymentMinor: bigint;
  readonly lines: readonly AllocationLine[];
  readonly appliedMinor: bigint;
  /** The overpayment: what no open charge could take. */
  readonly unappliedMinor: bigint;
};

export type AllocatePaymentInput = {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly accountCurrency: string;
  readonly charges: readonly OpenCharge[];
  readonly policy?: AllocationPolicy;
};

/** Refuses a policy that does not list every component exactly once. */
export function validatePolicy(policy: AllocationPolicy): void {
  const seen = new Set(policy.componentOrder);
  if (
    policy.componentOrder.length !== chargeComponents.length ||
    seen.size !== chargeComponents.length ||
    chargeComponents.some((c) => !seen.has(c))
  )
    throw invalid(
      'policy.componentOrder',
      `must list each of ${chargeComponents.join(', ')} exactly once`,
    );
  if (policy.sequence !== 'component_first' && policy.sequence !== 'due_date_first')
    throw invalid('policy.sequence', `must be component_first or due_date_first`);
}

function validateCharges(charges: readonly OpenCharge[]): void {
  const ids = new Set<string>();
  charges.forEach((c, i) => {
    const field = `charges[${i}]`;
    if (ids.has(c.chargeId)) throw invalid(`${field}.chargeId`, `duplicate "${c.chargeId}"`);
    ids.add(c.chargeId);
    if (!chargeComponents.includes(c.component))
      throw invalid(`${field}.component`, `unknown component "${c.component}"`);
    requireDate(`${field}.dueDate`, c.dueDate);
    requireNonNegative(`${field}.outstandingMinor`, c.outstandingMinor);
  });
}

/** The open charges in the order the policy pays them. */
export function waterfallOrder(
  charges: readonly OpenCharge[],
  policy: AllocationPolicy = defaultAllocationPolicy,
): OpenCharge[] {
  const rank = new Map(policy.componentOrder.map((c, i) => [c, i]));
  const byComponent = (a: OpenCharge, b: OpenCharge) =>
    (rank.get(a.component) ?? 0) - (rank.get(b.component) ?? 0);
  const byDate = (a: OpenCharge, b: OpenCharge) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0;
  const [first, second] =
    policy.sequence === 'component_first' ? [byComponent, byDate] : [byDate, byComponent];
  // Array.prototype.sort is stable: equal ranks keep their input order.
  return [...charges].sort((a, b) => first(a, b) || second(a, b));
}

export function allocatePayment(input: AllocatePaymentInput): Allocation {
  const policy = input.policy ?? defaultAllocationPolicy;
  requireCurrency('accountCurrency', input.accountCurrency);
  requireCurrency('currency', input.currency);
  requireSameCurrency('currency', input.currency, input.accountCurrency);
  requirePositive('amountMinor', input.amountMinor);
  validatePolicy(policy);
  validateCharges(input.charges);

  let left = input.amountMinor;
  const lines: AllocationLine[] = [];
  for (const c of waterfallOrder(input.charges, policy)) {
    if (left === 0n) break;
    if (c.outstandingMinor === 0n) continue;
    const take = c.outstandingMinor < left ? c.outstandingMinor : left;
    lines.push({
      chargeId: c.chargeId,
      component: c.component,
      dueDate: c.dueDate,
      amountMinor: take,
    });
    left -= take;
  }
  return {
    currency: input.currency,
    paymentMinor: input.amountMinor,
    lines,
    appliedMinor: input.amountMinor - left,
    unappliedMinor: left,
  };
}

function adjust(
  charges: readonly OpenCharge[],
  lines: readonly AllocationLine[],
  sign: 1n | -1n,
): OpenCharge[] {
  const delta = new Map<string, bigint>();
  for (const l of lines) delta.set(l.chargeId, (delta.get(l.chargeId) ?? 0n) + l.amountMinor);
  const known = new Set(charges.map((c) => c.chargeId));
  for (const id of delta.keys())
    if (!known.has(id)) throw invalid('allocation.lines', `charge "${id}" is not on the account`);
  return charges.map((c) => {
    const d = delta.get(c.chargeId);
    if (d === undefined) return c;
    const outstandingMinor = c.outstandingMinor - sign * d;
    if (outstandingMinor < 0n)
      throw invalid('allocation.lines', `charge "${c.chargeId}" would go below zero`);
    return { ...c, outstandingMinor };
  });
}

/** The charges after the allocation reduced them. */
export function applyAllocation(
  charges: readonly OpenCharge[],
  allocation: Pick<Allocation, 'lines'>,
): OpenCharge[] {
  return adjust(charges, allocation.lines, 1n);
}

/**
 * A reversal (a bounced payment) restores exactly what the payment reduced: each charge gets back
 * the amount of its allocation line, nothing more, whatever happened since.
 */
export function reverseAllocation(
  charges: readonly OpenCharge[],
  allocation: Pick<Allocation, 'lines'>,
): OpenCharge[] {
  return adjust(charges, allocation.lines, -1n);
}
