/**
 * Configuration, read from the environment once and validated into a typed object. Nothing else
 * in Recourse reads process.env. Secrets are never printed: `describeConfig` masks them.
 */
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from './calendar.js';
import { AppError } from './errors.js';

/** The path of the OpenID Connect callback route: the redirect URI registered at the provider. */
export const oidcCallbackPath = '/api/v1/auth/oidc/callback';

/** An https:// URL, or an http:// one on the loopback interface (a provider on the same host). */
function webUrl(v: string): URL | null {
  try {
    const u = new URL(v);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    return u.protocol === 'https:' || (u.protocol === 'http:' && loopback) ? u : null;
  } catch {
    return null;
  }
}

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
  // The server's background work: the evidence linker, and the dispatcher of automated sends.
  RECOURSE_EVIDENCE_LINK_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
  RECOURSE_DISPATCHER: z.enum(['auto', 'on', 'off']).default('auto'),
  RECOURSE_DISPATCHER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // What automated messages name as the sender ({{bank_name}}, {{bank_hotline}}, {{opt_out}}).
  RECOURSE_BANK_NAME: z.string().min(1).max(100).optional(),
  RECOURSE_BANK_HOTLINE: z.string().min(1).max(50).optional(),
  RECOURSE_OPT_OUT_TEXT: z.string().min(1).max(100).optional(),
  // Single sign-on through the bank's OpenID Connect identity provider (all or nothing; off when
  // none is set).
  RECOURSE_OIDC_ISSUER: z
    .string()
    .refine((v) => webUrl(v) !== null, 'must be an https:// URL (http:// only on localhost)')
    .optional(),
  RECOURSE_OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
  RECOURSE_OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  RECOURSE_OIDC_REDIRECT_URI: z
    .string()
    .refine(
      (v) => webUrl(v)?.pathname.endsWith(oidcCallbackPath) === true && !/[?#]/.test(v),
      `must be the https:// URL of ${oidcCallbackPath} as the browser reaches it`,
    )
    .optional(),
  RECOURSE_OIDC_LABEL: z.string().trim().min(1).max(60).optional(),
  RECOURSE_OIDC_USER_CLAIM: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, 'must be a claim name such as preferred_username')
    .optional(),
  RECOURSE_OIDC_SCOPE: z
    .string()
    .regex(
      /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/,
      'must be scopes separated by spaces',
    )
    .refine((v) => v.split(' ').includes('openid'), 'must include openid')
    .optional(),
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
  /** How often the server links new evidence entries into the chain (ms). */
  evidenceLinkMs: number;
  /**
   * The server's dispatcher: due automated actions through the gate into the outbox, then the
   * outbox through the channels, every intervalSeconds. `auto` (default): on when at least one
   * channel has settings.
   */
  dispatcher: { enabled: boolean; intervalSeconds: number };
  /** The sender as automated messages name it. */
  sender: { bankName?: string; bankHotline?: string; optOut?: string };
  security: SecurityConfig;
  /** Single sign-on through the bank's OpenID Connect provider; undefined when off. */
  oidc: OidcConfig | undefined;
};

