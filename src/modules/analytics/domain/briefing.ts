/**
 * The morning war-room briefing: what a collection manager reads first each day. Pure types and
 * the flat row form used by the CSV export; the use case fills it from the store.
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import { currencyDigits, formatAmount } from '../../../shared/money.js';

/** A sum of money in one currency (a briefing never adds currencies together). */
export type Amount = { readonly currency: string; readonly minor: bigint };

export type AccountLine = {
  readonly portfolio: string;
  readonly account_id: string;
  readonly debtor_id: string;
  readonly bucket: string;
  readonly dpd: number;
  readonly currency: string;
  readonly amount_minor: bigint;
};

export type PromiseLine = {
  readonly portfolio: string;
  readonly promise_id: bigint;
  readonly account_id: string;
  readonly collector_id: string | null;
  readonly currency: string;
  readonly amount_minor: bigint;
  readonly paid_minor: bigint;
  readonly promised_on: CalendarDate;
};

export type Count = { readonly key: string; readonly count: number };

export type UnitKpi = {
  readonly unit: string;
  readonly collectors: number;
  readonly attempts: number;
  readonly contact_rate_bps: number | null;
  readonly promise_kept_rate_bps: number | null;
  readonly recovered: readonly Amount[];
  readonly target: readonly Amount[];
  readonly recovery_rate_bps: number | null;
};

export type Briefing = {
  readonly as_of: CalendarDate;
  readonly portfolio: string | null;
  /** accounts that moved from current into M1 (1-30 DPD) on the as-of date */
  readonly new_delinquencies: {
    readonly accounts: number;
    readonly overdue: readonly Amount[];
    readonly largest: readonly AccountLine[];
  };
  /** the day before as_of: actions done and attempts with their outcomes */
  readonly yesterday: {
    readonly date: CalendarDate;
    readonly actions_done: readonly Count[];
    readonly attempts: number;
    readonly outcomes: readonly Count[];
  };
  readonly promises_due_today: {
    readonly count: number;
    readonly amount: readonly Amount[];
    readonly paid: readonly Amount[];
    readonly items: readonly PromiseLine[];
  };
  /** promises that became broken on the as-of date (their date passed uncovered) */
  readonly broken_promises: {
    readonly count: number;
    readonly amount: readonly Amount[];
    readonly items: readonly PromiseLine[];
  };
  readonly escalations: { readonly count: number; readonly by_rule: readonly Count[] };
  readonly actions_planned: { readonly count: number; readonly by_unit: readonly Count[] };
  readonly segments: {
    readonly debtors: number;
    readonly by_segment: readonly { segment: string; debtors: number; share_bps: number }[];
  };
  /** the largest balances among red (legal preparation) debtors' delinquent accounts */
  readonly top_red_accounts: readonly AccountLine[];
  readonly kpis_by_unit: readonly UnitKpi[];
};

/** Minor units as a decimal in the currency's digits (e.g. 123456 CNY -> "1234.56"). */
export function major(currency: string, minor: bigint): string {
  return formatAmount(minor, currencyDigits(currency) ?? 2);
}

export const briefingCsvHeader = [
  'section',
  'item',
  'count',
  'currency',
  'amount',
  'share_pct',
  'detail',
] as const;

export type BriefingCsvRow = readonly [string, string, string, string, string, string, string];

const pct = (bps: number | null): string =>
  bps === null ? '' : `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}`;

function amountRows(section: string, item: string, count: number, amounts: readonly Amount[]) {
  if (amounts.length === 0) return [[section, item, String(count), '', '', '', ''] as const];
  return amounts.map(
    (a) => [section, item, String(count), a.currency, major(a.currency, a.minor), '', ''] as const,
  );
}

function accountRow(section: string, a: AccountLine): BriefingCsvRow {
  return [
    section,
    `${a.portfolio}/${a.account_id}`,
    '1',
    a.currency,
    major(a.currency, a.amount_minor),
    '',
    `debtor ${a.debtor_id}; ${a.bucket}; ${a.dpd} DPD`,
  ];
}

