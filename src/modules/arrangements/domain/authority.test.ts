import { describe, expect, it } from 'vitest';
import { decideApproval, exampleAuthorityMatrix as m, requiredApprover } from './authority.js';
import { discountOf } from './settlement.js';

const settlement = (forgiven: bigint, balance: bigint) => ({
  kind: 'settlement' as const,
  currency: 'CNY',
  discount: discountOf(forgiven, balance),
});
const plan = (installmentCount: number, waivedMinor: bigint) => ({
  kind: 'installment_plan' as const,
  currency: 'CNY',
  installmentCount,
  waivedMinor,
});

describe('requiredApprover', () => {
  it.each([
    ['10% of 10,000', settlement(100_000n, 1_000_000n), 'supervisor'],
    ['exactly 20%', settlement(200_000n, 1_000_000n), 'supervisor'],
    ['20.0001%', settlement(200_001n, 1_000_000n), 'manager'],
    ['10% but over the supervisor amount', settlement(2_000_001n, 20_000_010n), 'manager'],
    ['60%', settlement(600_000n, 1_000_000n), 'head_of_collections'],
    ['71%', settlement(710_000n, 1_000_000n), null],
    ['24 installments, small waiver', plan(24, 500_000n), 'supervisor'],
    ['25 installments', plan(25, 0n), 'manager'],
    ['a large waiver', plan(12, 5_000_001n), 'head_of_collections'],
  ])('%s -> %s', (_name, request, role) => {
    expect(requiredApprover(m, request)).toBe(role);
  });

  it('refuses a request in another currency', () => {
    expect(() => requiredApprover(m, { ...plan(1, 0n), currency: 'USD' })).toThrow('currency');
  });
});

describe('decideApproval: maker-checker', () => {
  const collector = { userId: 'u1', role: 'collector' };
  it.each([
    [
      'a supervisor within the limit',
      settlement(100_000n, 1_000_000n),
      { userId: 'u2', role: 'supervisor' },
      true,
      undefined,
      undefined,
    ],
    [
      'a manager for a supervisor-level request',
      settlement(100_000n, 1_000_000n),
      { userId: 'u3', role: 'manager' },
      true,
      undefined,
      undefined,
    ],
    [
      'a supervisor above the limit',
      settlement(300_000n, 1_000_000n),
      { userId: 'u2', role: 'supervisor' },
      false,
      'needs manager or above',
      'above_authority',
    ],
    [
      'a collector',
      settlement(1n, 1_000_000n),
      { userId: 'u4', role: 'collector' },
      false,
      'needs supervisor or above',
      'above_authority',
    ],
    [
      'the maker themself',
      settlement(1n, 1_000_000n),
      { userId: 'u1', role: 'head_of_collections' },
      false,
      'different people',
      'maker_is_checker',
    ],
    [
      'beyond the matrix',
      settlement(900_000n, 1_000_000n),
      { userId: 'u5', role: 'head_of_collections' },
      false,
      'beyond every role',
      'beyond_authority',
    ],
    [
      'an unknown role',
      settlement(1n, 1_000_000n),
      { userId: 'u6', role: 'intern' },
      false,
      'unknown checker role',
      'unknown_role',
    ],
  ])('%s', (_name, request, checker, approved, reason, refusal) => {
    const d = decideApproval(m, request, collector, checker);
    expect(d.approved).toBe(approved);
    if (!d.approved)
      expect(d).toMatchObject({ reason: expect.stringContaining(reason ?? ''), refusal });
  });
});