export type OidcConfig = {
  /** The provider's issuer URL; its metadata is discovered from it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The callback URL registered at the provider, as the browser reaches it. */
  redirectUri: string;
  /** The provider's name on the sign-in button ("Sign in with ..."). */
  label: string;
  /**
   * The claim matched once against the user name to link a user to their subject (`sub`);
   * `sub` itself means only subjects an administrator set are linked.
   */
  userClaim: string;
  /** The scopes asked for (openid and what the claim needs). */
  scope: string;
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

/**
 * Whether a group of settings is on: none given is off, all given is on, some given is an error
 * naming the missing ones. `also` are the group's optional settings: giving one turns it on too.
 */
function need(
  group: string,
  values: Record<string, string | undefined>,
  also: Record<string, string | undefined> = {},
): boolean {
  const given = Object.values({ ...values, ...also }).filter((v) => v !== undefined);
  if (given.length === 0) return false;
  const missing = Object.keys(values).filter((k) => values[k] === undefined);
  if (missing.length > 0)
    throw new AppError(
      'config_invalid',
      `invalid configuration: ${group} needs ${missing.join(', ')}`,
    );
  return true;
}

function oidcConfig(c: z.infer<typeof schema>): OidcConfig | undefined {
  const on = need(
    'OpenID Connect sign-in',
    {
      RECOURSE_OIDC_ISSUER: c.RECOURSE_OIDC_ISSUER,
      RECOURSE_OIDC_CLIENT_ID: c.RECOURSE_OIDC_CLIENT_ID,
      RECOURSE_OIDC_CLIENT_SECRET: c.RECOURSE_OIDC_CLIENT_SECRET,
      RECOURSE_OIDC_REDIRECT_URI: c.RECOURSE_OIDC_REDIRECT_URI,
    },
    {
      RECOURSE_OIDC_LABEL: c.RECOURSE_OIDC_LABEL,
      RECOURSE_OIDC_USER_CLAIM: c.RECOURSE_OIDC_USER_CLAIM,
      RECOURSE_OIDC_SCOPE: c.RECOURSE_OIDC_SCOPE,
    },
  );
  if (!on) return undefined;
  const issuer = c.RECOURSE_OIDC_ISSUER!;
  return {
    issuer,
    clientId: c.RECOURSE_OIDC_CLIENT_ID!,
    clientSecret: c.RECOURSE_OIDC_CLIENT_SECRET!,
    redirectUri: c.RECOURSE_OIDC_REDIRECT_URI!,
    label: c.RECOURSE_OIDC_LABEL ?? new URL(issuer).host,
    userClaim: c.RECOURSE_OIDC_USER_CLAIM ?? 'preferred_username',
    scope: c.RECOURSE_OIDC_SCOPE ?? 'openid profile',
  };
}

function channelsConfig(c: z.infer<typeof schema>): ChannelsConfig {
  const out: ChannelsConfig = {};
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
  const channels = channelsConfig(c);
  const oidc = oidcConfig(c);
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
    channels,
    evidenceLinkMs: c.RECOURSE_EVIDENCE_LINK_MS,
    dispatcher: {
      enabled:
        c.RECOURSE_DISPATCHER === 'on' ||
        (c.RECOURSE_DISPATCHER === 'auto' && messageChannelsOf(channels).length > 0),
      intervalSeconds: c.RECOURSE_DISPATCHER_INTERVAL_SECONDS,
    },
    sender: {
      ...(c.RECOURSE_BANK_NAME ? { bankName: c.RECOURSE_BANK_NAME } : {}),
      ...(c.RECOURSE_BANK_HOTLINE ? { bankHotline: c.RECOURSE_BANK_HOTLINE } : {}),
      ...(c.RECOURSE_OPT_OUT_TEXT ? { optOut: c.RECOURSE_OPT_OUT_TEXT } : {}),
    },
    security: {
      secureCookies:
        c.RECOURSE_SECURE_COOKIES === 'auto' ? 'auto' : c.RECOURSE_SECURE_COOKIES === 'true',
      trustProxy: c.RECOURSE_TRUST_PROXY === 'true',
      sessionIdleMinutes: c.RECOURSE_SESSION_IDLE_MINUTES,
      sessionHours: c.RECOURSE_SESSION_HOURS,
      requestsPerMinute: c.RECOURSE_REQUESTS_PER_MINUTE,
    },
    oidc,
  };
}

/**
 * The sender a demo (`serve --demo`) names where none is configured: clearly fictional, so that
 * the demo's automated messages can be sent without pretending to be a real bank. 400-000-0000 is
 * an all-zero service number, not one a bank would hold.
 */
export const demoSender = {
  bankName: 'Recourse Demo Bank',
  bankHotline: '400-000-0000',
  optOut: '回复TD退订 Reply TD to opt out',
} as const satisfies Required<Config['sender']>;

const senderVariables = {
  bankName: 'RECOURSE_BANK_NAME',
  bankHotline: 'RECOURSE_BANK_HOTLINE',
  optOut: 'RECOURSE_OPT_OUT_TEXT',
} as const satisfies Record<keyof Config['sender'], string>;

/**
 * The configuration of a demo: each sender setting not given is the fictional demo one. Returns
 * the variables it defaulted (none when all are set). Only `serve --demo` uses it: elsewhere a
 * sender setting not given stays unset, and automated messages that need it are not sent.
 */
export function withDemoSender(c: Config): { config: Config; defaulted: string[] } {
  const keys = Object.keys(senderVariables) as Array<keyof Config['sender']>;
  const missing = keys.filter((k) => c.sender[k] === undefined);
  return {
    config: { ...c, sender: { ...demoSender, ...c.sender } },
    defaulted: missing.map((k) => senderVariables[k]),
  };
}

/** The message channels (sms, wechat, email, letter) that have settings. */
export function messageChannelsOf(
  ch: ChannelsConfig,
): Array<'sms' | 'wechat' | 'email' | 'letter'> {
  const out: Array<'sms' | 'wechat' | 'email' | 'letter'> = [];
  if (ch.smpp) out.push('sms');
  if (ch.wechat) out.push('wechat');
  if (ch.smtp) out.push('email');
  if (ch.letterDir) out.push('letter');
  return out;
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
    evidenceLinkMs: c.evidenceLinkMs,
    dispatcher: c.dispatcher,
    sender: c.sender,
    oidc: c.oidc ? { ...c.oidc, clientSecret: '***' } : null,
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
