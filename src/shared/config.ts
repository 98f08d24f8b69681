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
};

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
