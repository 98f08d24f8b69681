/** One contact attempt as the gate sees it: what is about to be done, and (after) what happened. */
import type { Channel, Recipient } from './vocabulary.js';

export type ContactAttempt = {
  readonly id: string;
  readonly debtorId: string;
  readonly accountId: string;
  readonly channel: Channel;
  /** The instant of the attempt, in milliseconds since the epoch. */
  readonly at: number;
  readonly recipient: Recipient;
  /** The phone number dialled (calls, SMS), E.164. */
  readonly number?: string;
  readonly collectorId?: string;
  readonly identityDisclosed?: boolean;
  /** Free message text (SMS, WeChat, email). */
  readonly text?: string;
  /** The approved template the message is rendered from. */
  readonly templateId?: string;
  /** Outcome facts of a call, used only for the attempts after it. Unknown when absent. */
  readonly answered?: boolean;
  readonly conversation?: boolean;
};
