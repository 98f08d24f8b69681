import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from './config.js';
import { isAppError } from './errors.js';

const key = Buffer.alloc(32, 0x42);
const keyBase64 = key.toString('base64');

function configError(env: Record<string, string | undefined>): {
  code: string;
  message: string;
  details: unknown;
} {
  try {
    loadConfig(env);
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('has defaults', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      port: 3000,
      host: '0.0.0.0',
      encryptionKey: undefined,
      timeZone: 'Asia/Shanghai',
      demoAccounts: 10_000,
      logLevel: 'info',
      channels: {},
      evidenceLinkMs: 1000,
      dispatcher: { enabled: false, intervalSeconds: 60 },
      sender: {},
      security: {
        secureCookies: 'auto',
        trustProxy: false,
        sessionIdleMinutes: 30,
        sessionHours: 12,
        requestsPerMinute: 1200,
      },
    });
  });

  it('treats empty variables as unset and ignores unknown ones', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', HOME: '/root', PATH: '/usr/bin' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://recourse:pw@db:5432/recourse',
      RECOURSE_DATA_DIR: '/var/lib/recourse',
      PORT: '8080',
      HOST: '127.0.0.1',
      RECOURSE_ENCRYPTION_KEY: keyBase64,
      RECOURSE_TIMEZONE: 'Asia/Hong_Kong',
      RECOURSE_DEMO_ACCOUNTS: '1000000',
      LOG_LEVEL: 'debug',
      RECOURSE_SECURE_COOKIES: 'true',
      RECOURSE_TRUST_PROXY: 'true',
      RECOURSE_SESSION_IDLE_MINUTES: '15',
      RECOURSE_SESSION_HOURS: '8',
      RECOURSE_REQUESTS_PER_MINUTE: '600',
    });
    expect(c).toEqual({
      databaseUrl: 'postgresql://recourse:pw@db:5432/recourse',
      dataDir: '/var/lib/recourse',
      port: 8080,
      host: '127.0.0.1',
      encryptionKey: key,
      timeZone: 'Asia/Hong_Kong',
      demoAccounts: 1_000_000,
      logLevel: 'debug',
      channels: {},
      evidenceLinkMs: 1000,
      dispatcher: { enabled: false, intervalSeconds: 60 },
      sender: {},
      security: {
        secureCookies: true,
        trustProxy: true,
        sessionIdleMinutes: 15,
        sessionHours: 8,
        requestsPerMinute: 600,
      },
    });
  });

  it.each([
    ['RECOURSE_TIMEZONE', 'Mars/Olympus'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://db/recourse'],
    ['DATABASE_URL', 'localhost:5432'],
    ['RECOURSE_ENCRYPTION_KEY', Buffer.alloc(16, 1).toString('base64')],
    ['RECOURSE_ENCRYPTION_KEY', Buffer.alloc(33, 1).toString('base64')],
    ['RECOURSE_ENCRYPTION_KEY', Buffer.alloc(32, 1).toString('hex')],
    ['RECOURSE_ENCRYPTION_KEY', keyBase64.slice(0, 43) + '!'],
    ['RECOURSE_DEMO_ACCOUNTS', '0'],
    ['LOG_LEVEL', 'verbose'],
  ])('refuses %s=%j with config_invalid naming the variable', (name, value) => {
    const e = configError({ [name]: value });
    expect(e.code).toBe('config_invalid');
    expect(e.message).toContain(name);
    expect(e.details).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
    if (name === 'RECOURSE_ENCRYPTION_KEY') expect(e.message).not.toContain(value);
  });

  it('names every bad variable at once', () => {
    const e = configError({ PORT: 'x', DATABASE_URL: 'mysql://db' });
    expect(e.message).toContain('PORT');
    expect(e.message).toContain('DATABASE_URL');
  });
});

describe('describeConfig', () => {
  it('masks the database password and never shows the key', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://recourse:s3cret-pw@db.example:5432/recourse',
      RECOURSE_ENCRYPTION_KEY: keyBase64,
    });
    const d = describeConfig(c);
    expect(d.database).toBe('postgres://recourse:***@db.example:5432/recourse');
    const text = JSON.stringify(d);
    expect(text).not.toContain('s3cret-pw');
    expect(text).not.toContain(keyBase64);
    expect(text).not.toContain(key.toString('hex'));
    expect(d.encryptionKey).toBe('(from RECOURSE_ENCRYPTION_KEY)');
  });

  it('masks a password given as a query parameter (pg reads ?password=)', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://recourse@db:5432/recourse?password=s3cret-pw&sslmode=require',
    });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('s3cret-pw');
    expect(text).toContain('sslmode=require');
  });

  it('leaves a URL without a password as is and describes PGlite by its directory', () => {
    expect(describeConfig(loadConfig({ DATABASE_URL: 'postgres://db/recourse' })).database).toBe(
      'postgres://db/recourse',
    );
    const local = describeConfig(loadConfig({ RECOURSE_DATA_DIR: '/tmp/recourse-data' }));
    expect(local.database).toBe('pglite:/tmp/recourse-data');
    expect(local.encryptionKey).toBe('(key file in data dir)');
  });
});
