/**
 * The logger. Personal information never reaches a log: the fields that could carry it are
 * redacted by name, and code never logs row values of an import.
 */
import { pino, type Logger } from 'pino';

export const redactedPaths = [
  'national_id',
  'phone',
  'email',
  'wechat_id',
  'address',
  '*.national_id',
  '*.phone',
  '*.email',
  '*.wechat_id',
  '*.address',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

export type { Logger };
