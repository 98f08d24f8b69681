/**
 * Loads what the gate decides on for one debtor, inside the caller's transaction: the
 * portfolio's rule pack (tightened by its settings), the debtor's zone and flags, and the recent
 * calls (the debtor's, and other debtors' to the same number) as a ContactHistory.
 */
import type { Queryable } from '../../shared/db/types.js';
import { fromEpochDay, toEpochDay } from '../../shared/calendar.js';
import { AppError } from '../../shared/errors.js';
import type { PiiCipher } from '../../shared/pii-cipher.js';
import { findDebtorLocale } from '../portfolio/index.js';
import type { ContactAttempt } from './domain/contact-attempt.js';
import {
  createHistory,
  horizonOf,
  recordAttemptOnDay,
  type ContactHistory,
} from './domain/contact-history.js';
import { createDebtorState, setFlag, type DebtorState } from './domain/debtor-state.js';
import { msPerDay } from './domain/local-time.js';
import { resolvePack } from './domain/pack-config.js';
import type { RulePack } from './domain/rule-packs.js';
import { currentSettingsRow, flagRows, historyRows } from './store.js';

/** Derives the keyed digest of a phone number: only this is stored and compared. */
export type NumberDigester = Pick<PiiCipher, 'digest'>;

export type PortfolioPack = {
  pack: RulePack;
  /** The portfolio's settings version (0: no settings yet, the cn pack as shipped). */
  settingsVersion: number;
};

/** The rule pack a portfolio applies now. */
export async function loadPortfolioPack(
  tx: Queryable,
  portfolioId: bigint,
): Promise<PortfolioPack> {
  const row = await currentSettingsRow(tx, portfolioId);
  if (!row) return { pack: resolvePack('cn'), settingsVersion: 0 };
  return { pack: resolvePack(row.pack_id, row.config), settingsVersion: row.version };
}

export type GateState = PortfolioPack & {
  debtor: DebtorState;
  history: ContactHistory;
  /** The attempt's local calendar day, YYYY-MM-DD. */
  localDate: string;
};

export type LoadGateStateOptions = {
  tx: Queryable;
  portfolioId: bigint;
  debtorId: string;
  /** When given, it must be the debtor's. */
  accountId?: string | undefined;
  at: number;
  /** hex digest of the number dialled, if any */
  numberDigest: string | null;
};

function hex(bytes: Uint8Array | null): string | undefined {
  return bytes ? Buffer.from(bytes).toString('hex') : undefined;
}

export async function loadGateState(o: LoadGateStateOptions): Promise<GateState> {
  const locale = await findDebtorLocale({
    db: o.tx,
    portfolioId: o.portfolioId,
    debtorId: o.debtorId,
    accountId: o.accountId,
  });
  if (!locale)
    throw new AppError('not_found', `no debtor ${o.debtorId} in portfolio ${o.portfolioId}`, {
      debtor_id: o.debtorId,
    });
  if (locale.ownsAccount === false)
    throw new AppError('not_found', `debtor ${o.debtorId} holds no account ${o.accountId ?? ''}`, {
      account_id: o.accountId,
    });
  const { pack, settingsVersion } = await loadPortfolioPack(o.tx, o.portfolioId);
  const debtor = createDebtorState(o.debtorId, locale.timeZone, locale.country);
  for (const f of await flagRows(o.tx, o.portfolioId, o.debtorId))
    setFlag(debtor, f.flag, f.value, f.at.getTime());
  const history = createHistory(pack);
  // Every local day within the pack's window of the attempt's, whatever the zone's offset.
  const span = (horizonOf(pack) + 1) * msPerDay;
  const rows = await historyRows(
    o.tx,
    o.portfolioId,
    o.debtorId,
    o.numberDigest,
    new Date(o.at - span),
    new Date(o.at + span),
  );
  for (const r of rows) {
    const past: ContactAttempt = {
      id: String(r.attempt_id),
      debtorId: r.debtor_id,
      accountId: r.account_id,
      channel: r.channel,
      at: r.attempted_at.getTime(),
      recipient: r.recipient,
      number: hex(r.number_digest),
      answered: r.answered ?? undefined,
      conversation: r.conversation ?? undefined,
    };
    recordAttemptOnDay(history, past, toEpochDay(r.local_date));
  }
  const localDate = fromEpochDay(debtor.clock.local(o.at).day);
  return { pack, settingsVersion, debtor, history, localDate };
}
