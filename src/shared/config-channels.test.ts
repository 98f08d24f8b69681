import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSender, describeConfig, loadConfig, withDemoSender } from './config.js';

describe('channel adapter settings', () => {
  const all = {
    RECOURSE_SMTP_URL: 'smtp://mailer:secret-pw@mail.bank.example:587',
    RECOURSE_MAIL_FROM: 'collections@bank.example',
    RECOURSE_SMPP_URL: 'smpp://smsc.example:2775',
    RECOURSE_SMPP_SYSTEM_ID: 'bank',
    RECOURSE_SMPP_PASSWORD: 'smpppw',
    RECOURSE_SMPP_SOURCE_ADDR: '95555',
    RECOURSE_WECHAT_API_URL: 'https://api.weixin.qq.com',
    RECOURSE_WECHAT_ACCESS_TOKEN: 'wx-token-secret',
    RECOURSE_WECHAT_TEMPLATE_ID: 'tmpl-1',
    RECOURSE_DIALER_URL: 'https://dialer.bank.example/hook',
    RECOURSE_DIALER_TOKEN: 'dialer-secret',
    RECOURSE_HTTPS_CA_FILE: 'ca.pem',
    RECOURSE_LETTER_DIR: 'letters',
  };

  it('reads every channel setting into a typed object', () => {
    expect(loadConfig(all).channels).toEqual({
      smtp: { url: all.RECOURSE_SMTP_URL, from: 'collections@bank.example' },
      smpp: {
        url: 'smpp://smsc.example:2775',
        systemId: 'bank',
        password: 'smpppw',
        sourceAddr: '95555',
      },
      wechat: {
        apiUrl: 'https://api.weixin.qq.com',
        accessToken: 'wx-token-secret',
        templateId: 'tmpl-1',
      },
      dialer: { url: 'https://dialer.bank.example/hook', token: 'dialer-secret' },
      httpsCaFile: path.resolve('ca.pem'),
      letterDir: path.resolve('letters'),
    });
  });

  it('never describes a secret', () => {
    const text = JSON.stringify(describeConfig(loadConfig(all)));
    for (const secret of ['secret-pw', 'smpppw', 'wx-token-secret', 'dialer-secret'])
      expect(text).not.toContain(secret);
    expect(text).toContain('smsc.example');
  });

  it.each([
    [{ RECOURSE_SMTP_URL: 'smtp://m:25' }, /email needs RECOURSE_MAIL_FROM/],
    [
      { RECOURSE_SMPP_URL: 'smpp://s:2775' },
      /sms needs RECOURSE_SMPP_SYSTEM_ID, RECOURSE_SMPP_SOURCE_ADDR/,
    ],
    [{ RECOURSE_WECHAT_API_URL: 'http://insecure' }, /must be an https/],
    [{ RECOURSE_DIALER_URL: 'https://d' }, /dialer needs RECOURSE_DIALER_TOKEN/],
  ])('refuses an incomplete or insecure channel: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the dispatcher of automated sends', () => {
  it.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ RECOURSE_LETTER_DIR: 'letters' }, true],
    [{ RECOURSE_LETTER_DIR: 'letters', RECOURSE_DISPATCHER: 'off' }, false],
    [{ RECOURSE_DISPATCHER: 'on' }, true],
    // the dialer is not a message channel: no automated sends for it
    [{ RECOURSE_DIALER_URL: 'https://d', RECOURSE_DIALER_TOKEN: 't' }, false],
  ])('is on by default only with a message channel: %j', (env, enabled) => {
    expect(loadConfig(env).dispatcher).toEqual({ enabled, intervalSeconds: 60 });
  });

  it('reads its interval, the linker interval and the sender', () => {
    const c = loadConfig({
      RECOURSE_DISPATCHER_INTERVAL_SECONDS: '15',
      RECOURSE_EVIDENCE_LINK_MS: '250',
      RECOURSE_BANK_NAME: '示例银行',
      RECOURSE_BANK_HOTLINE: '95555',
    });
    expect(c.dispatcher.intervalSeconds).toBe(15);
    expect(c.evidenceLinkMs).toBe(250);
    expect(c.sender).toEqual({ bankName: '示例银行', bankHotline: '95555' });
    expect(() => loadConfig({ RECOURSE_DISPATCHER: 'sometimes' })).toThrow(/RECOURSE_DISPATCHER/);
  });
});

describe('the sender of a demo (serve --demo)', () => {
  it('is fictional where a sender setting is not given, and says which it defaulted', () => {
    const none = loadConfig({});
    expect(none.sender).toEqual({});
    const demo = withDemoSender(none);
    expect(demo.config.sender).toEqual(demoSender);
    expect(demo.defaulted).toEqual([
      'RECOURSE_BANK_NAME',
      'RECOURSE_BANK_HOTLINE',
      'RECOURSE_OPT_OUT_TEXT',
    ]);
    expect(demoSender.bankName).toMatch(/demo/i);
    expect(demoSender.optOut).toMatch(/退订/);
    expect(demoSender.optOut).toMatch(/opt out/);
    expect(describeConfig(demo.config).sender).toEqual(demoSender);
  });

  it('keeps what the bank configured, and defaults nothing when all is given', () => {
    const some = withDemoSender(loadConfig({ RECOURSE_BANK_NAME: '示例银行' }));
    expect(some.config.sender).toEqual({ ...demoSender, bankName: '示例银行' });
    expect(some.defaulted).toEqual(['RECOURSE_BANK_HOTLINE', 'RECOURSE_OPT_OUT_TEXT']);
    const all = loadConfig({
      RECOURSE_BANK_NAME: '示例银行',
      RECOURSE_BANK_HOTLINE: '95555',
      RECOURSE_OPT_OUT_TEXT: '回复TD退订',
    });
    expect(withDemoSender(all)).toEqual({ config: all, defaulted: [] });
  });
});
