/**
 * A full day of collection work for the demo, through the same use cases a team uses: the team
 * and the message library, six past month ends (seedDemoHistory), yesterday's cycle (segments and planned actions), phone collectors
 * working yesterday's queue (claim, the live gate, outcomes, promises, payments), then today's
 * cycle (promises kept or broken, escalations, new actions). The war room then has something to
 * say on the first start. Deterministic for a seed; runs once per database.
 */
import { addDays, type CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { isAppError } from '../../../shared/errors.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { seedDemoTemplates } from '../../channels/index.js';
import { attemptContact } from '../../compliance/index.js';
import { runDailyCycle } from '../../cycle/index.js';
import { postPayment } from '../../payments/index.js';
import { demoCollectors, seedDemoPeople } from '../../people/index.js';
import {
  claimNextCase,
  recordOutcome,
  releaseCase,
  type OutcomeInput,
  type WorkCase,
} from '../../queues/index.js';
import { random } from '../domain/history.js';
import { localInstant } from '../local-instant.js';
import { seedDemoHistory, type DemoHistorySummary } from './seed-demo-history.js';

export type SeedDemoDayOptions = {
  db: Db;
  cipher: PiiCipher;
  today: CalendarDate;
  /** cases each phone collector works yesterday */
  casesPerCollector?: number;
  seed?: number;
};

export type DemoDaySummary = {
  yesterday: CalendarDate;
  today: CalendarDate;
  collectors: number;
  cases_worked: number;
  attempts: number;
  blocked: number;
  outcomes: Record<string, number>;
  promises: number;
  payments: number;
  /** the past month ends replayed before the day, and the payments made between them */
  history: DemoHistorySummary;
};

const seededKey = 'demo.day_seeded';

type Pick =
  | 'no_answer'
  | 'wrong_number'
  | 'promise_to_pay'
  | 'paid'
  | 'refuses'
  | 'callback_requested'
  | 'dispute'
  | 'hardship_claimed';

/** Outcomes of answered and unanswered calls in roughly the shares a phone team sees. */
const outcomeShares: readonly [Pick, number][] = [
  ['no_answer', 0.4],
  ['wrong_number', 0.06],
  ['promise_to_pay', 0.24],
  ['paid', 0.08],
  ['refuses', 0.08],
  ['callback_requested', 0.07],
  ['dispute', 0.04],
  ['hardship_claimed', 0.03],
];

function pickOutcome(r: number): Pick {
  let acc = 0;
  for (const [o, share] of outcomeShares) {
    acc += share;
    if (r < acc) return o;
  }
  return 'no_answer';
}

function half(minor: bigint): bigint {
  const h = minor / 2n;
  return h > 0n ? h : minor;
}

/** Runs once per database; null when the demo day was already seeded. */
export async function seedDemoDay(opts: SeedDemoDayOptions): Promise<DemoDaySummary | null> {
  const { db, cipher, today } = opts;
  const [done] = await db.query('SELECT 1 FROM settings WHERE key = $1', [seededKey]);
  if (done) return null;
  const rand = random(opts.seed ?? 20_261_125);
  const perCollector = opts.casesPerCollector ?? 25;
  const yesterday = addDays(today, -1);
  await db.transaction(async (tx) => {
    await seedDemoPeople({ tx });
    await seedDemoTemplates({ tx });
  });
  const history = await seedDemoHistory({ db, before: yesterday });
  await runDailyCycle({ db, asOf: yesterday });

  const summary: DemoDaySummary = {
    yesterday,
    today,
    collectors: 0,
    cases_worked: 0,
    attempts: 0,
    blocked: 0,
    outcomes: {},
    promises: 0,
    payments: 0,
    history,
  };
  const phone = demoCollectors.filter((c) => c.unit === 'phone' && c.agency_id === null);
  summary.collectors = phone.length;
  for (const [i, collector] of phone.entries()) {
    for (let n = 0; n < perCollector; n++) {
      const work: WorkCase | null = await claimNextCase({
        db,
        collectorId: collector.collector_id,
        unit: 'phone',
        today: yesterday,
      });
      if (work === null) break;
      summary.cases_worked++;
      // 09:30 onwards in the debtor's zone, a call every 12 minutes per collector
      const at = localInstant(yesterday, 9 * 60 + 30 + n * 12 + i * 3, work.timezone);
      await workCase(db, cipher, collector.collector_id, work, at, yesterday, rand, summary);
    }
  }
  await runDailyCycle({ db, asOf: today });
  await db.execute(
    `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
    [seededKey, JSON.stringify({ yesterday, today })],
  );
  return summary;
}

async function workCase(
  db: Db,
  cipher: PiiCipher,
  collectorId: string,
  work: WorkCase,
  at: Date,
  day: CalendarDate,
  rand: () => number,
  summary: DemoDaySummary,
): Promise<void> {
  const action = work.actions.find((a) => a.channel === 'call') ?? work.actions[0];
  const account = work.accounts.find((a) => a.account_id === action?.account_id);
  if (action === undefined || account === undefined) {
    await releaseCase({ db, collectorId, caseId: work.caseId });
    return;
  }
  const attempt = await attemptContact({
    db,
    cipher,
    portfolioId: work.portfolioId,
    accountId: account.account_id,
    debtorId: work.debtorId,
    channel: 'call',
    recipient: 'debtor',
    collectorId,
    identityDisclosed: true,
    actionId: action.action_id,
    at,
  });
  summary.attempts++;
  if (!attempt.allowed || attempt.attemptId === null) {
    summary.blocked++;
    await releaseCase({ db, collectorId, caseId: work.caseId });
    return;
  }
  const drawn = pickOutcome(rand());
  // A pre-due reminder call (nothing overdue yet) ends with a reminder heard, not a payment talk.
  const preDue = account.overdue_amount_minor === 0n;
  const pick: Pick =
    preDue && !['no_answer', 'wrong_number', 'refuses'].includes(drawn)
      ? 'callback_requested'
      : drawn;
  const overdue = account.overdue_amount_minor;
  let input: OutcomeInput;
  switch (pick) {
    case 'promise_to_pay':
      input = {
        outcome: 'promise_to_pay',
        amount_minor: String(overdue),
        currency: account.currency,
        // due from the same day to five days on: some are broken or fall due in today's briefing
        promised_on: addDays(day, Math.floor(rand() * 6)),
      };
      break;
    case 'paid':
      input = { outcome: 'paid', note: 'debtor says paid by bank transfer' };
      break;
    case 'refuses':
      input = { outcome: 'refuses', cease_contact_requested: false };
      break;
    case 'callback_requested':
      input = {
        outcome: 'callback_requested',
        callback_at: localInstant(addDays(day, 1), 14 * 60, work.timezone).toISOString(),
      };
      break;
    case 'dispute':
      input = { outcome: 'dispute', reason: 'debtor disputes the late fees charged' };
      break;
    case 'hardship_claimed':
      input = { outcome: 'hardship_claimed', documents: [], note: 'job loss; documents to follow' };
      break;
    default:
      input = { outcome: pick };
  }
  try {
    const r = await recordOutcome({ db, collectorId, attemptId: attempt.attemptId, input });
    summary.outcomes[pick] = (summary.outcomes[pick] ?? 0) + 1;
    if (r.promiseId !== null) summary.promises++;
  } catch (e) {
    // An outcome the case no longer allows (e.g. the account left the queue) is skipped.
    if (!isAppError(e)) throw e;
  }
  if (pick === 'paid') {
    await db.transaction((tx) =>
      postPayment({
        tx,
        portfolioId: work.portfolioId,
        accountId: account.account_id,
        amountMinor: half(overdue),
        currency: account.currency,
        paidOn: day,
        reference: `DEMO-${work.portfolioId}-${account.account_id}-${day}`,
        channel: 'bank_transfer',
        source: 'api',
      }),
    );
    summary.payments++;
  }
  if (pick === 'promise_to_pay' && rand() < 0.3) {
    // a part paid on the same day, toward the promise
    await db.transaction((tx) =>
      postPayment({
        tx,
        portfolioId: work.portfolioId,
        accountId: account.account_id,
        amountMinor: half(overdue),
        currency: account.currency,
        paidOn: day,
        reference: `DEMO-PTP-${work.portfolioId}-${account.account_id}-${day}`,
        channel: 'bank_transfer',
        source: 'api',
      }),
    );
    summary.payments++;
  }
  // The case goes back to the queue when the collector is done with it.
  try {
    await releaseCase({ db, collectorId, caseId: work.caseId });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'not_found') throw e;
  }
}
