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
import { linkEvidence } from '../../modules/audit/index.js';
import { every } from '../every.js';
import type { Io } from '../output.js';

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
    });
    await app.listen({ port: config.port, host: config.host });
    // Evidence appended by the contact path is chained here, off that path.
    const linker = every(
      'the evidence linker',
      config.evidenceLinkMs,
      () => linkEvidence({ db: ctx.db }),
      logger,
    );
    io.err(`Recourse is running on http://localhost:${config.port}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await app.close();
    await linker.stop();
    await linkEvidence({ db: ctx.db });
    return 0;
  } finally {
    await ctx.close();
  }
}
