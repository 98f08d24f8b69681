/** The JSON API as the web app reads it: typed responses, errors in the one error shape. */

export type Amount = { currency: string; amount: string };
export type MinorAmount = { currency: string; minor: string };
export type Count = { key: string; count: number };

export type Portfolio = { portfolio_id: number; name: string; account_count: number };

export type Tally = { accounts: number; overdue: Amount[]; balance: Amount[] };
export type PortfolioSummary = {
  portfolio: string | null;
  aged_as_of: string | null;
  total: Tally;
  not_aged: Tally;
  by_bucket: ({ bucket: string } & Tally)[];
  pre_due: Tally;
  by_risk_class: ({ risk_class: string } & Tally)[];
  non_performing: Tally;
};

export type Account = {
  account_id: string;
  portfolio: string;
  debtor_id: string;
  product: string;
  currency: string;
  principal_outstanding: string;
  interest_outstanding: string;
  fees_outstanding: string;
  overdue_amount: string;
  next_due_amount: string | null;
  credit_limit: string | null;
  oldest_unpaid_due_date: string | null;
  next_due_date: string | null;
  origination_date: string | null;
  branch: string | null;
  region: string | null;
  timezone: string;
  dpd: number | null;
  bucket: string | null;
  pre_due: boolean | null;
  risk_class: string | null;
  aged_as_of: string | null;
};

export type SegmentAssignment = {
  segment: string;
  rule: string;
  facts: Record<string, string | number | boolean | null>;
  as_of: string;
};

export type AccountDetail = Account & {
  bucket_events: { as_of: string; from_bucket: string | null; to_bucket: string }[];
  month_end_snapshots: {
    month_end: string;
    currency: string;
    dpd: number;
    bucket: string;
    risk_class: string;
    overdue_amount: string;
    balance: string;
  }[];
  segment: SegmentAssignment | null;
};

export type AccountLine = {
  portfolio: string;
  account_id: string;
  debtor_id: string;
  bucket: string;
  dpd: number;
  currency: string;
  amount_minor: string;
};

export type PromiseLine = {
  portfolio: string;
  promise_id: string;
  account_id: string;
  collector_id: string | null;
  currency: string;
  amount_minor: string;
  paid_minor: string;
  promised_on: string;
};

export type SegmentShare = { segment: string; debtors: number; share_bps: number };

export type Briefing = {
  as_of: string;
  portfolio: string | null;
  new_delinquencies: { accounts: number; overdue: MinorAmount[]; largest: AccountLine[] };
  yesterday: { date: string; actions_done: Count[]; attempts: number; outcomes: Count[] };
  promises_due_today: {
    count: number;
    amount: MinorAmount[];
    paid: MinorAmount[];
    items: PromiseLine[];
  };
  broken_promises: { count: number; amount: MinorAmount[]; items: PromiseLine[] };
  escalations: { count: number; by_rule: Count[] };
  actions_planned: { count: number; by_unit: Count[] };
  segments: { debtors: number; by_segment: SegmentShare[] };
  top_red_accounts: AccountLine[];
  kpis_by_unit: {
    unit: string;
    collectors: number;
    attempts: number;
    contact_rate_bps: number | null;
    promise_kept_rate_bps: number | null;
    recovered: MinorAmount[];
    target: MinorAmount[];
    recovery_rate_bps: number | null;
  }[];
};

export type ApiErrorBody = { error: { code: string; message: string; details: unknown } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** Query parameters, leaving out the empty ones. */
export function query(params: Record<string, string | number | boolean | null | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

let collectorId: string | null = null;
/** The acting collector, sent as x-collector-id until login exists. */
export function setActingCollector(id: string | null): void {
  collectorId = id;
}

let csrfToken: string | null = null;
/** The session's CSRF token (from sign-in or GET /auth/session), sent on every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const safeMethods = ['GET', 'HEAD'];

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (collectorId) headers['x-collector-id'] = collectorId;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  if (!safeMethods.includes(method)) {
    if (csrfToken === null)
      csrfToken = (await api<{ csrf_token: string | null }>('/api/v1/auth/session')).csrf_token;
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  const res = await fetch(path, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const e = (body as ApiErrorBody | null)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'internal',
      e?.message ?? res.statusText,
      e?.details ?? null,
    );
  }
  return body as T;
}

export type Collector = {
  collector_id: string;
  display_name: string;
  role: string;
  unit: string;
  agency_id: string | null;
  languages: string[];
  active: boolean;
};

export type WorkCase = {
  case_id: string;
  unit: string;
  portfolio: string;
  debtor_id: string;
  language: string;
  timezone: string;
  segment: SegmentAssignment | null;
  claim_expires_at: string | null;
  accounts: {
    account_id: string;
    product: string;
    currency: string;
    balance_minor: string;
    overdue_amount_minor: string;
    dpd: number | null;
    bucket: string | null;
    risk_class: string | null;
    agency_id: string | null;
  }[];
  actions: {
    action_id: string;
    account_id: string;
    kind: string;
    channel: string;
    template_id: string | null;
    due_on: string;
    reason: unknown;
  }[];
};

export type HeldCase = {
  case_id: string;
  unit: string;
  debtor_id: string;
  actions: number;
  oldest_due_on: string;
  claimed_at: string;
  claim_expires_at: string;
};

export type GateRule = { code: string; source: string; message: string };

export type ContactCheck = {
  allowed: boolean;
  rules: GateRule[];
  next_allowed_at: string | null;
  next_allowed_local: string | null;
  local_date: string;
};

export type ContactAttempt = { attempt_id: string; attempted_at: string; local_date: string };

export type OutcomeResult = {
  attempt_id: string;
  outcome: string;
  flags: string[];
  promise_id: string | null;
  recorded_at: string;
};
