/**
 * SMS over SMPP 3.4/5.0 (node-smpp): one bound transceiver session, opened on first use and again
 * after it drops; submit_sm per message; delivery receipts (deliver_sm) reported to `onReceipt`.
 * Chinese and other non-Latin text goes as UCS2 (data_coding 8); text longer than one short
 * message goes in the message_payload TLV. SMPP has no idempotency key: the outbox key travels
 * as the receipt correlation (the SMSC's message id is stored when submit_sm_resp arrives).
 */
import smpp, { type PDU, type Session } from 'smpp';
import {
  DeliveryError,
  type ChannelAdapter,
  type Delivery,
  type OutboundMessage,
} from '../adapter.js';

export type SmsReceipt = { providerMessageId: string; status: string };

export type SmsAdapterOptions = {
  url: string;
  systemId: string;
  password: string;
  sourceAddr: string;
  /** How long to wait for bind and submit responses. */
  timeoutMs?: number;
  onReceipt?: (receipt: SmsReceipt) => void;
};

/** The text as the PDU fields that carry it: ASCII as is, anything else UCS2 (big-endian). */
export function encodeSms(text: string): Record<string, unknown> {
  if (/^[\x20-\x7e\r\n]*$/.test(text)) {
    const bytes = Buffer.from(text, 'latin1');
    return bytes.length <= 160
      ? { data_coding: 0x01, short_message: bytes }
      : { data_coding: 0x01, short_message: Buffer.alloc(0), message_payload: bytes };
  }
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be.length <= 140
    ? { data_coding: 0x08, short_message: be }
    : { data_coding: 0x08, short_message: Buffer.alloc(0), message_payload: be };
}

// Refusals that a retry cannot cure: bad destination or source address, invalid message.
const permanentStatuses = new Set([0x0a, 0x0b, 0x0c, 0x01, 0x33, 0x34, 0x48, 0x49, 0x50, 0x51]);

function receiptOf(pdu: PDU): SmsReceipt | null {
  const esm = Number(pdu.esm_class ?? 0);
  if ((esm & 0x04) === 0) return null;
  const sm = pdu.short_message as { message?: unknown } | Buffer | string | undefined;
  const text =
    typeof sm === 'string'
      ? sm
      : Buffer.isBuffer(sm)
        ? sm.toString('latin1')
        : typeof sm?.message === 'string'
          ? sm.message
          : Buffer.isBuffer(sm?.message)
            ? (sm.message as Buffer).toString('latin1')
            : '';
  const id = (pdu.receipted_message_id as string | undefined) ?? /id:(\S+)/.exec(text)?.[1];
  const stat = /stat:(\w+)/.exec(text)?.[1];
  return id
    ? { providerMessageId: id, status: stat ?? String(pdu.message_state ?? 'unknown') }
    : null;
}

export function createSmsAdapter(opts: SmsAdapterOptions): ChannelAdapter {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let bound: Promise<Session> | null = null;

  const request = (session: Session, call: (cb: (pdu: PDU) => void) => boolean, what: string) =>
    new Promise<PDU>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DeliveryError(`smpp: no ${what} response`, false)),
        timeoutMs,
      );
      const sent = call((pdu) => {
        clearTimeout(timer);
        resolve(pdu);
      });
      if (!sent) {
        clearTimeout(timer);
        reject(new DeliveryError(`smpp: session not writable for ${what}`, false));
      }
    });

  const bind = (): Promise<Session> => {
    if (bound) return bound;
    const attempt = new Promise<Session>((resolve, reject) => {
      const session = smpp.connect({ url: opts.url, auto_enquire_link_period: 30_000 });
      const drop = () => {
        if (bound === attempt) bound = null;
      };
      session.on('error', (e: Error) => {
        drop();
        reject(new DeliveryError(`smpp: ${e.message}`, false));
      });
      session.on('close', drop);
      session.on('deliver_sm', (pdu: PDU) => {
        session.send(pdu.response());
        const receipt = receiptOf(pdu);
        if (receipt) opts.onReceipt?.(receipt);
      });
      session.on('connect', () => {
        request(
          session,
          (cb) =>
            session.bind_transceiver({ system_id: opts.systemId, password: opts.password }, cb),
          'bind',
        ).then((pdu) => {
          if (pdu.command_status === 0) resolve(session);
          else {
            session.close();
            reject(new DeliveryError(`smpp: bind refused (status ${pdu.command_status})`, false));
          }
        }, reject);
      });
    });
    bound = attempt;
    attempt.catch(() => {
      if (bound === attempt) bound = null;
    });
    return attempt;
  };

  return {
    async send(m: OutboundMessage): Promise<Delivery> {
      const session = await bind();
      const pdu = await request(
        session,
        (cb) =>
          session.submit_sm(
            {
              source_addr_ton: 5,
              source_addr_npi: 0,
              source_addr: opts.sourceAddr,
              dest_addr_ton: 1,
              dest_addr_npi: 1,
              destination_addr: m.to.replace(/^\+/, ''),
              registered_delivery: 1,
              ...encodeSms(m.body),
            },
            cb,
          ),
        'submit_sm',
      );
      if (pdu.command_status !== 0)
        throw new DeliveryError(
          `smpp: submit_sm refused (status 0x${pdu.command_status.toString(16)})`,
          permanentStatuses.has(pdu.command_status),
        );
      return { providerMessageId: String(pdu.message_id) };
    },
    async close() {
      const current = bound;
      bound = null;
      if (!current) return;
      const session = await current.catch(() => null);
      if (session) await new Promise<void>((resolve) => session.close(() => resolve()));
    },
  };
}
