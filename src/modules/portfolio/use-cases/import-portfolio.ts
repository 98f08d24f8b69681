import { parse } from 'csv-parse';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '../../../shared/errors.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import {
  checkHeader,
  parseTapeRow,
  type FieldError,
  type HeaderMap,
  type TapeRow,
} from '../domain/loan-tape.js';
import {
  copyStagingSql,
  createStagingSql,
  duplicateAccountsSql,
  ensurePortfolioSql,
  inconsistentDebtorsSql,
  mergeAccountsSql,
  mergeDebtorsSql,
  recordImportSql,
} from '../import-sql.js';

export type ImportProgress = { rows: number; bytes: number; phase: 'reading' | 'merging' };

export type ImportPortfolioOptions = {
  db: Db;
  cipher: PiiCipher;
  /** portfolio name; created on first import */
  portfolio: string;
  /** the tape's bytes */
  source: Readable;
  /** a name for the import record (e.g. the file name) */
  sourceName: string;
  onProgress?: (p: ImportProgress) => void;
  /** rows per COPY batch into the staging table */
  batchRows?: number;
};

export type ImportResult = { imported: number; updated: number; unchanged: number };

/** The most row errors reported for one file; the total is always counted. */
export const maxReportedErrors = 1000;

/**
 * The tape was refused: nothing was written. `errors` name line and field; `total` counts all
 * of them even when only the first maxReportedErrors are listed.
 */
export class ImportRejected extends AppError {
  readonly errors: FieldError[];
  readonly total: number;

  constructor(errors: FieldError[], total = errors.length) {
    const first = errors[0];
    const summary = first
      ? `line ${first.line}, ${first.field}: ${first.message}`
      : 'the file is invalid';
    super('invalid_file', total === 1 ? summary : `${total} errors; the first: ${summary}`, {
      errors,
      total,
    });
    this.errors = errors;
    this.total = total;
  }
}

/**
 * Imports a loan tape into a portfolio, all or nothing: rows stream through validation into a
 * staging table in one transaction, and are merged set-based only when every row is valid.
 * Memory stays bounded whatever the file's size.
 */
export async function importPortfolio(o: ImportPortfolioOptions): Promise<ImportResult> {
  const name = o.portfolio.trim();
  if (name.length < 1 || name.length > 200)
    throw new AppError('validation_failed', 'the portfolio name must be 1-200 characters');
  const startedAt = new Date();
  const batchRows = o.batchRows ?? 5000;
  return o.db.transaction(async (tx) => {
    await tx.exec(createStagingSql);
    const errors: FieldError[] = [];
    let total = 0;
    const report = (e: FieldError): void => {
      total++;
      if (errors.length < maxReportedErrors) errors.push(e);
    };
    let header: HeaderMap | null = null;
    let rows = 0;
    let batch: string[] = [];
    const counter = { bytes: 0 };
    const flush = async (): Promise<void> => {
      if (batch.length && total === 0) await tx.copyFrom(copyStagingSql, batch.join(''));
      batch = [];
      o.onProgress?.({ rows, bytes: counter.bytes, phase: 'reading' });
    };

    for await (const { record, line } of readRecords(o.source, counter)) {
      if (header === null) {
        const h = checkHeader(record);
        if (!h.ok) throw new ImportRejected(h.errors);
        header = h.header;
        continue;
      }
      rows++;
      const r = parseTapeRow(record, header, line);
      if (!r.ok) r.errors.forEach(report);
      else if (total === 0) batch.push(stagingLine(r.row, o.cipher));
      if (batch.length >= batchRows || rows % batchRows === 0) await flush();
    }
    await flush();
    if (header === null) throw fileError('the file is empty');
    if (rows === 0) throw fileError('the file has a header but no data rows');
    if (total > 0) throw new ImportRejected(errors, total);

    await crossRowChecks(tx, report);
    if (total > 0) throw new ImportRejected(errors, total);

    o.onProgress?.({ rows, bytes: counter.bytes, phase: 'merging' });
    const [portfolio] = await tx.query<{ portfolio_id: bigint }>(ensurePortfolioSql, [name]);
    const portfolioId = portfolio!.portfolio_id;
    await tx.execute(mergeDebtorsSql, [portfolioId]);
    const [counts] = await tx.query<{ imported: number; updated: number }>(mergeAccountsSql, [
      portfolioId,
    ]);
    const result = {
      imported: counts!.imported,
      updated: counts!.updated,
      unchanged: rows - counts!.imported - counts!.updated,
    };
    await tx.execute(recordImportSql, [
      portfolioId,
      o.sourceName,
      rows,
      result.imported,
      result.updated,
      result.unchanged,
      startedAt,
    ]);
    return result;
  });
}

