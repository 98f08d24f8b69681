import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { makePromise, resolvePromises, takeBackPromiseCredits } from '../../arrangements/index.js';
import { checkLedger, insertBalances } from '../testing.js';
import { postPayment } from './post-payment.js';
import { reversePayment } from './reverse-payment.js';

type PromiseState = { status: string; paid_minor: bigint; resolved_on: string | null };

describe.each(engines)(
  'a reversal takes back what the payment credited to promises, on %s',
  (engine) => {
    let f: FreshDatabase;
    let pid: bigint;
    beforeAll(async () => {
      f = await freshDatabase(engine);
    });
    afterAll(() => f.drop());
    beforeEach(async () => {
      await f.db.exec(
        `TRUNCATE promise_credit_reversals, promise_payments, promises, ledger_entries,
         ledger_postings, ledger_charges, payments, accounts, debtors, portfolios CASCADE`,
      );
      pid = await seedPortfolio(f.db);
      await insertBalances(f.db, pid, [
        {
          accountId: 'A1',
          principalMinor: 100_000n,
          overdueMinor: 20_000n,
          oldestUnpaidDueDate: '2026-09-10',
        },
      ]);
    });

    const promise = async (amountMinor: bigint, madeOn: string, promisedOn: string) =>
      (
        await f.db.transaction((tx) =>
          makePromise({
            tx,
            portfolioId: pid,
            accountId: 'A1',
            amountMinor,
            currency: 'CNY',
            madeOn,
            promisedOn,
          }),
        )
      ).promiseId;
    const pay = async (amountMinor: bigint, paidOn: string) =>
      f.db.transaction((tx) =>
        postPayment({
          tx,
          portfolioId: pid,
          accountId: 'A1',
          amountMinor,
          currency: 'CNY',
          paidOn,
          source: 'api',
        }),
      );
    const reverse = (paymentId: bigint, reversedOn: string) =>
      f.db.transaction((tx) => reversePayment({ tx, paymentId, reversedOn }));
    const cycle = (asOf: string) => f.db.transaction((tx) => resolvePromises({ tx, asOf }));
    const state = async (id: bigint) =>
      (
        await f.db.query<PromiseState>(
          'SELECT status, paid_minor, resolved_on FROM promises WHERE promise_id = $1',
          [id],
        )
      )[0] as PromiseState;
    const credits = () =>
      f.db.query<{ payment_ref: string; amount_minor: bigint }>(
        'SELECT payment_ref, amount_minor FROM promise_payments ORDER BY payment_ref',
      );

    it('an open promise loses the credit: nothing paid toward it any more', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-25');
      const p = await pay(3_000n, '2026-11-20');
      expect(p.promisesCredited).toEqual([{ promiseId: id, amountMinor: 3_000n }]);
      const r = await reverse(p.payment.payment_id, '2026-11-20');
      expect(r.promisesTakenBack).toEqual([
        { promiseId: id, amountMinor: 3_000n, reopened: false },
      ]);
      expect(await state(id)).toEqual({ status: 'open', paid_minor: 0n, resolved_on: null });
      expect(await credits()).toEqual([]);
      // the cycle the next day does not find it kept: it waits for its date, then breaks
      expect(await cycle('2026-11-21')).toEqual({ kept: 0, broken: 0 });
      expect(await cycle('2026-11-26')).toEqual({ kept: 0, broken: 1 });
      expect(await state(id)).toMatchObject({ status: 'broken', resolved_on: '2026-11-26' });
    });

    it('a kept promise whose date has not passed reopens, and can be kept by a new payment', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-25');
      const p = await pay(3_000n, '2026-11-20');
      expect(await cycle('2026-11-21')).toEqual({ kept: 1, broken: 0 });
      expect(await state(id)).toEqual({
        status: 'kept',
        paid_minor: 3_000n,
        resolved_on: '2026-11-20',
      });

      const r = await reverse(p.payment.payment_id, '2026-11-22');
      expect(r.promisesTakenBack).toEqual([{ promiseId: id, amountMinor: 3_000n, reopened: true }]);
      expect(await state(id)).toEqual({ status: 'open', paid_minor: 0n, resolved_on: null });
      expect(
        await f.db.query(
          'SELECT promise_id, payment_ref, amount_minor, paid_on, reversed_on, prior_status FROM promise_credit_reversals',
        ),
      ).toEqual([
        {
          promise_id: id,
          payment_ref: `payment:${p.payment.payment_id}`,
          amount_minor: 3_000n,
          paid_on: '2026-11-20',
          reversed_on: '2026-11-22',
          prior_status: 'kept',
        },
      ]);
      expect(await cycle('2026-11-23')).toEqual({ kept: 0, broken: 0 });
      expect((await state(id)).status).toBe('open');

      await pay(3_000n, '2026-11-24');
      expect(await cycle('2026-11-25')).toEqual({ kept: 1, broken: 0 });
      expect(await state(id)).toEqual({
        status: 'kept',
        paid_minor: 3_000n,
        resolved_on: '2026-11-24',
      });
    });

    it('a kept promise whose date has passed reopens and breaks at the next cycle', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-21');
      const p = await pay(3_000n, '2026-11-20');
      await cycle('2026-11-22');
      expect((await state(id)).status).toBe('kept');
      await reverse(p.payment.payment_id, '2026-11-28');
      expect((await state(id)).status).toBe('open');
      expect(await cycle('2026-11-29')).toEqual({ kept: 0, broken: 1 });
      // broken as it was in truth: on the day after its date
      expect(await state(id)).toEqual({
        status: 'broken',
        paid_minor: 0n,
        resolved_on: '2026-11-22',
      });
    });

    it('a kept promise reopens with what the other payments paid; a new payment keeps it again', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-25');
      const a = await pay(1_000n, '2026-11-18');
      const b = await pay(2_000n, '2026-11-19');
      await cycle('2026-11-20');
      expect((await state(id)).status).toBe('kept');
      await reverse(b.payment.payment_id, '2026-11-21');
      expect(await state(id)).toEqual({ status: 'open', paid_minor: 1_000n, resolved_on: null });
      expect(await credits()).toEqual([
        { payment_ref: `payment:${a.payment.payment_id}`, amount_minor: 1_000n },
      ]);
      await pay(2_000n, '2026-11-22');
      expect(await cycle('2026-11-23')).toEqual({ kept: 1, broken: 0 });
      expect(await state(id)).toMatchObject({ status: 'kept', resolved_on: '2026-11-22' });
    });

    it('a payment that credited no promise leaves a kept promise kept', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-25');
      await pay(3_000n, '2026-11-18');
      const extra = await pay(1_000n, '2026-11-19');
      expect(extra.promisesCredited).toEqual([]);
      await cycle('2026-11-20');
      const r = await reverse(extra.payment.payment_id, '2026-11-21');
      expect(r.promisesTakenBack).toEqual([]);
      expect(await state(id)).toEqual({
        status: 'kept',
        paid_minor: 3_000n,
        resolved_on: '2026-11-18',
      });
    });

    it('a broken promise stays broken; the credit is still taken back', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-21');
      const p = await pay(1_000n, '2026-11-20');
      await cycle('2026-11-22');
      expect(await state(id)).toEqual({
        status: 'broken',
        paid_minor: 1_000n,
        resolved_on: '2026-11-22',
      });
      const r = await reverse(p.payment.payment_id, '2026-11-23');
      expect(r.promisesTakenBack).toEqual([
        { promiseId: id, amountMinor: 1_000n, reopened: false },
      ]);
      expect(await state(id)).toEqual({
        status: 'broken',
        paid_minor: 0n,
        resolved_on: '2026-11-22',
      });
    });

    it('idempotent: taking back again changes nothing, a second reversal is refused', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-25');
      const p = await pay(3_000n, '2026-11-20');
      await cycle('2026-11-21');
      await reverse(p.payment.payment_id, '2026-11-22');
      const again = await f.db.transaction((tx) =>
        takeBackPromiseCredits({
          tx,
          portfolioId: pid,
          accountId: 'A1',
          paymentRef: `payment:${p.payment.payment_id}`,
          reversedOn: '2026-11-23',
        }),
      );
      expect(again.takenBack).toEqual([]);
      await expect(reverse(p.payment.payment_id, '2026-11-23')).rejects.toMatchObject({
        code: 'conflict',
        details: { reason: 'already_reversed', reversed_on: '2026-11-22' },
      });
      expect(await state(id)).toEqual({ status: 'open', paid_minor: 0n, resolved_on: null });
      expect(await f.db.query('SELECT 1 FROM promise_credit_reversals')).toHaveLength(1);
    });

    it('in the same transaction: a reversal rolled back leaves the promise kept and credited', async () => {
      const id = await promise(3_000n, '2026-11-15', '2026-11-25');
      const p = await pay(3_000n, '2026-11-20');
      await cycle('2026-11-21');
      await expect(
        f.db.transaction(async (tx) => {
          await reversePayment({ tx, paymentId: p.payment.payment_id, reversedOn: '2026-11-22' });
          throw new Error('the caller fails after the reversal');
        }),
      ).rejects.toThrow('the caller fails');
      expect(await state(id)).toEqual({
        status: 'kept',
        paid_minor: 3_000n,
        resolved_on: '2026-11-20',
      });
      expect(await credits()).toHaveLength(1);
      const ledger = await checkLedger(f.db);
      expect(ledger).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
    });
  },
);
