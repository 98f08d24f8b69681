/**
 * What a channel adapter is: it delivers one rendered message to one destination and returns the
 * provider's id for it. `messageId` is the outbox's idempotency key: an adapter passes it to the
 * provider (a header, a field) so that a redelivery after a crash is recognised, not sent twice.
 */
import type { MessageChannel, TemplateLocale } from './domain/template.js';

export type OutboundMessage = {
  messageId: string;
  channel: MessageChannel;
  locale: TemplateLocale;
  /** Phone number (E.164), email address, WeChat openid or postal address. */
  to: string;
  subject: string | null;
  body: string;
};

export type Delivery = { providerMessageId: string };

export interface ChannelAdapter {
  send(message: OutboundMessage): Promise<Delivery>;
  close?(): Promise<void>;
}

export type ChannelAdapters = Partial<Record<MessageChannel, ChannelAdapter>>;

/** A delivery failure; `permanent` when retrying cannot help (the provider refused the message). */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = permanent;
  }
}