function promiseRow(section: string, p: PromiseLine): BriefingCsvRow {
  return [
    section,
    `${p.portfolio}/${p.account_id}`,
    '1',
    p.currency,
    major(p.currency, p.amount_minor),
    '',
    `promise ${p.promise_id}; paid ${major(p.currency, p.paid_minor)}; due ${p.promised_on}` +
      (p.collector_id ? `; collector ${p.collector_id}` : ''),
  ];
}

/** The briefing as flat rows (one header, then section rows), for the CSV export. */
export function briefingRows(b: Briefing): BriefingCsvRow[] {
  const rows: BriefingCsvRow[] = [
    ['briefing', 'as_of', '', '', '', '', b.as_of],
    ['briefing', 'portfolio', '', '', '', '', b.portfolio ?? 'all'],
  ];
  rows.push(
    ...amountRows(
      'new_delinquencies',
      'accounts',
      b.new_delinquencies.accounts,
      b.new_delinquencies.overdue,
    ),
  );
  for (const a of b.new_delinquencies.largest) rows.push(accountRow('new_delinquencies', a));
  for (const c of b.yesterday.actions_done)
    rows.push(['yesterday_actions_done', c.key, String(c.count), '', '', '', b.yesterday.date]);
  rows.push([
    'yesterday_attempts',
    'all',
    String(b.yesterday.attempts),
    '',
    '',
    '',
    b.yesterday.date,
  ]);
  for (const c of b.yesterday.outcomes)
    rows.push(['yesterday_outcomes', c.key, String(c.count), '', '', '', b.yesterday.date]);
  rows.push(
    ...amountRows(
      'promises_due_today',
      'promised',
      b.promises_due_today.count,
      b.promises_due_today.amount,
    ),
  );
  for (const p of b.promises_due_today.items) rows.push(promiseRow('promises_due_today', p));
  rows.push(
    ...amountRows('broken_promises', 'promised', b.broken_promises.count, b.broken_promises.amount),
  );
  for (const p of b.broken_promises.items) rows.push(promiseRow('broken_promises', p));
  rows.push(['escalations', 'all', String(b.escalations.count), '', '', '', '']);
  for (const c of b.escalations.by_rule)
    rows.push(['escalations', c.key, String(c.count), '', '', '', '']);
  rows.push(['actions_planned', 'all', String(b.actions_planned.count), '', '', '', '']);
  for (const c of b.actions_planned.by_unit)
    rows.push(['actions_planned', c.key, String(c.count), '', '', '', '']);
  for (const s of b.segments.by_segment)
    rows.push(['segments', s.segment, String(s.debtors), '', '', pct(s.share_bps), '']);
  for (const a of b.top_red_accounts) rows.push(accountRow('top_red_accounts', a));
  for (const k of b.kpis_by_unit) {
    const detail =
      `collectors ${k.collectors}; attempts ${k.attempts}; contact rate ${pct(k.contact_rate_bps) || 'n/a'}%; ` +
      `promises kept ${pct(k.promise_kept_rate_bps) || 'n/a'}%`;
    if (k.recovered.length === 0)
      rows.push(['kpis_by_unit', k.unit, '', '', '', pct(k.recovery_rate_bps), detail]);
    for (const r of k.recovered)
      rows.push([
        'kpis_by_unit',
        k.unit,
        '',
        r.currency,
        major(r.currency, r.minor),
        pct(k.recovery_rate_bps),
        detail,
      ]);
  }
  return rows;
}

type Jsonify<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

export type BriefingJson = Jsonify<Briefing>;

/** The briefing for JSON: money (bigint minor units) as decimal strings of minor units. */
export function briefingJson(b: Briefing): BriefingJson {
  return JSON.parse(
    JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as BriefingJson;
}
