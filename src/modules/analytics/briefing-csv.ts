import { stringify } from 'csv-stringify/sync';
import { briefingCsvHeader, briefingRows, type Briefing } from './domain/briefing.js';

/** The briefing as CSV (RFC 4180, CRLF line ends, a header row), for spreadsheets. */
export function briefingCsv(b: Briefing): string {
  return stringify([[...briefingCsvHeader], ...briefingRows(b).map((r) => [...r])], {
    record_delimiter: 'windows',
  });
}
