import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { insertAccounts, seedPortfolio } from '../../../../test/support/accounts.js';
import { creditPromises } from './credit-promises.js';
import { makePromise } from './make-promise.js';
import { resolvePromises } from './resolve-promises.js';

type Status = {
  promise_id: bigint;
  status: string;
  paid_minor: bigint;
  resolved_on: string | null;
};

describe.each(engines)('promises to pay on %s', (engine) => {
  let f: FreshDatabase;
  let portfolio: bigint;

  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(async () => {
    await f.drop();
  });
  beforeEach(async () => {
    await f.db.exec('TRUNCATE promise_payments, promises, accounts, debtors, portfolios CASCADE');
    portfolio = await seedPortfolio(f.db);
    await insertAccounts(f.db, portfolio, [
      {
        accountId: 'A1',
        overdueMinor: 50_000n,
        oldestUnpaidDueDate: '2026-10-01',
        nextDueDate: null,
      },
      { accountId: 'A2', overdueMinor: 0n, oldestUnpaidDueDate: null, nextDueDate: null },
    ]);
  });

  const promise = (amountMinor: bigint, madeOn: string, promisedOn: string, accountId = 'A1') =>
    f.db.transaction((tx) =>
      makePromise({
        tx,
        portfolioId: portfolio,
        accountId,
        amountMinor,
        currency: 'CNY',
        madeOn,
        promisedOn,
      }),
    );
  const credit = (amountMinor: bigint, paidOn: string, paymentRef: string, accountId = 'A1') =>
    f.db.transaction((tx) =>
      creditPromises({
        tx,
        portfolioId: portfolio,
        accountId,
        currency: 'CNY',
        amountMinor,
        paidOn,
        paymentRef,
      }),
    );
  const resolve = (asOf: string, tolerance = {}) =>
    f.db.transaction((tx) => resolvePromises({ tx, asOf, tolerance }));
  const statuses = () =>
    f.db.query<Status>(
      'SELECT promise_id, status, paid_minor, resolved_on FROM promises ORDER BY promise_id',
    );

  it('refuses bad promises, naming the field', async () => {
    await expect(promise(0n, '2026-11-01', '2026-11-05')).rejects.toThrow(/amount_minor/);
    await expect(promise(100n, '2026-11-05', '2026-11-01')).rejects.toThrow(
      /promised_on: 2026-11-01 is before/,
    );
    await expect(promise(100n, '2026-11-01', '2027-03-01')).rejects.toThrow(/installment plan/);
    await expect(promise(100n, '2026-11-01', '2026-13-01')).rejects.toThrow(/promised_on/);
    await expect(promise(100n, '2026-11-01', '2026-11-05', 'NOPE')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      f.db.transaction((tx) =>
        makePromise({
          tx,
          portfolioId: portfolio,
          accountId: 'A1',
          amountMinor: 100n,
          currency: 'USD',
          madeOn: '2026-11-01',
          promisedOn: '2026-11-05',
        }),
      ),
    ).rejects.toThrow(/currency: USD differs from the account currency CNY/);
    expect(await statuses()).toEqual([]);
  });

  it('credits payments oldest due first, once per payment reference', async () => {
    const { promiseId: p1 } = await promise(30_000n, '2026-11-01', '2026-11-10');
    const { promiseId: p2 } = await promise(20_000n, '2026-11-02', '2026-11-20');
    const first = await credit(40_000n, '2026-11-05', 'pay-1');
    expect(first.credited).toEqual([
      { promiseId: p1, amountMinor: 30_000n },
      { promiseId: p2, amountMinor: 10_000n },
    ]);
    // the same payment again: same answer, nothing more credited
    expect(await credit(40_000n, '2026-11-05', 'pay-1')).toEqual(first);
    const rows = await statuses();
    expect(rows.map((r) => r.paid_minor)).toEqual([30_000n, 10_000n]);
  });

  it('counts only payments inside a promise window and only on its account', async () => {
    await promise(10_000n, '2026-11-05', '2026-11-10');
    expect((await credit(10_000n, '2026-11-04', 'before')).credited).toEqual([]);
    expect((await credit(10_000n, '2026-11-11', 'after')).credited).toEqual([]);
    expect((await credit(10_000n, '2026-11-06', 'other', 'A2')).credited).toEqual([]);
    expect((await statuses())[0]?.paid_minor).toBe(0n);
  });

  it('resolves kept on the covering payment day and broken the day after the date', async () => {
    await promise(10_000n, '2026-11-01', '2026-11-10');
    await promise(10_000n, '2026-11-01', '2026-11-10');
    await promise(10_000n, '2026-11-01', '2026-11-30');
    await credit(4_000n, '2026-11-03', 'a');
    await credit(10_000n, '2026-11-07', 'b');
    // before the date: the covered one is kept, the partial one stays open
    expect(await resolve('2026-11-08')).toEqual({ kept: 1, broken: 0 });
    expect(await resolve('2026-11-11')).toEqual({ kept: 0, broken: 1 });
    expect(await resolve('2026-11-11')).toEqual({ kept: 0, broken: 0 });
    const rows = await statuses();
    expect(rows.map((r) => [r.status, r.paid_minor, r.resolved_on])).toEqual([
      ['kept', 10_000n, '2026-11-07'],
      ['broken', 4_000n, '2026-11-11'],
      ['open', 0n, null],
    ]);
  });

  it('applies a tolerance: a small shortfall keeps the promise', async () => {
    await promise(10_000n, '2026-11-01', '2026-11-10');
    await credit(9_950n, '2026-11-09', 'short');
    expect(await resolve('2026-11-11', { minor: 100n })).toEqual({ kept: 1, broken: 0 });
  });

  it('two concurrent credits of one payment credit it once', async () => {
    await promise(10_000n, '2026-11-01', '2026-11-10');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => credit(10_000n, '2026-11-05', 'same')),
    );
    for (const r of results) expect(r).toEqual(results[0]);
    expect((await statuses())[0]?.paid_minor).toBe(10_000n);
  });
});
