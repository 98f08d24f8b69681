import { Transform, type Readable } from 'node:stream';
import { AppError } from '../../../shared/errors.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { parse } from 'csv-parse';
import {
  checkHeader,
  parseTapeRow,
  type FieldError,
  type HeaderMap,
  type TapeRow,
} from '../domain/loan-tape.js';
import { adjustLedgersToTape } from '../../payments/index.js';
import {
  accountLinesSql,
  changedBalancesTable,
  clearStagingSql,
  copyStagingSql,
  createStagingSql,
  duplicateAccountsSql,
  ensurePortfolioSql,
  inconsistentDebtorsSql,
  anonymisedDebtorsSql,
  keepLinesSql,
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
 * Imports a loan tape into a portfolio, all or nothing: rows stream through validation in
 * batches, each batch is staged and merged set-based while the next one is read, all in one
 * transaction that is committed only when every row (and every check across rows) is valid.
 * Memory stays bounded whatever the file's size: at most two batches are held at once.
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
    let portfolioId: bigint | null = null;
    const counts = { imported: 0, updated: 0 };
    const merge = async (data: Uint8Array): Promise<void> => {
      if (portfolioId === null) {
        const [portfolio] = await tx.query<{ portfolio_id: bigint }>(ensurePortfolioSql, [name]);
        portfolioId = portfolio!.portfolio_id;
      }
      await tx.copyFrom(copyStagingSql, data);
      await tx.execute(keepLinesSql);
      await tx.execute(mergeDebtorsSql, [portfolioId]);
      const [c] = await tx.query<{ imported: number; updated: number }>(mergeAccountsSql, [
        portfolioId,
      ]);
      counts.imported += c!.imported;
      counts.updated += c!.updated;
      await tx.exec(clearStagingSql);
    };
    // One batch is merged by the database while the next is read and sealed here.
    const pending: { merge: Promise<void> | null } = { merge: null };
    const settle = async (): Promise<void> => {
      const m = pending.merge;
      pending.merge = null;
      if (m) await m;
    };

    let header: HeaderMap | null = null;
    let rows = 0;
    const batch = new BatchBuffer();
    let batchCount = 0;
    const sealer = new RowSealer(o.cipher);
    const counter = { bytes: 0 };
    const flush = async (): Promise<void> => {
      if (batchCount && total === 0) {
        await settle();
        const m = merge(batch.take());
        m.catch(() => undefined); // awaited by the next settle(); not an unhandled rejection
        pending.merge = m;
      }
      batch.clear();
      batchCount = 0;
      o.onProgress?.({ rows, bytes: counter.bytes, phase: 'reading' });
    };

    try {
      for await (const { record, line } of readRecords(o.source, counter)) {
        if (header === null) {
          const h = checkHeader(record);
          if (!h.ok) throw new ImportRejected(h.errors);
          header = h.header;
          continue;
        }
        rows++;
        const r = parseTapeRow(record, header, line);
        if (!r.ok) for (const e of r.errors) report(e);
        else if (total === 0) {
          batch.append(sealer.stagingLine(r.row));
          batchCount++;
        }
        if (batchCount >= batchRows || rows % batchRows === 0) await flush();
      }
      await flush();
      await settle();
    } finally {
      // Never leave a statement running in the transaction when it ends.
      await pending.merge?.catch(() => undefined);
    }
    if (header === null) throw fileError('the file is empty');
    if (rows === 0) throw fileError('the file has a header but no data rows');
    if (total > 0) throw new ImportRejected(errors, total);

    await crossRowChecks(tx, report, portfolioId);
    if (total > 0) throw new ImportRejected(errors, total);

    o.onProgress?.({ rows, bytes: counter.bytes, phase: 'merging' });
    const result = {
      imported: counts.imported,
      updated: counts.updated,
      unchanged: rows - counts.imported - counts.updated,
    };
    // Fresh statistics for the planner (PGlite has no autovacuum; ANALYZE samples, it is cheap).
    await tx.exec('ANALYZE accounts, debtors');
    const [run] = await tx.query<{ import_id: bigint }>(recordImportSql, [
      portfolioId,
      o.sourceName,
      rows,
      result.imported,
      result.updated,
      result.unchanged,
      startedAt,
    ]);
    if (result.updated > 0) await keepLedgersTrue(tx, portfolioId, run!.import_id, o, startedAt);
    return result;
  });
}

/**
 * The ledger is the truth of an account's balance: where this re-import changed the balances of
 * an account that has a ledger (payments were posted to it), the payments module posts the
 * difference as an adjustment naming this import, so the account still equals its ledger. A
 * tape that moves such an account to another currency is refused.
 */
