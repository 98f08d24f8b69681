import { SingleBar } from 'cli-progress';
import fs from 'node:fs';
import path from 'node:path';
import { openContext } from '../../shared/context.js';
import { importPortfolio, ImportRejected } from '../../modules/portfolio/index.js';
import { describeError, type Io } from '../output.js';

export type ImportCommandOptions = { portfolio: string; json: boolean };

/** `recourse import portfolio FILE`: 0 imported, 1 refused (nothing written). */
export async function importPortfolioCommand(
  file: string,
  opts: ImportCommandOptions,
  io: Io,
): Promise<number> {
  const fail = (line: number, field: string, message: string): number => {
    if (opts.json) io.out(JSON.stringify({ errors: [{ line, field, message }] }) + '\n');
    else io.err(`recourse: ${message}\n`);
    return 1;
  };
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return fail(0, '(file)', `${file} is not a file`);
    size = stat.size;
  } catch {
    return fail(0, '(file)', `cannot read ${file}: no such file`);
  }
  const ctx = await openContext();
  const bar =
    io.isTty && !opts.json
      ? new SingleBar({
          format: 'Importing |{bar}| {percentage}% | {rows} rows | {phase} | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
        })
      : null;
  bar?.start(size, 0, { rows: 0, phase: 'reading' });
  try {
    const result = await importPortfolio({
      db: ctx.db,
      cipher: ctx.cipher,
      portfolio: opts.portfolio,
      source: fs.createReadStream(file),
      sourceName: path.basename(file),
      onProgress: (p) => bar?.update(p.bytes, { rows: p.rows, phase: p.phase }),
    });
    bar?.stop();
    if (opts.json) io.out(JSON.stringify(result) + '\n');
    else
      io.out(
        `Imported ${path.basename(file)} into portfolio "${opts.portfolio}": ` +
          `${result.imported} new, ${result.updated} updated, ${result.unchanged} unchanged.\n`,
      );
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof ImportRejected) {
      if (opts.json) {
        const body: Record<string, unknown> = { errors: e.errors };
        if (e.total > e.errors.length) body.total_errors = e.total;
        io.out(JSON.stringify(body) + '\n');
      } else if (e.total === 1 && e.errors[0]) {
        const x = e.errors[0];
        const where = x.field === '(file)' ? '' : `line ${x.line}, ${x.field}: `;
        io.err(`recourse: ${path.basename(file)}: ${where}${x.message}; nothing was imported\n`);
      } else {
        for (const x of e.errors) io.err(`line ${x.line}, ${x.field}: ${x.message}\n`);
        if (e.total > e.errors.length) io.err(`... and ${e.total - e.errors.length} more errors\n`);
        io.err(
          `recourse: ${path.basename(file)} was not imported (${e.total} error${e.total === 1 ? '' : 's'}); nothing was written\n`,
        );
      }
      return 1;
    }
    return fail(0, '(file)', describeError(e));
  } finally {
    await ctx.close();
  }
}
