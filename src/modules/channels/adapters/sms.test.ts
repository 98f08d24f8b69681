import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsAdapter, type SmsReceipt } from './sms.js';

/** What the SMSC received: the submit_sm PDUs, raw. */
const submits: PDU[] = [];
let nextId = 1000;

function text(field: unknown, dataCoding: number): string {
  const f = field as { message?: unknown } | Buffer | string | undefined;
  const m = f && typeof f === 'object' && !Buffer.isBuffer(f) ? f.message : f;
  if (typeof m === 'string') return m;
  if (!Buffer.isBuffer(m)) return '';
  if (dataCoding !== 8) return m.toString('latin1');
  const le = Buffer.alloc(m.length);
  for (let i = 0; i + 1 < m.length; i += 2) {
    le[i] = m[i + 1]!;
    le[i + 1] = m[i]!;
  }
  return le.toString('utf16le');
}

describe('sms adapter against a local SMPP server', () => {
  let server: Server;
  let port: number;
  const sessions: Session[] = [];

  beforeAll(async () => {
    server = smpp.createServer((session: Session) => {
      sessions.push(session);
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu: PDU) => {
        const ok = pdu.system_id === 'bank' && pdu.password === 'secret';
        session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => session.send(pdu.response()));
      session.on('submit_sm', (pdu: PDU) => {
        submits.push(pdu);
        if (pdu.destination_addr === '8613900000000') {
          session.send(pdu.response({ command_status: smpp.ESME_RINVDSTADR }));
          return;
        }
        const id = `smsc-${nextId++}`;
        session.send(pdu.response({ message_id: id }));
        // the handset received it: a delivery receipt follows
        session.deliver_sm({
          source_addr: String(pdu.destination_addr),
          destination_addr: String(pdu.source_addr),
          esm_class: 0x04,
          short_message: `id:${id} sub:001 dlvrd:001 submit date:2611251000 done date:2611251000 stat:DELIVRD err:000 text:`,
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const receipts: SmsReceipt[] = [];
  const adapter = (password = 'secret') =>
    createSmsAdapter({
      url: `smpp://127.0.0.1:${port}`,
      systemId: 'bank',
      password,
      sourceAddr: '95555',
      timeoutMs: 3000,
      onReceipt: (r) => receipts.push(r),
    });

  it('binds as a transceiver and submits Chinese text as UCS2 to the destination', async () => {
    const a = adapter();
    const body = '【示例银行】您的账户本期应还¥1,234.56。';
    const d = await a.send({
      messageId: 'recourse-1-7',
      channel: 'sms',
      locale: 'zh-CN',
      to: '+8613800138000',
      subject: null,
      body,
    });
    const pdu = submits.at(-1)!;
    expect(pdu.command).toBe('submit_sm');
    expect(pdu.destination_addr).toBe('8613800138000');
    expect(pdu.source_addr).toBe('95555');
    expect(pdu.data_coding).toBe(8);
    expect(pdu.registered_delivery).toBe(1);
    expect(text(pdu.short_message, 8)).toBe(body);
    expect(d.providerMessageId).toMatch(/^smsc-\d+$/);
    // the receipt comes back on the same session
    await expect
      .poll(() => receipts.map((r) => r.providerMessageId))
      .toContain(d.providerMessageId);
    expect(receipts.find((r) => r.providerMessageId === d.providerMessageId)!.status).toBe(
      'DELIVRD',
    );
    await a.close?.();
  });

  it('puts a long message in message_payload, and ASCII text as is', async () => {
    const a = adapter();
    const long = '尊敬的客户，'.repeat(20);
    await a.send({
      messageId: 'k1',
      channel: 'sms',
      locale: 'zh-CN',
      to: '+8613800138001',
      subject: null,
      body: long,
    });
    const p1 = submits.at(-1)!;
    expect(p1.data_coding).toBe(8);
    expect(text(p1.message_payload, 8)).toBe(long);
    await a.send({
      messageId: 'k2',
      channel: 'sms',
      locale: 'en',
      to: '+447700900123',
      subject: null,
      body: 'Bank: 12.00 due',
    });
    const p2 = submits.at(-1)!;
    expect(p2.destination_addr).toBe('447700900123');
    expect(p2.data_coding).toBe(1);
    expect(text(p2.short_message, 1)).toBe('Bank: 12.00 due');
    await a.close?.();
  });

  it('reports an invalid destination as permanent and a refused bind as retryable', async () => {
    const a = adapter();
    await expect(
      a.send({
        messageId: 'k3',
        channel: 'sms',
        locale: 'en',
        to: '+8613900000000',
        subject: null,
        body: 'x',
      }),
    ).rejects.toMatchObject({ name: 'DeliveryError', permanent: true });
    await a.close?.();
    const wrong = adapter('nope');
    await expect(
      wrong.send({
        messageId: 'k4',
        channel: 'sms',
        locale: 'en',
        to: '+8613800138000',
        subject: null,
        body: 'x',
      }),
    ).rejects.toMatchObject({ name: 'DeliveryError', permanent: false, message: /bind refused/ });
    await wrong.close?.();
  });
});
