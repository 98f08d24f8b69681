/**
 * For the privacy tests: people with personal data in every table that can hold it, imported
 * through the real loan tape import, paid off through the real payment posting (which closes the
 * account), with outcomes, flags, messages, task notes, plans and bank statement details written
 * as those modules write them.
 */
import { row, source, tapeCsv } from '../../../test/support/tape.js';
import type { Db } from '../../shared/db/types.js';
import { setDebtorFlag } from '../compliance/index.js';
import { testCipher } from '../compliance/testing.js';
import { postPayment } from '../payments/index.js';
import { importPortfolio } from '../portfolio/index.js';

export type Person = {
  debtorId: string;
  accountId: string;
  name: string;
  nationalId: string;
  phone: string;
  email: string;
  wechatId: string;
  address: string;
  /** free text written about them (notes, reasons, a representative's name) */
  secret: string;
};

export function person(n: number): Person {
  return {
    debtorId: `D${n}`,
    accountId: `A${n}`,
    name: `王秀英${n}`,
    nationalId: `11010119900307${String(4500 + n)}`,
    phone: `+86139001${String(n).padStart(5, '0')}`,
    email: `wang.xy${n}@example.com`,
    wechatId: `wx_wangxy_${n}`,
    address: `上海市徐汇区漕溪北路${n}号`,
    secret: `SECRET-NOTE-${n}-律师李明`,
  };
}

/** The values that identify the person (for scans of the database). */
export function identifiers(p: Person): string[] {
  return [p.name, p.nationalId, p.phone, p.email, p.wechatId, p.address, p.secret];
}

/** Imports the people (one CNY credit card each: 12,180.75 owed) into a new portfolio. */
export async function importPeople(db: Db, portfolio: string, people: Person[]): Promise<bigint> {
  const tape = tapeCsv(
    people.map((p) =>
      row({
        account_id: p.accountId,
        debtor_id: p.debtorId,
        debtor_name: p.name,
        national_id: p.nationalId,
        phone: p.phone,
        email: p.email,
        wechat_id: p.wechatId,
        address: p.address,
      }),
    ),
  );
  await importPortfolio({
    db,
    cipher: testCipher,
    portfolio,
    source: source(tape),
    sourceName: 'people.csv',
  });
  const [p] = await db.query<{ portfolio_id: bigint }>(
    'SELECT portfolio_id FROM portfolios WHERE name = $1',
    [portfolio],
  );
  return p!.portfolio_id;
}

/** Pays the account off on a day (which closes it, paid off, that day). */
export async function payOff(db: Db, portfolioId: bigint, p: Person, paidOn: string) {
  return db.transaction((tx) =>
    postPayment({
      tx,
      portfolioId,
      accountId: p.accountId,
      amountMinor: 1_218_075n,
      currency: 'CNY',
      paidOn,
      reference: `E2E-${p.accountId}`,
      source: 'api',
    }),
  );
}

/**
 * Writes what the work on a person leaves: a call with a dispute outcome (reason, a
 * representative's name), a flag set with a reason, a message sent to their phone naming them, a
 * field visit's report, a plan with hardship notes, a bank statement entry naming them.
 */
