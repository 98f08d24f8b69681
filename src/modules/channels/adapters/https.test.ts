import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialerHook } from './dialer.js';
import { createWechatAdapter } from './wechat.js';

/** A self-signed certificate for 127.0.0.1, made with the openssl command. */
function selfSigned(dir: string, name: string): { key: string; cert: string } {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
}

type Hit = {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
};

describe('HTTPS adapters against a local TLS server with a pinned CA', () => {
  let dir: string;
  let server: https.Server;
  let base: string;
  let pinned: string;
  let other: string;
  const hits: Hit[] = [];
  const seenWechat = new Map<string, number>();
  const seenCalls = new Map<string, string>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-tls-'));
    const tls = selfSigned(dir, 'recourse-test-peer');
    pinned = tls.cert;
    other = selfSigned(dir, 'someone-else').cert;
    server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        hits.push({ url: req.url ?? '', headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        if (req.url?.startsWith('/cgi-bin/message/template/send')) {
          const u = new URL(req.url, 'https://x');
          if (u.searchParams.get('access_token') !== 'tok en')
            return res.end('{"errcode":40001,"errmsg":"invalid credential"}');
          if (body.touser === 'o-unsubscribed')
            return res.end('{"errcode":43004,"errmsg":"require subscribe"}');
          if (body.touser === 'o-busy') return res.end('{"errcode":-1,"errmsg":"system busy"}');
          // WeChat drops a repeated client_msg_id: same msgid back
          const key = String(body.client_msg_id);
          if (!seenWechat.has(key)) seenWechat.set(key, 7000 + seenWechat.size);
          return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', msgid: seenWechat.get(key) }));
        }
        if (req.url === '/dialer/calls') {
          if (req.headers.authorization !== 'Bearer dial-token') {
            res.statusCode = 401;
            return res.end('{}');
          }
          const key = String(req.headers['idempotency-key']);
          if (!seenCalls.has(key)) seenCalls.set(key, `call-${seenCalls.size + 1}`);
          res.statusCode = 201;
          return res.end(JSON.stringify({ call_id: seenCalls.get(key) }));
        }
        res.statusCode = 404;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const wechat = (ca = pinned, token = 'tok en') =>
    createWechatAdapter({
      apiUrl: base,
      accessToken: token,
      templateId: 'TMPL-42',
      ca,
      timeoutMs: 3000,
    });
  const message = (to: string, messageId = 'recourse-1-9') => ({
    messageId,
    channel: 'wechat' as const,
    locale: 'zh-CN' as const,
    to,
    subject: '逾期还款提醒',
    body: '尊敬的张三，您尾号1234的账户尚有¥1,234.56未还。',
  });

  it('sends a WeChat template message with the rendered text and the idempotency key', async () => {
    const d = await wechat().send(message('o-openid-1'));
    expect(d.providerMessageId).toBe('wechat:7000');
    const hit = hits.at(-1)!;
    expect(hit.url).toBe('/cgi-bin/message/template/send?access_token=tok%20en');
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hit.body).toEqual({
      touser: 'o-openid-1',
      template_id: 'TMPL-42',
      client_msg_id: 'recourse-1-9',
      data: {
        first: { value: '逾期还款提醒' },
        content: { value: '尊敬的张三，您尾号1234的账户尚有¥1,234.56未还。' },
      },
    });
    // a redelivery is the same message to WeChat
    expect((await wechat().send(message('o-openid-1'))).providerMessageId).toBe('wechat:7000');
  });

  it('classifies WeChat refusals: unsubscribed is permanent, busy is retryable', async () => {
    await expect(wechat().send(message('o-unsubscribed', 'k2'))).rejects.toMatchObject({
      permanent: true,
      message: expect.stringMatching(/43004/),
    });
    await expect(wechat().send(message('o-busy', 'k3'))).rejects.toMatchObject({
      permanent: false,
    });
  });

  it('refuses a peer whose certificate does not chain to the pinned CA', async () => {
    const before = hits.length;
    await expect(wechat(other).send(message('o-openid-2', 'k4'))).rejects.toMatchObject({
      name: 'DeliveryError',
      message: expect.stringMatching(/self[- ]signed|certificate/i),
    });
    expect(hits.length).toBe(before);
  });

  it('asks the dialer to place a call, once per call key', async () => {
    const dialer = createDialerHook({
      url: `${base}/dialer/calls`,
      token: 'dial-token',
      ca: pinned,
    });
    const call = {
      callKey: 'attempt-1-55',
      to: '+8613800138000',
      collectorId: 'c-17',
      callerId: '95555',
    };
    expect(await dialer.placeCall(call)).toEqual({ dialerCallId: 'call-1' });
    expect(await dialer.placeCall(call)).toEqual({ dialerCallId: 'call-1' });
    const hit = hits.at(-1)!;
    expect(hit.headers['idempotency-key']).toBe('attempt-1-55');
    expect(hit.body).toEqual({ to: '+8613800138000', collector_id: 'c-17', caller_id: '95555' });
    const unauthorised = createDialerHook({
      url: `${base}/dialer/calls`,
      token: 'wrong',
      ca: pinned,
    });
    await expect(unauthorised.placeCall(call)).rejects.toMatchObject({ permanent: true });
  });
});
