/**
 * `recourse serve --demo` as `npm start` runs it: where RECOURSE_BANK_NAME, RECOURSE_BANK_HOTLINE
 * or RECOURSE_OPT_OUT_TEXT is not set, the demo's automated messages name a fictional sender, and
 * the boot log says so; `recourse serve` without --demo defaults nothing (an automated message
 * that needs an unset one is then not sent: see send-due-families.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSender } from '../../src/shared/config.js';
import { openPglite } from '../../src/shared/db/pglite.js';
import { finished, startCli } from '../support/cli.js';
import { pgliteTemplate } from '../support/databases.js';

type LogLine = {
  msg: string;
  config?: { sender?: unknown };
  sender?: unknown;
  defaulted?: string[];
};

/**
 * Starts the server and returns its log lines up to the one it writes once it serves (about the
 * dispatcher); then stops it.
 */
async function serveOnce(args: string[], env: Record<string, string>): Promise<LogLine[]> {
  const child = startCli(args, env);
  const result = finished(child);
  let stdout = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        if (stdout.includes('"msg":"dispatcher off')) resolve();
      });
      child.on('close', () => reject(new Error(`serve ended before it served: ${stdout}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await result;
  }
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

describe('the sender of the demo', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-serve-demo-'));
    await (await openPglite(path.join(dir, 'pglite'), pgliteTemplate())).close();
    env = {
      RECOURSE_DATA_DIR: dir,
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      RECOURSE_DEMO_ACCOUNTS: '40',
      RECOURSE_BANK_NAME: 'Test Bank',
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is fictional in --demo where not configured, and the boot log says which', async () => {
    const log = await serveOnce(['serve', '--demo'], env);
    const sender = { ...demoSender, bankName: 'Test Bank' };
    expect(log.find((l) => l.msg === 'starting Recourse')?.config?.sender).toEqual(sender);
    const said = log.filter((l) => l.defaulted);
    expect(said).toEqual([
      expect.objectContaining({
        msg: 'demo: automated messages name a fictional sender (RECOURSE_BANK_HOTLINE, RECOURSE_OPT_OUT_TEXT not set)',
        sender,
        defaulted: ['RECOURSE_BANK_HOTLINE', 'RECOURSE_OPT_OUT_TEXT'],
      }),
    ]);
  }, 300_000);

  it('is only what is configured without --demo', async () => {
    const log = await serveOnce(['serve'], env);
    expect(log.find((l) => l.msg === 'starting Recourse')?.config?.sender).toEqual({
      bankName: 'Test Bank',
    });
    expect(log.filter((l) => l.defaulted || /fictional/.test(l.msg))).toEqual([]);
  }, 120_000);
});