export async function recordWork(db: Db, portfolioId: bigint, p: Person): Promise<void> {
  await db.query(
    `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, collector_id, channel,
       number_digest, attempted_at, local_date, answered, conversation, outcome, outcome_details,
       outcome_recorded_at)
     VALUES ($1, $2, $3, 'C1', 'call', $4, '2020-03-02T02:00:00Z', '2020-03-02', true, true,
       'represented', $5::jsonb, '2020-03-02T02:05:00Z')`,
    [
      portfolioId,
      p.accountId,
      p.debtorId,
      testCipher.digest(p.phone),
      JSON.stringify({ agent_name: p.secret, power_of_attorney_ref: p.secret, note: p.secret }),
    ],
  );
  await setDebtorFlag({
    db,
    portfolioId,
    debtorId: p.debtorId,
    flag: 'dispute',
    value: true,
    at: new Date('2020-03-02T02:05:00Z'),
    source: 'api',
    reason: p.secret,
    actor: 'user:compliance',
  });
  await setDebtorFlag({
    db,
    portfolioId,
    debtorId: p.debtorId,
    flag: 'dispute',
    value: false,
    at: new Date('2020-03-20T02:05:00Z'),
    source: 'api',
    reason: `resolved: ${p.secret}`,
    actor: 'user:compliance',
  });
  const [a] = await db.query<{ attempt_id: bigint }>(
    `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, attempted_at,
       local_date, template_id)
     VALUES ($1, $2, $3, 'sms', '2020-03-03T02:00:00Z', '2020-03-03', 'reminder')
     RETURNING attempt_id`,
    [portfolioId, p.accountId, p.debtorId],
  );
  await db.query(
    `INSERT INTO message_outbox (portfolio_id, attempt_id, account_id, debtor_id, channel,
       template_id, template_version, locale, to_sealed, subject, body, idempotency_key, status,
       next_try_at, provider_message_id, sent_at)
     VALUES ($1, $2, $3, $4, 'sms', 'reminder', 1, 'zh-CN', $5, NULL, $6, $7, 'sent',
       '2020-03-03T02:00:00Z', 'prov-1', '2020-03-03T02:00:01Z')`,
    [
      portfolioId,
      a!.attempt_id,
      p.accountId,
      p.debtorId,
      testCipher.encrypt(p.phone),
      `${p.name}您好，请于12月1日前还款`,
      `msg-${p.accountId}`,
    ],
  );
  const [action] = await db.query<{ action_id: bigint }>(
    `INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
       strategy_id, strategy_version, arm, due_on, planned_on, reason, status, done_at)
     VALUES ($1, $2, $3, $4, 'treatment', 'field_visit', 'field', 'default', 1, 'champion',
       '2020-03-05', '2020-03-04', '{}'::jsonb, 'done', '2020-03-05T06:00:00Z')
     RETURNING action_id`,
    [portfolioId, `visit:${p.accountId}`, p.accountId, p.debtorId],
  );
  await db.query(
    `INSERT INTO task_reports (portfolio_id, action_id, collector_id, note)
     VALUES ($1, $2, 'C1', $3)`,
    [portfolioId, action!.action_id, `met at ${p.address}: ${p.secret}`],
  );
  await db.query(
    `INSERT INTO installment_plans (portfolio_id, account_id, debtor_id, currency, status,
       agreed_on, installment_count, first_due_on, penalty_interest, fees, grace_days, balance,
       total_minor, waived_minor, hardship, proposed_by, decision_reason)
     VALUES ($1, $2, $3, 'CNY', 'rejected', '2020-03-04', 3, '2020-04-01', 'accrue', 'accrue', 5,
       '{}'::jsonb, 1218075, 0, $4::jsonb, 'C1', $5)`,
    [
      portfolioId,
      p.accountId,
      p.debtorId,
      JSON.stringify({ kind: 'illness', documents: [p.secret], note: p.secret }),
      p.secret,
    ],
  );
  const [imp] = await db.query<{ import_id: bigint }>(
    `INSERT INTO statement_imports (format, source_name, file_sha256, entries, posted, review,
       ignored, duplicates)
     VALUES ('csv', 's.csv', 'x', 1, 1, 0, 0, 0) RETURNING import_id`,
  );
  const [pay] = await db.query<{ payment_id: bigint }>(
    'SELECT payment_id FROM payments WHERE portfolio_id = $1 AND account_id = $2 LIMIT 1',
    [portfolioId, p.accountId],
  );
  await db.query(
    `INSERT INTO statement_entries (entry_key, import_id, statement_id, bank_account, entry_index,
       amount_minor, currency, direction, booking_date, details, status, candidates,
       portfolio_id, account_id, payment_id)
     VALUES ($1, $2, 'S1', 'CN-COLLECT', 1, 1218075, 'CNY', 'credit', '2020-06-30', $3::jsonb,
       'posted', $4::jsonb, $5, $6, $7)`,
    [
      `e2e:${p.accountId}`,
      imp!.import_id,
      JSON.stringify({ debtor_name: p.name, debtor_account: p.nationalId, remittance: p.secret }),
      JSON.stringify([{ account_id: p.accountId, reasons: [`name ${p.name}`] }]),
      portfolioId,
      p.accountId,
      pay?.payment_id ?? null,
    ],
  );
}
