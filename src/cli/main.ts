/**
 * The `recourse` command line. Every command honours RECOURSE_DATA_DIR and DATABASE_URL, prints
 * results on stdout (JSON with --json) and one-line messages on stderr, and exits 0 on success,
 * 1 on failure.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { dateInZone, isCalendarDate } from '../shared/calendar.js';
import { loadConfig } from '../shared/config.js';
import { accountsListCommand } from './commands/accounts-list.js';
import { auditAdminLogCommand, type AdminLogOptions } from './commands/audit-admin-log.js';
import { auditCheckpointCommand } from './commands/audit-checkpoint.js';
import { auditDefencePackCommand } from './commands/audit-defence-pack.js';
import { auditExportCommand } from './commands/audit-export.js';
import { auditProofCommand } from './commands/audit-proof.js';
import { auditVerifyCommand } from './commands/audit-verify.js';
import { briefingCommand, type BriefingFormat } from './commands/briefing.js';
import { complianceCheckCommand } from './commands/compliance-check.js';
import { cycleCommand } from './commands/cycle.js';
import { demoSeed, demoTapeCommand } from './commands/demo-tape.js';
import { importPortfolioCommand } from './commands/import-portfolio.js';
import { outboxDispatchCommand } from './commands/outbox-dispatch.js';
import { outboxSendDueCommand } from './commands/outbox-send-due.js';
import { paymentsPostCommand } from './commands/payments-post.js';
import { privacyExportCommand } from './commands/privacy-export.js';
import { privacyRetentionCommand } from './commands/privacy-retention.js';
import { revealPurposes, type RevealPurpose } from '../modules/portfolio/index.js';
import { serveCommand } from './commands/serve.js';
import { statementsImportCommand } from './commands/statements-import.js';
import { describeError, processIo, type Io } from './output.js';

/** Today in the bank's zone (RECOURSE_TIMEZONE); falls back to Asia/Shanghai. */
function today(): string {
  try {
    return dateInZone(new Date(), loadConfig().timeZone);
  } catch {
    return dateInZone(new Date(), 'Asia/Shanghai');
  }
}

function calendarDate(v: string): string {
  if (!isCalendarDate(v)) throw new InvalidArgumentError('expected a calendar date, YYYY-MM-DD');
  return v;
}

