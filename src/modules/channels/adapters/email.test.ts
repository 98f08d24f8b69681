import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from './email.js';

type Received = { from: string; to: string[]; raw: string; user: string | undefined };

/** Header values (unfolded, encoded words decoded) and the decoded text body of a raw message. */
function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  const encoded = raw.slice(split + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body =
    cte === 'base64'
      ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? decodeQp(encoded)
        : encoded;
  return { headers, body: body.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

function decodeQp(s: string): string {
  const bytes = s
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQp(text.replace(/_/g, ' ')),
    );
}

describe('email adapter against a local SMTP server', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'mailer' && auth.password === 'p@ss word')
          cb(null, { user: 'mailer' });
        else cb(new Error('invalid credentials'));
      },
      onRcptTo(address, _session, cb) {
        if (address.address.endsWith('@refused.example')) {
          const e = new Error('no such mailbox') as Error & { responseCode: number };
          e.responseCode = 550;
          cb(e);
        } else cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('latin1'),
            user: session.user as string | undefined,
          });
          cb();
        });
      },
      logger: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const adapter = () =>
    createEmailAdapter({
      url: `smtp://mailer:${encodeURIComponent('p@ss word')}@127.0.0.1:${port}`,
      from: 'collections@bank.example',
      messageIdDomain: 'bank.example',
    });

  it('delivers a Chinese message with its headers and body intact', async () => {
    const a = adapter();
    const body = '尊敬的张三：\n\n您尾号1234的账户尚有¥1,234.56未还。\n\n示例银行 工号c-17';
    const d = await a.send({
      messageId: 'recourse-1-42',
      channel: 'email',
      locale: 'zh-CN',
      to: 'zhang.san@example.cn',
      subject: '逾期还款提醒：尾号1234',
      body,
    });
    await a.close?.();
    expect(d.providerMessageId).toBe('<recourse-1-42@bank.example>');
    const mail = received.at(-1)!;
    expect(mail.user).toBe('mailer');
    expect(mail.from).toBe('collections@bank.example');
    expect(mail.to).toEqual(['zhang.san@example.cn']);
    const { headers, body: text } = parseMail(mail.raw);
    expect(headers.get('message-id')).toBe('<recourse-1-42@bank.example>');
    expect(headers.get('x-recourse-message-id')).toBe('recourse-1-42');
    expect(headers.get('content-language')).toBe('zh-CN');
    expect(headers.get('subject')).toBe('逾期还款提醒：尾号1234');
    expect(headers.get('content-type')).toMatch(/text\/plain; charset=utf-8/i);
    expect(text).toBe(body);
  });

  it('sends a redelivery with the same Message-ID (the receiver can drop the duplicate)', async () => {
    const a = adapter();
    const m = {
      messageId: 'recourse-1-43',
      channel: 'email' as const,
      locale: 'en' as const,
      to: 'ann@example.com',
      subject: 'Payment received',
      body: 'Thank you.',
    };
    await a.send(m);
    await a.send(m);
    await a.close?.();
    const ids = received
      .filter((r) => r.to[0] === 'ann@example.com')
      .map((r) => parseMail(r.raw).headers.get('message-id'));
    expect(ids).toEqual(['<recourse-1-43@bank.example>', '<recourse-1-43@bank.example>']);
  });

  it('reports a refused recipient as permanent, and a dead server as retryable', async () => {
    const a = adapter();
    await expect(
      a.send({
        messageId: 'recourse-1-44',
        channel: 'email',
        locale: 'en',
        to: 'nobody@refused.example',
        subject: 's',
        body: 'b',
      }),
    ).rejects.toMatchObject({ name: 'DeliveryError', permanent: true });
    await a.close?.();
    const dead = createEmailAdapter({ url: 'smtp://127.0.0.1:1', from: 'x@bank.example' });
    await expect(
      dead.send({
        messageId: 'm',
        channel: 'email',
        locale: 'en',
        to: 'a@b.c',
        subject: 's',
        body: 'b',
      }),
    ).rejects.toMatchObject({ name: 'DeliveryError', permanent: false });
  });
});
