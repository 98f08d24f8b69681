import fs from 'node:fs';
import path from 'node:path';
import { dateInZone } from '../../shared/calendar.js';
import { describeConfig, loadConfig } from '../../shared/config.js';
import { seedDemoDay } from '../../modules/demo/index.js';
import { openContext } from '../../shared/context.js';
import { createLogger } from '../../shared/log.js';
import { runDailyCycle } from '../../modules/cycle/index.js';
import { seedDemoPortfolio } from '../../modules/portfolio/index.js';
import { seedDemoTemplates } from '../../modules/channels/index.js';
import { seedDemoPeople } from '../../modules/people/index.js';
import { buildServer } from '../../server.js';
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
 * deterministic demo portfolio, and the daily cycle runs for today when it has not yet.
 */
export async function serveCommand(o: ServeOptions, io: Io): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  logger.info({ config: describeConfig(config) }, 'starting Recourse');
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
      const users = await seedDemoUsers({ db: ctx.db });
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
    });
    await app.listen({ port: config.port, host: config.host });
    io.err(`Recourse is running on http://localhost:${config.port}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await app.close();
    return 0;
  } finally {
    await ctx.close();
  }
}
