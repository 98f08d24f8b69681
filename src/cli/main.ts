/**
 * The `recourse` command line. Every command honours RECOURSE_DATA_DIR and DATABASE_URL, prints
 * results on stdout (JSON with --json) and one-line messages on stderr, and exits 0 on success,
 * 1 on failure.
 */
import { Command, CommanderError, Option } from 'commander';
import { dateInZone } from '../shared/calendar.js';
import { cycleCommand } from './commands/cycle.js';
import { importPortfolioCommand } from './commands/import-portfolio.js';
import { describeError, processIo, type Io } from './output.js';

function today(): string {
  return dateInZone(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('recourse')
    .description('Recourse: compliance-first debt collection and recovery')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  const importCmd = program.command('import').description('import data into Recourse');
  importCmd
    .command('portfolio')
    .description('import a loan tape (shared/formats/loan-tape.md), all or nothing')
    .argument('<file>', 'the CSV loan tape')
    .option('--portfolio <name>', 'portfolio to import into (created when new)', 'default')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { portfolio: string; json?: boolean }) => {
      setCode(
        await importPortfolioCommand(file, { portfolio: o.portfolio, json: Boolean(o.json) }, io),
      );
    });

  program
    .command('cycle')
    .description('run the daily cycle: age every account as of a date')
    .addOption(new Option('--as-of <date>', 'business date, YYYY-MM-DD').default(today(), 'today'))
    .option('--json', 'print the summary as JSON')
    .action(async (o: { asOf: string; json?: boolean }) => {
      setCode(await cycleCommand({ asOf: o.asOf, json: Boolean(o.json) }, io));
    });

  return program;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    io.err(`recourse: ${describeError(e)}\n`);
    return 1;
  }
}
