/**
 * Email over SMTP (nodemailer). The outbox's idempotency key becomes the Message-ID (and an
 * X-Recourse-Message-Id header), so a redelivered message is recognisably the same message.
 */
import nodemailer from 'nodemailer';
import {
  DeliveryError,
  type ChannelAdapter,
  type Delivery,
  type OutboundMessage,
} from '../adapter.js';

export type EmailAdapterOptions = {
  /** smtp://user:pass@host:port or smtps://... */
  url: string;
  from: string;
  /** Extra TLS settings (e.g. a pinned CA for STARTTLS). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Domain part of the Message-ID. */
  messageIdDomain?: string;
};

export function createEmailAdapter(opts: EmailAdapterOptions): ChannelAdapter {
  const u = new URL(opts.url);
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === 'smtps:' ? 465 : 587,
    secure: u.protocol === 'smtps:',
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  const domain = opts.messageIdDomain ?? 'recourse.local';
  return {
    async send(m: OutboundMessage): Promise<Delivery> {
      const messageId = `<${m.messageId}@${domain}>`;
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: m.to,
          subject: m.subject ?? '',
          text: m.body,
          messageId,
          headers: { 'X-Recourse-Message-Id': m.messageId, 'Content-Language': m.locale },
        });
        return { providerMessageId: info.messageId ?? messageId };
      } catch (e) {
        const err = e as { responseCode?: number; message?: string };
        // 5xx: the server refused the message or the recipient for good; 4xx and network: retry
        const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
        throw new DeliveryError(`smtp: ${err.message ?? String(e)}`, permanent);
      }
    },
    async close() {
      transport.close();
    },
  };
}
