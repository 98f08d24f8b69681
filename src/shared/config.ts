/**
 * Configuration, read from the environment once and validated into a typed object. Nothing else
 * in Recourse reads process.env. Secrets are never printed: `describeConfig` masks them.
 */
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from './calendar.js';
import { AppError } from './errors.js';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  RECOURSE_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  RECOURSE_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (44 characters)')
    .optional(),
  RECOURSE_TIMEZONE: z
    .string()
    .refine((v) => isTimeZone(v), 'must be an IANA time zone name such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  RECOURSE_DEMO_ACCOUNTS: z.coerce.number().int().min(1).max(2_000_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Sign-in and request limits.
  RECOURSE_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  RECOURSE_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  RECOURSE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(720).default(30),
  RECOURSE_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  RECOURSE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  // Channel adapters (all optional: a channel without settings has no adapter).
  RECOURSE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  RECOURSE_MAIL_FROM: z.string().min(3).max(254).optional(),
  RECOURSE_SMPP_URL: z
    .string()
    .regex(/^s?smpp:\/\//, 'must be an smpp:// or ssmpp:// URL')
    .optional(),
  RECOURSE_SMPP_SYSTEM_ID: z.string().min(1).max(15).optional(),
  RECOURSE_SMPP_PASSWORD: z.string().max(8).optional(),
  RECOURSE_SMPP_SOURCE_ADDR: z.string().min(1).max(20).optional(),
  RECOURSE_WECHAT_API_URL: z
    .string()
    .regex(/^https:\/\//, 'must be an https:// URL')
    .optional(),
  RECOURSE_WECHAT_ACCESS_TOKEN: z.string().min(1).optional(),
  RECOURSE_WECHAT_TEMPLATE_ID: z.string().min(1).optional(),
  RECOURSE_DIALER_URL: z
    .string()
    .regex(/^https:\/\//, 'must be an https:// URL')
    .optional(),
  RECOURSE_DIALER_TOKEN: z.string().min(1).optional(),
  RECOURSE_HTTPS_CA_FILE: z.string().min(1).optional(),
  RECOURSE_LETTER_DIR: z.string().min(1).optional(),
});

export type Config = {
  /** PostgreSQL URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** 32-byte AES key; when absent, a key file in dataDir is used (created on first start). */
  encryptionKey: Buffer | undefined;
  /** The bank's zone: "today" for the daily cycle and the demo is the date there. */
  timeZone: string;
  demoAccounts: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Settings of the channel adapters; a channel left out has no adapter. */
  channels: ChannelsConfig;
  security: SecurityConfig;
};

export type SecurityConfig = {
  /** Secure session cookies: always, never, or 'auto' (when the request came over HTTPS). */
  secureCookies: boolean | 'auto';
  /** Trust X-Forwarded-* from the reverse proxy (its HTTPS makes 'auto' cookies secure). */
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionHours: number;
  /** requests per minute per signed-in user (per address before sign-in) */
  requestsPerMinute: number;
};

export type ChannelsConfig = {
  smtp?: { url: string; from: string };
  smpp?: { url: string; systemId: string; password: string; sourceAddr: string };
  wechat?: { apiUrl: string; accessToken: string; templateId: string };
  dialer?: { url: string; token: string };
  /** PEM file of the CA the HTTPS peers (WeChat, dialer) must chain to: pinned when given. */
  httpsCaFile?: string;
  /** Where letters are written as PDF for the print room. */
  letterDir?: string;
};

function channelsConfig(c: z.infer<typeof schema>): ChannelsConfig {
  const out: ChannelsConfig = {};
  const need = (group: string, values: Record<string, string | undefined>): boolean => {
    const given = Object.entries(values).filter(([, v]) => v !== undefined);
    if (given.length === 0) return false;
    const missing = Object.keys(values).filter((k) => values[k] === undefined);
    if (missing.length > 0)
      throw new AppError(
        'config_invalid',
        `invalid configuration: ${group} needs ${missing.join(', ')}`,
      );
    return true;
  };
  if (
    need('email', {
      RECOURSE_SMTP_URL: c.RECOURSE_SMTP_URL,
      RECOURSE_MAIL_FROM: c.RECOURSE_MAIL_FROM,
    })
  )
    out.smtp = { url: c.RECOURSE_SMTP_URL!, from: c.RECOURSE_MAIL_FROM! };
  if (
    need('sms', {
      RECOURSE_SMPP_URL: c.RECOURSE_SMPP_URL,
      RECOURSE_SMPP_SYSTEM_ID: c.RECOURSE_SMPP_SYSTEM_ID,
      RECOURSE_SMPP_SOURCE_ADDR: c.RECOURSE_SMPP_SOURCE_ADDR,
    })
  )
    out.smpp = {
      url: c.RECOURSE_SMPP_URL!,
      systemId: c.RECOURSE_SMPP_SYSTEM_ID!,
      password: c.RECOURSE_SMPP_PASSWORD ?? '',
      sourceAddr: c.RECOURSE_SMPP_SOURCE_ADDR!,
    };
  if (
    need('wechat', {
      RECOURSE_WECHAT_API_URL: c.RECOURSE_WECHAT_API_URL,
      RECOURSE_WECHAT_ACCESS_TOKEN: c.RECOURSE_WECHAT_ACCESS_TOKEN,
      RECOURSE_WECHAT_TEMPLATE_ID: c.RECOURSE_WECHAT_TEMPLATE_ID,
    })
  )
    out.wechat = {
      apiUrl: c.RECOURSE_WECHAT_API_URL!,
      accessToken: c.RECOURSE_WECHAT_ACCESS_TOKEN!,
      templateId: c.RECOURSE_WECHAT_TEMPLATE_ID!,
    };
  if (
    need('dialer', {
      RECOURSE_DIALER_URL: c.RECOURSE_DIALER_URL,
      RECOURSE_DIALER_TOKEN: c.RECOURSE_DIALER_TOKEN,
    })
  )
    out.dialer = { url: c.RECOURSE_DIALER_URL!, token: c.RECOURSE_DIALER_TOKEN! };
  if (c.RECOURSE_HTTPS_CA_FILE) out.httpsCaFile = path.resolve(c.RECOURSE_HTTPS_CA_FILE);
  if (c.RECOURSE_LETTER_DIR) out.letterDir = path.resolve(c.RECOURSE_LETTER_DIR);
  return out;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('config_invalid', `invalid configuration: ${issues.join('; ')}`, issues);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.RECOURSE_DATA_DIR),
    port: c.PORT,
    host: c.HOST,
    encryptionKey: c.RECOURSE_ENCRYPTION_KEY
      ? Buffer.from(c.RECOURSE_ENCRYPTION_KEY, 'base64')
      : undefined,
    timeZone: c.RECOURSE_TIMEZONE,
    demoAccounts: c.RECOURSE_DEMO_ACCOUNTS,
    logLevel: c.LOG_LEVEL,
    channels: channelsConfig(c),
    security: {
      secureCookies:
        c.RECOURSE_SECURE_COOKIES === 'auto' ? 'auto' : c.RECOURSE_SECURE_COOKIES === 'true',
      trustProxy: c.RECOURSE_TRUST_PROXY === 'true',
      sessionIdleMinutes: c.RECOURSE_SESSION_IDLE_MINUTES,
      sessionHours: c.RECOURSE_SESSION_HOURS,
      requestsPerMinute: c.RECOURSE_REQUESTS_PER_MINUTE,
    },
  };
}