function instant(v: string): Date {
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError('expected an instant, ISO 8601 (2026-11-25T02:00:00Z)');
  return d;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('recourse')
    .description('Recourse: compliance-first debt collection and recovery')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command('import')
    .description('import data into Recourse')
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
    .addOption(
      new Option('--as-of <date>', 'business date, YYYY-MM-DD')
        .argParser(calendarDate)
        .default(today(), 'today'),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (o: { asOf: string; json?: boolean }) => {
      setCode(await cycleCommand({ asOf: o.asOf, json: Boolean(o.json) }, io));
    });

  program
    .command('briefing')
    .description('the morning war-room briefing for a cycle date')
    .addOption(
      new Option('--as-of <date>', 'cycle date, YYYY-MM-DD (default: the latest cycle)').argParser(
        calendarDate,
      ),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'csv', 'pdf'])
        .default('text'),
    )
    .option('--portfolio <name>', 'only this portfolio')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      async (o: { asOf?: string; format: BriefingFormat; portfolio?: string; out?: string }) => {
        setCode(await briefingCommand(o, io));
      },
    );

  program
    .command('accounts')
    .description('work with accounts')
    .command('list')
    .description('list every account with its aging')
    .option('--portfolio <name>', 'only this portfolio')
    .option('--json', 'print a JSON array')
    .action(async (o: { portfolio?: string; json?: boolean }) => {
      setCode(await accountsListCommand({ json: Boolean(o.json), portfolio: o.portfolio }, io));
    });

  program
    .command('serve')
    .description('serve the API and the web app (PORT, default 3000)')
    .option('--demo', 'load the demo portfolio into an empty database and age it for today')
    .action(async (o: { demo?: boolean }) => {
      setCode(await serveCommand({ demo: Boolean(o.demo) }, io));
    });

  program
    .command('demo')
    .description('demo data')
    .command('tape')
    .description('write a deterministic synthetic loan tape (CSV)')
    .option('--accounts <n>', 'number of accounts', positiveInt, 10_000)
    .option('--seed <n>', 'random seed', positiveInt, demoSeed)
    .addOption(
      new Option('--as-of <date>', 'date the delinquency is relative to')
        .argParser(calendarDate)
        .default(today(), 'today'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (o: { accounts: number; seed: number; asOf: string; out?: string }) => {
      setCode(await demoTapeCommand(o, io));
    });

  program
    .command('compliance')
    .description('compliance gate')
    .command('check')
    .description('replay contact events through the gate (shared/formats/contact-check.md)')
    .requiredOption('--pack <pack>', 'rule pack: cn, us or uk')
    .requiredOption('--events <file>', 'JSON Lines events file')
    .action(async (o: { pack: string; events: string }) => {
      setCode(await complianceCheckCommand(o, io));
    });

  const payments = program.command('payments').description('payments and the ledger');
  payments
    .command('post')
    .description('post a payment (idempotent: the same key posts once)')
    .requiredOption('--account <id>', 'the account paid')
    .requiredOption('--amount <amount>', 'amount in major units, e.g. 123.45')
    .requiredOption('--currency <code>', 'ISO 4217 currency of the amount')
    .requiredOption('--paid-on <date>', 'the day it was paid, YYYY-MM-DD', calendarDate)
    .requiredOption('--idempotency-key <key>', 'retry key: the same key posts once')
    .option('--portfolio <name>', 'the portfolio (needed when several hold the account id)')
    .option('--reference <ref>', "the payer's reference")
    .option('--json', 'print the posted payment as JSON')
    .action(
      async (o: {
        account: string;
        amount: string;
        currency: string;
        paidOn: string;
        idempotencyKey: string;
        portfolio?: string;
        reference?: string;
        json?: boolean;
      }) => {
        setCode(await paymentsPostCommand({ ...o, json: Boolean(o.json) }, io));
      },
    );

  program
    .command('statements')
    .description('bank statements')
    .command('import')
    .description('reconcile a bank statement (camt.053 or statement CSV); idempotent per entry')
    .argument('<file>', 'the statement file')
    .addOption(
      new Option('--format <format>', 'file format (detected when absent)').choices([
        'camt053',
        'csv',
      ]),
    )
    .option('--portfolio <name>', 'match only accounts of this portfolio')
    .option('--json', 'print the counts as JSON')
    .action(
      async (
        file: string,
        o: { format?: 'camt053' | 'csv'; portfolio?: string; json?: boolean },
      ) => {
        setCode(await statementsImportCommand(file, { ...o, json: Boolean(o.json) }, io));
      },
    );

  const audit = program.command('audit').description('the tamper-evident evidence log');
  audit
    .command('verify')
    .description('recompute the evidence chain and checkpoints; exit 1 naming the first bad entry')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      setCode(await auditVerifyCommand({ json: Boolean(o.json) }, io));
    });
  audit
    .command('proof')
    .description('print the inclusion proof of one evidence entry as JSON')
    .argument('<entry-id>', 'the entry (its seq number)', (v: string) => {
      if (!/^[1-9][0-9]{0,17}$/.test(v))
        throw new InvalidArgumentError('expected an entry id (a positive integer)');
      return BigInt(v);
    })
    .option('--head', 'prove against the current tree head, not the latest checkpoint')
    .action(async (seq: bigint, o: { head?: boolean }) => {
      setCode(await auditProofCommand({ seq, against: o.head ? 'head' : 'checkpoint' }, io));
    });
  audit
    .command('checkpoint')
    .description('record a checkpoint (the Merkle tree head of the whole log) and print it')
    .option('--published-ref <ref>', 'where the tree head is published')
    .option('--json', 'print the checkpoint as JSON')
    .action(async (o: { json?: boolean; publishedRef?: string }) => {
      setCode(
        await auditCheckpointCommand({ json: Boolean(o.json), publishedRef: o.publishedRef }, io),
      );
    });
  audit
    .command('export')
    .description('print every checkpoint as JSON, for publishing outside the database')
    .option('--consistency', 'add consistency proofs between successive checkpoints')
    .action(async (o: { consistency?: boolean }) => {
      setCode(await auditExportCommand({ consistency: Boolean(o.consistency) }, io));
    });
  audit
    .command('admin-log')
    .description(
      'print the administration trail (sign-ins, user, strategy, rule-pack and template changes, exports), newest first',
    )
    .addOption(
      new Option('--from <date>', "first day, YYYY-MM-DD (the bank's zone)").argParser(
        calendarDate,
      ),
    )
    .addOption(
      new Option('--to <date>', "last day, YYYY-MM-DD (the bank's zone)").argParser(calendarDate),
    )
    .option('--kind <kind>', 'only this kind (admin_sign_in, admin_user_changed ...)')
    .option('--actor <actor>', 'only this actor (user:NAME, cli:NAME, anonymous)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (o: AdminLogOptions) => {
      setCode(await auditAdminLogCommand(o, io));
    });

  audit
    .command('defence-pack')
    .description("write one debtor's complaint defence pack (JSON and PDF) with inclusion proofs")
    .requiredOption('--portfolio <name>', 'the portfolio')
    .requiredOption('--debtor <id>', 'the debtor id')
    .requiredOption('--out <dir>', 'directory to write the pack into')
    .action(async (o: { portfolio: string; debtor: string; out: string }) => {
      setCode(await auditDefencePackCommand(o, io));
    });

  const outbox = program.command('outbox').description('the message outbox');
  outbox
    .command('dispatch')
    .description('deliver due messages once through the configured channels')
    .option('--limit <n>', 'at most this many messages', positiveInt, 500)
    .option('--json', 'print the counts as JSON')
    .action(async (o: { limit: number; json?: boolean }) => {
      setCode(await outboxDispatchCommand({ limit: o.limit, json: Boolean(o.json) }, io));
    });
  outbox
    .command('send-due')
    .description(
      'send the due automated actions (SMS, WeChat, email, letter) through the compliance gate into the outbox',
    )
    .addOption(
      new Option('--as-of <date>', 'business date, YYYY-MM-DD')
        .argParser(calendarDate)
        .default(today(), 'today'),
    )
    .addOption(
      new Option(
        '--at <instant>',
        'the instant of the attempts, ISO 8601 (default: now)',
      ).argParser(instant),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (o: { asOf: string; at?: Date; json?: boolean }) => {
      setCode(
        await outboxSendDueCommand(
          { asOf: o.asOf, at: o.at ?? new Date(), json: Boolean(o.json) },
          io,
        ),
      );
    });

  const privacy = program
    .command('privacy')
    .description('retention of personal data and access requests');
  privacy
    .command('retention')
    .description(
      "anonymise the debtors whose accounts closed longer ago than their portfolio's retention period",
    )
    .requiredOption('--as-of <date>', 'business date, YYYY-MM-DD', calendarDate)
    .option('--dry-run', 'list who would be anonymised, and who is held and why; write nothing')
    .option('--portfolio <name>', 'only this portfolio')
    .option('--json', 'print the run as JSON')
    .action(async (o: { asOf: string; dryRun?: boolean; portfolio?: string; json?: boolean }) => {
      setCode(
        await privacyRetentionCommand(
          {
            asOf: o.asOf,
            dryRun: Boolean(o.dryRun),
            portfolio: o.portfolio,
            json: Boolean(o.json),
          },
          io,
        ),
      );
    });
  privacy
    .command('export')
    .description('everything held about one person, as JSON (an access request; logged)')
    .requiredOption('--portfolio <name>', 'the portfolio')
    .requiredOption('--debtor <id>', 'the debtor id')
    .addOption(
      new Option('--purpose <purpose>', 'why it is read (logged)')
        .choices(revealPurposes)
        .makeOptionMandatory(),
    )
    .requiredOption('--user <name>', 'the user the export is logged under (personal_data.export)')
    .option('--note <text>', 'a note logged with the purpose')
    .option('--out <file>', 'write to a new file (mode 0600) instead of stdout')
    .action(
      async (o: {
        portfolio: string;
        debtor: string;
        purpose: RevealPurpose;
        user: string;
        note?: string;
        out?: string;
      }) => {
        setCode(await privacyExportCommand(o, io));
      },
    );

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
