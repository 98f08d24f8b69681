/** The bank's authority matrix: settings key authority_matrix (JSON), else the example matrix. */
import type { Queryable } from '../../shared/db/types.js';
import { findAuthorityMatrixSetting } from './arrangement-store.js';
import {
  balanceStructureOf,
  buildInstallmentPlan,
  exampleAuthorityMatrix,
  type AuthorityLimits,
  type AuthorityMatrix,
  type InstallmentPlan,
} from './domain/index.js';
import type { PlanRow } from './arrangement-store.js';

type LimitsJson = {
  maxDiscountBps: number;
  maxForgivenMinor: string;
  maxInstallments: number;
  maxWaivedMinor: string;
};

export async function authorityMatrix(tx: Queryable): Promise<AuthorityMatrix> {
  const text = await findAuthorityMatrixSetting(tx);
  if (text === null) return exampleAuthorityMatrix;
  const j = JSON.parse(text) as {
    currency: string;
    roles: string[];
    limits: Record<string, LimitsJson>;
  };
  const limits: Record<string, AuthorityLimits> = {};
  for (const [role, l] of Object.entries(j.limits))
    limits[role] = {
      maxDiscountBps: l.maxDiscountBps,
      maxForgivenMinor: BigInt(l.maxForgivenMinor),
      maxInstallments: l.maxInstallments,
      maxWaivedMinor: BigInt(l.maxWaivedMinor),
    };
  return { currency: j.currency, roles: j.roles, limits };
}

/** The stored plan's schedule, rebuilt from its terms exactly as when it was proposed. */
export function planOf(row: PlanRow): InstallmentPlan {
  const b = row.balance;
  return buildInstallmentPlan({
    currency: row.currency,
    balance: {
      principalMinor: BigInt(b.principalMinor ?? '0'),
      interestMinor: BigInt(b.interestMinor ?? '0'),
      penaltyInterestMinor: BigInt(b.penaltyInterestMinor ?? '0'),
      feeMinor: BigInt(b.feeMinor ?? '0'),
    },
    agreedOn: row.agreed_on,
    installmentCount: row.installment_count,
    firstDueDate: row.first_due_on,
    ...(row.down_payment_minor > 0n
      ? {
          downPaymentMinor: row.down_payment_minor,
          downPaymentDueDate: row.down_payment_due_on ?? row.agreed_on,
        }
      : {}),
    penaltyInterest: row.penalty_interest,
    fees: row.fees,
  });
}

export { balanceStructureOf };
