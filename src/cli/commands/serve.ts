import fs from 'node:fs';
import path from 'node:path';
import { dateInZone } from '../../shared/calendar.js';
import {
  describeConfig,
  loadConfig,
  messageChannelsOf,
  withDemoSender,
} from '../../shared/config.js';
import { seedDemoDay } from '../../modules/demo/index.js';
import { openContext } from '../../shared/context.js';
import { createLogger } from '../../shared/log.js';
import { runDailyCycle } from '../../modules/cycle/index.js';
import { seedDemoPortfolio } from '../../modules/portfolio/index.js';
import { seedDemoPeople } from '../../modules/people/index.js';
import { buildServer } from '../../server.js';
import { linkEvidence } from '../../modules/audit/index.js';
import { every, type Loop } from '../every.js';
import {
  buildChannelAdapters,
  dispatchOutbox,
  recordDeliveryReceipt,
  seedDemoTemplates,
  sendDueActions,
} from '../../modules/channels/index.js';
import type { Context } from '../../shared/context.js';
import type { Logger } from '../../shared/log.js';
import type { Io } from '../output.js';
import { seedDemoUsers, type SeededDemoUser } from '../../modules/auth/index.js';

/** The demo users' passwords, kept beside the data (readable by its owner only) and printed. */
function writeDemoUsers(dataDir: string, users: SeededDemoUser[]): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-users.txt');
  const lines = users.map((u) => `${u.username}\t${u.role}\t${u.password}`);
  fs.writeFileSync(file, `# user\trole\tpassword (demo only)\n${lines.join('\n')}\n`, {
    mode: 0o600,
  });
  return file;
}

function demoUsersText(users: SeededDemoUser[], file: string): string {
  const width = Math.max(...users.map((u) => u.username.length));
  const rows = users.map((u) => `  ${u.username.padEnd(width)}  ${u.password}  (${u.role})`);
  return `Demo users (one per role), also saved in ${file}:\n${rows.join('\n')}\n`;
}

export type ServeOptions = { demo: boolean };

/**
 * `recourse serve [--demo]`: the API and web app. With --demo, an empty database first gets the
 * deterministic demo portfolio, and the daily cycle runs for today when it has not yet; the
 * sender settings not given (RECOURSE_BANK_NAME, RECOURSE_BANK_HOTLINE, RECOURSE_OPT_OUT_TEXT) are fictional
 * demo ones, so that the demo's automated messages can go out.
 */
export async function serveCommand(o: ServeOptions, io: Io): Promise<number> {
  const demo = o.demo ? withDemoSender(loadConfig()) : { config: loadConfig(), defaulted: [] };
  const { config } = demo;
  const logger = createLogger(config.logLevel);
  logger.info({ config: describeConfig(config) }, 'starting Recourse');
  if (demo.defaulted.length > 0)
    logger.info(
      { sender: config.sender, defaulted: demo.defaulted },
      `demo: automated messages name a fictional sender (${demo.defaulted.join(', ')} not set)`,
    );
  const ctx = await openContext(config);
  try {
    if (o.demo) {
      const today = dateInZone(new Date(), config.timeZone);
      const seeded = await seedDemoPortfolio({
        db: ctx.db,
        cipher: ctx.cipher,
        accounts: config.demoAccounts,
        asOf: today,
      });
      if (seeded) {
        logger.info(seeded, `demo portfolio of ${config.demoAccounts} accounts loaded`);
        const day = await seedDemoDay({ db: ctx.db, cipher: ctx.cipher, today });
        if (day) logger.info(day, 'demo: a day of collection work simulated (yesterday and today)');
      }
      const templates = await ctx.db.transaction((tx) => seedDemoTemplates({ tx }));
      if (templates.inserted > 0) logger.info(templates, 'demo message templates loaded');
      const people = await ctx.db.transaction((tx) => seedDemoPeople({ tx }));
      if (people.collectors > 0) logger.info(people, 'demo team loaded');
      const users = await seedDemoUsers({ db: ctx.db, now: new Date() });
      if (users.length > 0) io.err(demoUsersText(users, writeDemoUsers(config.dataDir, users)));
      const [ran] = await ctx.db.query('SELECT 1 FROM cycle_runs WHERE as_of = $1', [today]);
      if (!ran) {
        const s = await runDailyCycle({ db: ctx.db, asOf: today });
        logger.info({ as_of: s.as_of, accounts_aged: s.accounts_aged }, 'daily cycle run');
      }
    }
    const app = await buildServer({
      db: ctx.db,
      logger,
      timeZone: config.timeZone,
      cipher: ctx.cipher,
      security: {
        secureCookies: config.security.secureCookies,
        trustProxy: config.security.trustProxy,
        sessionPolicy: {
          idleMinutes: config.security.sessionIdleMinutes,
          absoluteHours: config.security.sessionHours,
        },
        requestsPerMinute: config.security.requestsPerMinute,
      },
      ...(config.oidc ? { oidc: config.oidc } : {}),
    });
    await app.listen({ port: config.port, host: config.host });
    // Evidence appended by the contact path is chained here, off that path.
    const linker = every(
      'the evidence linker',
      config.evidenceLinkMs,
      () => linkEvidence({ db: ctx.db }),
      logger,
    );
    // The dispatcher: due automated actions through the gate into the outbox, then the outbox
    // through the channels (RECOURSE_DISPATCHER; on by default when a channel has settings).
    const dispatcher = config.dispatcher.enabled
      ? startDispatcher(ctx, config.dispatcher.intervalSeconds * 1000, logger)
      : null;
    if (!dispatcher)
      logger.info(
        'dispatcher off: automated actions are not sent (set a channel, or RECOURSE_DISPATCHER=on)',
      );
    io.err(`Recourse is running on http://localhost:${config.port}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await app.close();
    await dispatcher?.stop();
    await linker.stop();
    await linkEvidence({ db: ctx.db });
    return 0;
  } finally {
    await ctx.close();
  }
}

/** Every interval: send the due automated actions into the outbox, then deliver the outbox. */
function startDispatcher(ctx: Context, intervalMs: number, logger: Logger): Loop {
  const { config, db, cipher } = ctx;
  const held: Array<{ providerMessageId: string; status: string; at: Date }> = [];
  const built = buildChannelAdapters(config.channels, {
    onSmsReceipt: (r) => held.push({ ...r, at: new Date() }),
  });
  const loop = every(
    'the dispatcher',
    intervalMs,
    async () => {
      const at = new Date();
      const sent = await sendDueActions({
        db,
        cipher,
        asOf: dateInZone(at, config.timeZone),
        at,
        channels: messageChannelsOf(config.channels),
        sender: config.sender,
        timeZone: config.timeZone,
      });
      const delivered = await dispatchOutbox({ db, adapters: built.adapters, cipher });
      // receipts that arrived while the batch was in flight, now that it is recorded as sent
      for (const r of held.splice(0)) await recordDeliveryReceipt({ db, ...r });
      if (sent.considered > 0 || delivered.claimed > 0)
        logger.info({ send_due: sent, dispatch: delivered }, 'dispatcher run');
    },
    logger,
  );
  return {
    async stop() {
      await loop.stop();
      await built.close();
    },
  };
}