async function keepLedgersTrue(
  tx: Queryable,
  portfolioId: bigint | null,
  importId: bigint,
  o: ImportPortfolioOptions,
  startedAt: Date,
): Promise<void> {
  if (portfolioId === null) return;
  const r = await adjustLedgersToTape({
    tx,
    portfolioId,
    importId,
    sourceName: o.sourceName,
    postedOn: startedAt.toISOString().slice(0, 10),
    table: changedBalancesTable,
    maxConflicts: maxReportedErrors,
  });
  if (r.ok) return;
  const lines = await tx.query<{ account_id: string; line: number }>(accountLinesSql, [
    r.currencyConflicts.map((c) => c.account_id),
  ]);
  const byAccount = new Map(r.currencyConflicts.map((c) => [c.account_id, c]));
  throw new ImportRejected(
    lines.map((l) => ({
      line: l.line,
      field: 'currency',
      message:
        `account "${l.account_id}" has payments posted in ` +
        `${byAccount.get(l.account_id)?.ledger_currency}; its currency cannot change`,
    })),
  );
}

async function crossRowChecks(
  tx: Queryable,
  report: (e: FieldError) => void,
  portfolioId: bigint | null,
): Promise<void> {
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
  // An anonymised person's data is gone for good: a tape must not bring it back.
  const anonymised = await tx.query<{ debtor_id: string; line: number }>(anonymisedDebtorsSql, [
    portfolioId,
    maxReportedErrors,
  ]);
  for (const d of anonymised)
    report({
      line: d.line,
      field: 'debtor_id',
      message:
        `debtor "${d.debtor_id}" was anonymised under the retention rules; ` +
        'their personal data cannot be imported again',
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

/** The COPY text of one batch, as UTF-8 bytes; take() hands them over and starts afresh. */
class BatchBuffer {
  #buf = Buffer.allocUnsafe(1 << 20);
  #length = 0;

  append(text: string): void {
    if (this.#buf.length - this.#length < text.length * 3) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, text.length * 3));
      this.#buf.copy(bigger, 0, 0, this.#length);
      this.#buf = bigger;
    }
    this.#length += this.#buf.write(text, this.#length, 'utf8');
  }

  take(): Uint8Array {
    const data = this.#buf.subarray(0, this.#length);
    this.#buf = Buffer.allocUnsafe(this.#buf.length);
    this.#length = 0;
    return data;
  }

  clear(): void {
    this.#length = 0;
  }
}

/**
 * Turns validated rows into lines of the staging table in COPY text format. PII leaves here
 * only sealed. The identity digest of consecutive rows of one debtor is computed once.
 */
class RowSealer {
  readonly #cipher: PiiCipher;
  #identityInput = '';
  #identityHex = '';

  constructor(cipher: PiiCipher) {
    this.#cipher = cipher;
  }

  stagingLine(r: TapeRow): string {
    const cipher = this.#cipher;
    const personal = hasKeys(r.personal) ? JSON.stringify(r.personal) : null;
    const identityInput = `${r.debtorName}\u0000${r.personal.national_id ?? ''}`;
    if (identityInput !== this.#identityInput || this.#identityHex === '') {
      this.#identityInput = identityInput;
      this.#identityHex = byteaText(cipher.digest(identityInput));
    }
    const principal = r.principalMinor.toString();
    const interest = r.interestMinor.toString();
    const fees = r.feesMinor.toString();
    const overdue = r.overdueMinor.toString();
    const nextDueAmount = r.nextDueAmountMinor?.toString() ?? null;
    const creditLimit = r.creditLimitMinor?.toString() ?? null;
    // The row digest's input: every staged field but the line, then the personal data. Its
    // form is fixed: stored digests of earlier imports are compared with it.
    const digestInput = JSON.stringify([
      r.accountId,
      r.debtorId,
      r.debtorName,
      r.product,
      r.currency,
      principal,
      interest,
      fees,
      overdue,
      r.oldestUnpaidDueDate,
      r.nextDueDate,
      nextDueAmount,
      creditLimit,
      r.originationDate,
      r.branch,
      r.region,
      r.timezone,
      r.country,
      r.language,
      personal,
    ]);
    return [
      String(r.line),
      copyText(r.accountId),
      copyText(r.debtorId),
      copyText(r.debtorName),
      copyText(r.product),
      copyText(r.currency),
      principal,
      interest,
      fees,
      overdue,
      copyText(r.oldestUnpaidDueDate),
      copyText(r.nextDueDate),
      copyText(nextDueAmount),
      copyText(creditLimit),
      copyText(r.originationDate),
      copyText(r.branch),
      copyText(r.region),
      copyText(r.timezone),
      copyText(r.country),
      copyText(r.language),
      personal === null ? '\\N' : byteaText(cipher.encrypt(personal)),
      this.#identityHex,
      byteaText(cipher.digest(digestInput)) + '\n',
    ].join('\t');
  }
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
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