/** The configuration with secrets masked, safe to log. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    database: c.databaseUrl ? maskUrl(c.databaseUrl) : `pglite:${c.dataDir}`,
    dataDir: c.dataDir,
    port: c.port,
    host: c.host,
    encryptionKey: c.encryptionKey ? '(from RECOURSE_ENCRYPTION_KEY)' : '(key file in data dir)',
    timeZone: c.timeZone,
    logLevel: c.logLevel,
    channels: describeChannels(c.channels),
    security: c.security,
  };
}

function describeChannels(ch: ChannelsConfig): Record<string, unknown> {
  return {
    smtp: ch.smtp ? { url: maskUrl(ch.smtp.url), from: '(set)' } : null,
    smpp: ch.smpp ? { url: ch.smpp.url, systemId: ch.smpp.systemId, password: '***' } : null,
    wechat: ch.wechat ? { apiUrl: ch.wechat.apiUrl, accessToken: '***' } : null,
    dialer: ch.dialer ? { url: ch.dialer.url, token: '***' } : null,
    httpsCaFile: ch.httpsCaFile ?? null,
    letterDir: ch.letterDir ?? null,
  };
}

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // pg also takes the password from the query string (?password=...).
    for (const name of [...u.searchParams.keys()])
      if (/password/i.test(name)) u.searchParams.set(name, '***');
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}
