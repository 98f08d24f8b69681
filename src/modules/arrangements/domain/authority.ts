/**
 * Approval authority for arrangements (maker-checker, issue 5): a collector proposes; the checker
 * must be another person whose role's limits cover the request; above a role's limits a more
 * senior role approves. The matrix is configuration: roles in ascending seniority, each with its
 * limits (a role without limits may propose but not approve). Limits are inclusive and compared
 * exactly (basis points by cross-multiplication, amounts in minor units of the matrix currency).
 */
import { AppError } from '../../../shared/errors.js';
import type { ArrangementRefusal } from './refusals.js';
import { discountWithin, type DiscountFraction } from './settlement.js';

export type AuthorityLimits = {
  /** Settlement: the largest discount, in basis points of the balance. */
  readonly maxDiscountBps: number;
  /** Settlement: the largest forgiven amount. */
  readonly maxForgivenMinor: bigint;
  /** Installment plan: the most installments. */
  readonly maxInstallments: number;
  /** Installment plan: the largest waived penalty interest + fees. */
  readonly maxWaivedMinor: bigint;
};

export type AuthorityMatrix = {
  readonly currency: string;
  /** Ascending seniority, e.g. collector, supervisor, manager, head_of_collections. */
  readonly roles: readonly string[];
  readonly limits: Readonly<Record<string, AuthorityLimits | undefined>>;
};

export type ApprovalRequest =
  | {
      readonly kind: 'settlement';
      readonly currency: string;
      readonly discount: DiscountFraction;
    }
  | {
      readonly kind: 'installment_plan';
      readonly currency: string;
      readonly installmentCount: number;
      readonly waivedMinor: bigint;
    };

export type Actor = { readonly userId: string; readonly role: string };

export type ApprovalDecision =
  | { readonly approved: true; readonly requiredRole: string }
  | {
      readonly approved: false;
      readonly requiredRole: string | null;
      /** In English, for the message. */
      readonly reason: string;
      readonly refusal: ArrangementRefusal;
    };

/** A starting matrix in CNY; each bank configures its own. */
export const exampleAuthorityMatrix: AuthorityMatrix = {
  currency: 'CNY',
  roles: ['collector', 'supervisor', 'manager', 'head_of_collections'],
  limits: {
    supervisor: {
      maxDiscountBps: 2_000,
      maxForgivenMinor: 2_000_000n,
      maxInstallments: 24,
      maxWaivedMinor: 500_000n,
    },
    manager: {
      maxDiscountBps: 4_000,
      maxForgivenMinor: 20_000_000n,
      maxInstallments: 60,
      maxWaivedMinor: 5_000_000n,
    },
    head_of_collections: {
      maxDiscountBps: 7_000,
      maxForgivenMinor: 200_000_000n,
      maxInstallments: 60,
      maxWaivedMinor: 50_000_000n,
    },
  },
};

function covers(l: AuthorityLimits, r: ApprovalRequest): boolean {
  if (r.kind === 'settlement')
    return (
      discountWithin(r.discount, l.maxDiscountBps) && r.discount.forgivenMinor <= l.maxForgivenMinor
    );
  return r.installmentCount <= l.maxInstallments && r.waivedMinor <= l.maxWaivedMinor;
}

/** The least senior role whose limits cover the request, or null when none does. */
export function requiredApprover(matrix: AuthorityMatrix, request: ApprovalRequest): string | null {
  if (request.currency !== matrix.currency)
    throw new AppError(
      'validation_failed',
      `currency: ${request.currency} differs from the authority matrix's ${matrix.currency}`,
      { field: 'currency' },
    );
  for (const role of matrix.roles) {
    const l = matrix.limits[role];
    if (l !== undefined && covers(l, request)) return role;
  }
  return null;
}

export function decideApproval(
  matrix: AuthorityMatrix,
  request: ApprovalRequest,
  maker: Actor,
  checker: Actor,
): ApprovalDecision {
  const requiredRole = requiredApprover(matrix, request);
  const refuse = (refusal: ArrangementRefusal, reason: string): ApprovalDecision => ({
    approved: false,
    requiredRole,
    reason,
    refusal,
  });
  if (!matrix.roles.includes(maker.role))
    return refuse('unknown_role', `unknown maker role "${maker.role}"`);
  if (requiredRole === null)
    return refuse('beyond_authority', 'beyond every role in the authority matrix');
  if (checker.userId === maker.userId)
    return refuse('maker_is_checker', 'maker and checker must be different people');
  const rank = matrix.roles.indexOf(checker.role);
  if (rank < 0) return refuse('unknown_role', `unknown checker role "${checker.role}"`);
  if (rank < matrix.roles.indexOf(requiredRole))
    return refuse('above_authority', `needs ${requiredRole} or above; ${checker.role} is below`);
  return { approved: true, requiredRole };
}
