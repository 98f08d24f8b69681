/**
 * A debtor's accounts folded into the few numbers segmentation needs, so that the cycle can read
 * them set-based (one GROUP BY row per debtor) instead of every account. `factsOfAggregate` gives
 * exactly the facts `debtorFacts` gives for the accounts themselves (a property test checks it).
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import {
  debtorFacts,
  type AccountAging,
  type DebtorFacts,
  type DebtorHistory,
} from './segmentation.js';
import { buckets, riskClasses, type Bucket, type RiskClass } from './vocabulary.js';

export type DebtorAggregate = {
  /** Accounts with DPD > 0. */
  readonly delinquentAccounts: number;
  /** The worst DPD over the delinquent accounts. */
  readonly worstDpd: number;
  /** The worst bucket over the delinquent accounts (the bucket grows with DPD). */
  readonly worstBucket: Bucket;
  /** The worst risk class over the delinquent accounts. */
  readonly riskClass: RiskClass;
  /** Outstanding minor units by currency over all the debtor's accounts. */
  readonly balances: Readonly<Record<string, bigint>>;
};

const bucketRank = (b: Bucket) => buckets.indexOf(b);
const riskRank = (r: RiskClass) => riskClasses.indexOf(r);

/** The aggregate of a debtor's accounts; null when none is delinquent. */
export function aggregateAccounts(accounts: readonly AccountAging[]): DebtorAggregate | null {
  let delinquentAccounts = 0;
  let worstDpd = 0;
  let worstBucket: Bucket = 'current';
  let riskClass: RiskClass = 'normal';
  const balances: Record<string, bigint> = {};
  for (const a of accounts) {
    balances[a.currency] = (balances[a.currency] ?? 0n) + a.outstandingMinor;
    if (a.dpd <= 0) continue;
    delinquentAccounts++;
    if (a.dpd > worstDpd) worstDpd = a.dpd;
    if (bucketRank(a.bucket) > bucketRank(worstBucket)) worstBucket = a.bucket;
    if (riskRank(a.riskClass) > riskRank(riskClass)) riskClass = a.riskClass;
  }
  if (delinquentAccounts === 0) return null;
  return { delinquentAccounts, worstDpd, worstBucket, riskClass, balances };
}

/**
 * The debtor's facts from its aggregate: the domain's own `debtorFacts` over one account that
 * stands for the worst (so history facts such as days unreached are derived in one place), with
 * the counts and balances of the whole debtor.
 */
export function factsOfAggregate(
  aggregate: DebtorAggregate,
  history: DebtorHistory,
  asOf: CalendarDate,
): DebtorFacts {
  const worst: AccountAging = {
    accountId: '',
    product: 'other',
    bucket: aggregate.worstBucket,
    dpd: aggregate.worstDpd,
    riskClass: aggregate.riskClass,
    currency: 'XXX',
    outstandingMinor: 0n,
    overdueMinor: 0n,
  };
  const facts = debtorFacts([worst], history, asOf);
  if (facts === null) throw new RangeError('a debtor aggregate must have a delinquent account');
  return {
    ...facts,
    delinquentAccounts: aggregate.delinquentAccounts,
    balances: aggregate.balances,
  };
}
