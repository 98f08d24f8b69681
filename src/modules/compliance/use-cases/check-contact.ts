import type { Db } from '../../../shared/db/types.js';
import type { ContactAttempt } from '../domain/contact-attempt.js';
import { explainDecision, type Explanation } from '../domain/explain.js';
import type { Channel, PackId, Recipient } from '../domain/vocabulary.js';
import { validateAttempt } from '../gate-attempt.js';
import { loadGateState, type NumberDigester } from '../gate-state.js';

export type CheckContactOptions = {
  db: Db;
  cipher: NumberDigester;
  portfolioId: bigint;
  debtorId: string;
  /** The account the contact is about; when absent, every account with recent calls counts. */
  accountId?: string | undefined;
  channel: Channel;
  recipient: Recipient;
  number?: string | undefined;
  collectorId?: string | undefined;
  /** Assumed true: a dry run asks whether the contact is allowed when done properly. */
  identityDisclosed?: boolean | undefined;
  templateId?: string | undefined;
  at: Date;
};

export type ContactCheck = Explanation & {
  pack: { id: PackId; version: string; settingsVersion: number };
  localDate: string;
  /** The debtor's zone. */
  timeZone: string;
};

/**
 * A dry run of the gate: what it would decide on this contact now, why, and when time alone
 * would lift the block. Writes nothing (no attempt, no evidence).
 */
export async function checkContact(o: CheckContactOptions): Promise<ContactCheck> {
  validateAttempt(o);
  const numberDigest = o.number ? o.cipher.digest(`phone:${o.number}`).toString('hex') : null;
  return o.db.transaction(async (tx) => {
    const at = o.at.getTime();
    const state = await loadGateState({
      tx,
      portfolioId: o.portfolioId,
      debtorId: o.debtorId,
      accountId: o.accountId,
      at,
      numberDigest,
    });
    const base: Omit<ContactAttempt, 'accountId'> = {
      id: 'check',
      debtorId: o.debtorId,
      channel: o.channel,
      at,
      recipient: o.recipient,
      number: numberDigest ?? undefined,
      collectorId: o.collectorId ?? 'dry-run',
      identityDisclosed: o.identityDisclosed ?? true,
      templateId: o.templateId,
    };
    const accounts = o.accountId
      ? [o.accountId]
      : [...(state.history.debtors.get(o.debtorId)?.accounts.keys() ?? [])];
    if (accounts.length === 0) accounts.push('');
    // The strictest answer over the accounts: most rules, then the latest next allowed instant.
    let worst: Explanation | null = null;
    for (const accountId of accounts) {
      const e = explainDecision(state.pack, state.debtor, state.history, { ...base, accountId });
      if (
        !worst ||
        e.rules.length > worst.rules.length ||
        (e.rules.length === worst.rules.length &&
          (e.nextAllowedAt === null ||
            (worst.nextAllowedAt !== null && e.nextAllowedAt > worst.nextAllowedAt)))
      )
        worst = e;
    }
    const e = worst as Explanation;
    return {
      ...e,
      pack: {
        id: state.pack.id,
        version: state.pack.version,
        settingsVersion: state.settingsVersion,
      },
      localDate: state.localDate,
      timeZone: state.debtor.timeZone,
    };
  });
}
