import fs from 'node:fs';
import path from 'node:path';
import {
  importStatement,
  statementImportJson,
  type StatementFormat,
} from '../../modules/payments/index.js';
import { openContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import type { Io } from '../output.js';

export type StatementsImportOptions = {
  format?: StatementFormat | undefined;
  portfolio?: string | undefined;
  json: boolean;
};

/**
 * `recourse statements import FILE`: reconciles a bank statement (camt.053 or statement CSV).
 * A malformed file is refused whole (exit 1, the element or line named); importing the same
 * statement again posts nothing.
 */
export async function statementsImportCommand(
  file: string,
  o: StatementsImportOptions,
  io: Io,
): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('invalid_file', `cannot read ${file}`, { file });
  }
  const ctx = await openContext();
  try {
    const r = await ctx.db.transaction((tx) =>
      importStatement({
        tx,
        text,
        format: o.format,
        portfolio: o.portfolio,
        sourceName: path.basename(file),
      }),
    );
    const j = statementImportJson(r);
    if (o.json) io.out(JSON.stringify(j) + '\n');
    else
      io.out(
        `Statement ${path.basename(file)} (${j.format}): ${j.entries} entries, ${j.posted} posted, ` +
          `${j.review} to review, ${j.ignored} ignored, ${j.duplicates} already imported.\n`,
      );
    return 0;
  } finally {
    await ctx.close();
  }
}