async function crossRowChecks(tx: Queryable, report: (e: FieldError) => void): Promise<void> {
  const dups = await tx.query<{ account_id: string; lines: number[] }>(duplicateAccountsSql, [
    maxReportedErrors,
  ]);
  for (const d of dups)
    for (const line of d.lines.slice(1))
      report({
        line,
        field: 'account_id',
        message: `account_id "${d.account_id}" is already on line ${d.lines[0]}`,
      });
  const debtors = await tx.query<{ debtor_id: string; lines: number[] }>(inconsistentDebtorsSql, [
    maxReportedErrors,
  ]);
  for (const d of debtors)
    for (const line of d.lines.slice(1))
      report({
        line,
        field: 'debtor_id',
        message:
          `debtor "${d.debtor_id}" has a different debtor_name or national_id on line ` +
          `${d.lines[0]}; the rows of one debtor must agree`,
      });
}

function fileError(message: string): ImportRejected {
  return new ImportRejected([{ line: 1, field: '(file)', message }]);
}

type NumberedRecord = { record: string[]; line: number };

/** Strict UTF-8 decoding (a BOM is tolerated) and RFC 4180 parsing, with each record's line. */
async function* readRecords(
  source: Readable,
  counter: { bytes: number },
): AsyncGenerator<NumberedRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesSeen = 1;
  const decode = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counter.bytes += chunk.length;
      try {
        const text = decoder.decode(chunk, { stream: true });
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) linesSeen++;
        cb(null, text);
      } catch {
        const lossy = new TextDecoder('utf-8').decode(chunk);
        const before = lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD')));
        const line = linesSeen + before.split('\n').length - 1;
        cb(fileError(`the file is not UTF-8 text (an invalid byte on line ${line})`));
      }
    },
    flush(cb) {
      try {
        cb(null, decoder.decode());
      } catch {
        cb(fileError('the file is not UTF-8 text (it ends inside a character)'));
      }
    },
  });
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  source.on('error', (e) => decode.destroy(e));
  decode.on('error', (e) => parser.destroy(e));
  source.pipe(decode).pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      let inner = 0;
      for (const f of item.record)
        for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) inner++;
      yield { record: item.record, line: item.info.lines - inner };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const err = e as { code?: string; message?: string; lines?: number };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_'))
      throw new ImportRejected([
        {
          line: err.lines ?? linesSeen,
          field: '(row)',
          message: `the file is not valid CSV: ${err.message ?? err.code}`,
        },
      ]);
    throw e;
  }
}

/** One row of the staging table in COPY text format. PII leaves here only sealed. */
function stagingLine(r: TapeRow, cipher: PiiCipher): string {
  const personal = Object.keys(r.personal).length ? JSON.stringify(r.personal) : null;
  const identity = cipher.digest(`${r.debtorName}\u0000${r.personal.national_id ?? ''}`);
  const fields = [
    String(r.line),
    r.accountId,
    r.debtorId,
    r.debtorName,
    r.product,
    r.currency,
    r.principalMinor.toString(),
    r.interestMinor.toString(),
    r.feesMinor.toString(),
    r.overdueMinor.toString(),
    r.oldestUnpaidDueDate,
    r.nextDueDate,
    r.nextDueAmountMinor?.toString() ?? null,
    r.creditLimitMinor?.toString() ?? null,
    r.originationDate,
    r.branch,
    r.region,
    r.timezone,
    r.country,
    r.language,
  ];
  const digestInput = JSON.stringify([...fields.slice(1), personal]);
  const row = fields.map(copyText);
  row.push(personal === null ? '\\N' : byteaText(cipher.encrypt(personal)));
  row.push(byteaText(identity));
  row.push(byteaText(cipher.digest(digestInput)));
  return row.join('\t') + '\n';
}

const copySpecial = /[\\\t\n\r]/;
const copySpecialAll = /[\\\t\n\r]/g;
const copyEscapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return copySpecial.test(v) ? v.replace(copySpecialAll, (c) => copyEscapes[c] as string) : v;
}

function byteaText(b: Buffer): string {
  return '\\\\x' + b.toString('hex');
}
