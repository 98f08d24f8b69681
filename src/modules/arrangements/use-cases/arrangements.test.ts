import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { postPayment } from '../../payments/index.js';
import { checkLedger, insertBalances } from '../../payments/testing.js';
import { checkArrangements } from './check-arrangements.js';
import { decidePlan } from './decide-plan.js';
import { decideSettlement } from './decide-settlement.js';
import { proposePlan, type ProposePlanOptions } from './propose-plan.js';
import { proposeSettlement } from './propose-settlement.js';

const supervisor = { userId: 'S1', role: 'supervisor' };
const manager = { userId: 'M1', role: 'manager' };

describe.each(engines)('installment plans and settlements on %s', (engine) => {
  let f: FreshDatabase;
  let pid: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      `TRUNCATE plan_installments, installment_plans, settlements, debtor_flags, promise_payments,
         promises, ledger_entries, ledger_postings, ledger_charges, payments, accounts, debtors,
         portfolios CASCADE`,
    );
    pid = await seedPortfolio(f.db);
    await insertBalances(f.db, pid, [
      {
        accountId: 'A1',
        principalMinor: 120_000n,
        interestMinor: 3_000n,
        feesMinor: 2_000n,
        overdueMinor: 30_000n,
        oldestUnpaidDueDate: '2026-09-01',
      },
    ]);
  });

  const tx = <T>(fn: (tx: Parameters<Parameters<typeof f.db.transaction>[0]>[0]) => Promise<T>) =>
    f.db.transaction(fn);
  const propose = (o: Partial<Omit<ProposePlanOptions, 'tx'>> = {}) =>
    tx((t) =>
      proposePlan({
        tx: t,
        portfolioId: pid,
        accountId: 'A1',
        proposedBy: 'C1',
        agreedOn: '2026-11-25',
        installmentCount: 12,
        firstDueOn: '2026-12-25',
        penaltyInterest: 'freeze',
        fees: 'waive',
        graceDays: 5,
        hardship: { kind: 'unemployment', documents: ['doc-17'], note: 'laid off in October' },
        ...o,
      }),
    );
  const pay = (amountMinor: bigint, paidOn: string) =>
    tx((t) =>
      postPayment({
        tx: t,
        portfolioId: pid,
        accountId: 'A1',
        amountMinor,
        currency: 'CNY',
        paidOn,
        source: 'api',
      }),
    );
  const flags = () =>
    f.db.query<{ value: boolean }>(
      `SELECT value FROM debtor_flags WHERE flag = 'arrangement_active' ORDER BY flag_seq`,
    );

  it('proposes an exact schedule; approval writes off the waiver and sets arrangement_active', async () => {
    const { plan, installments } = await propose({
      downPaymentMinor: 5_000n,
      downPaymentDueOn: '2026-11-30',
    });
    expect(plan).toMatchObject({
      status: 'proposed',
      total_minor: 123_000n,
      waived_minor: 2_000n,
      required_role: 'supervisor',
    });
    expect(installments).toHaveLength(13);
    expect(installments.reduce((s, i) => s + i.amount_minor, 0n)).toBe(123_000n);
    expect(installments[12]!.amount_minor).toBe(118_000n - 9_833n * 11n);

    await expect(
      tx((t) =>
        decidePlan({
          tx: t,
          planId: plan.plan_id,
          checker: { userId: 'C1', role: 'manager' },
          decision: 'approve',
          decidedOn: '2026-11-25',
        }),
      ),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: /different people/,
      details: { reason: 'maker_is_checker' },
    });
    await expect(
      tx((t) =>
        decidePlan({
          tx: t,
          planId: plan.plan_id,
          checker: { userId: 'C2', role: 'collector' },
          decision: 'approve',
          decidedOn: '2026-11-25',
        }),
      ),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: {
        required_role: 'supervisor',
        reason: 'above_authority',
        checker_role: 'collector',
        installment_count: 12,
        waived_minor: '2000',
        currency: 'CNY',
      },
    });
    const active = await tx((t) =>
      decidePlan({
        tx: t,
        planId: plan.plan_id,
        checker: supervisor,
        decision: 'approve',
        decidedOn: '2026-11-25',
      }),
    );
    expect(active.status).toBe('active');
    expect(active.write_off_posting_id).not.toBeNull();
    const [a] = await f.db.query<{ fees_outstanding_minor: bigint }>(
      'SELECT fees_outstanding_minor FROM accounts',
    );
    expect(a!.fees_outstanding_minor).toBe(0n);
    expect(await flags()).toEqual([{ value: true }]);
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
  });

  it('refuses more than 60 installments, and above a supervisor a manager must approve', async () => {
    await expect(propose({ installmentCount: 61 })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'installmentCount' },
    });
    const { plan } = await propose({ installmentCount: 36 });
    expect(plan.required_role).toBe('manager');
    await expect(
      tx((t) =>
        decidePlan({
          tx: t,
          planId: plan.plan_id,
          checker: supervisor,
          decision: 'approve',
          decidedOn: '2026-11-25',
        }),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    const ok = await tx((t) =>
      decidePlan({
        tx: t,
        planId: plan.plan_id,
        checker: manager,
        decision: 'approve',
        decidedOn: '2026-11-25',
      }),
    );
    expect(ok.status).toBe('active');
  });

  it('a missed installment beyond the grace period breaks the plan and clears the flag', async () => {
    const { plan } = await propose();
    await tx((t) =>
      decidePlan({
        tx: t,
        planId: plan.plan_id,
        checker: supervisor,
        decision: 'approve',
        decidedOn: '2026-11-25',
      }),
    );
    await pay(10_250n, '2026-12-20'); // the first installment
    expect(await tx((t) => checkArrangements({ tx: t, asOf: '2027-01-30' }))).toMatchObject({
      broken: 0,
    });
    // the second (2027-01-25) is unpaid after 5 days of grace
    expect(await tx((t) => checkArrangements({ tx: t, asOf: '2027-01-31' }))).toMatchObject({
      broken: 1,
    });
    expect(await tx((t) => checkArrangements({ tx: t, asOf: '2027-01-31' }))).toMatchObject({
      broken: 0,
    });
    const [p] = await f.db.query<{ status: string; ended_on: string }>(
      'SELECT status, ended_on FROM installment_plans',
    );
    expect(p).toEqual({ status: 'broken', ended_on: '2027-01-31' });
    expect(await flags()).toEqual([{ value: true }, { value: false }]);
  });

  it('a settlement paid in time writes off the forgiven remainder as its own posting', async () => {
    const s = await tx((t) =>
      proposeSettlement({
        tx: t,
        portfolioId: pid,
        accountId: 'A1',
        proposedBy: 'C1',
        offeredOn: '2026-11-25',
        expiresOn: '2026-12-31',
        discountBps: 3_000,
      }),
    );
    expect(s).toMatchObject({
      balance_minor: 125_000n,
      amount_minor: 87_500n,
      forgiven_minor: 37_500n,
      required_role: 'manager',
    });
    await expect(
      tx((t) =>
        decideSettlement({
          tx: t,
          settlementId: s.settlement_id,
          checker: supervisor,
          decision: 'approve',
        }),
      ),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: {
        required_role: 'manager',
        reason: 'above_authority',
        checker_role: 'supervisor',
        forgiven_minor: '37500',
        currency: 'CNY',
      },
    });
    await tx((t) =>
      decideSettlement({
        tx: t,
        settlementId: s.settlement_id,
        checker: manager,
        decision: 'approve',
      }),
    );
    await pay(87_500n, '2026-12-10');
    expect(await tx((t) => checkArrangements({ tx: t, asOf: '2026-12-11' }))).toMatchObject({
      settled: 1,
    });
    const [a] = await f.db.query<{ total: bigint; overdue: bigint }>(
      `SELECT principal_outstanding_minor + interest_outstanding_minor + fees_outstanding_minor AS total,
         overdue_amount_minor AS overdue FROM accounts`,
    );
    expect(a).toEqual({ total: 0n, overdue: 0n });
    const kinds = await f.db.query<{ kind: string; memo: string }>(
      'SELECT kind, memo FROM ledger_postings ORDER BY posting_id',
    );
    expect(kinds.map((k) => k.kind)).toEqual(['charge', 'payment', 'write_off']);
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
  });

  it('an unpaid settlement expires', async () => {
    const s = await tx((t) =>
      proposeSettlement({
        tx: t,
        portfolioId: pid,
        accountId: 'A1',
        proposedBy: 'C1',
        offeredOn: '2026-11-25',
        expiresOn: '2026-12-31',
        amountMinor: 120_000n,
      }),
    );
    await tx((t) =>
      decideSettlement({
        tx: t,
        settlementId: s.settlement_id,
        checker: supervisor,
        decision: 'approve',
      }),
    );
    expect(await tx((t) => checkArrangements({ tx: t, asOf: '2027-01-01' }))).toMatchObject({
      expired: 1,
      settled: 0,
    });
  });
});
