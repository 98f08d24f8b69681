/** How the CLI writes: results to stdout, messages to stderr, never a stack trace. */
import { isAppError } from '../shared/errors.js';

export type Io = {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
  /** binary results (a PDF) on stdout */
  outBytes?: (bytes: Uint8Array) => void;
  /** whether stdout is a terminal (binary output is refused there) */
  stdoutIsTty?: boolean;
};

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTty: Boolean(process.stderr.isTTY),
  outBytes: (b) => process.stdout.write(b),
  stdoutIsTty: Boolean(process.stdout.isTTY),
};

/** One line for the user: the message of a known error, or a short note for an unknown one. */
export function describeError(e: unknown): string {
  if (isAppError(e)) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ECONNREFUSED') return 'cannot connect to the database (connection refused)';
  const message = e instanceof Error ? e.message : String(e);
  return `internal error: ${message.split('\n')[0]}`;
}
