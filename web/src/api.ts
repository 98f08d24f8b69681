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

let csrfToken: string | null = null;
/** The session's CSRF token (from sign-in or GET /auth/session), sent on every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let unauthenticated: (() => void) | null = null;
/** Called when the server answers 401 (no session, or it ended): the app asks to sign in. */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticated = handler;
}

const safeMethods = ['GET', 'HEAD'];

/** A request to the API as the signed-in user (the session cookie goes with it). */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; file?: File; idempotencyKey?: string } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  // a file goes as the body itself, with its type (the server checks it by its content)
  if (init.file) headers['content-type'] = init.file.type || 'application/octet-stream';
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  if (!safeMethods.includes(method) && path !== '/api/v1/auth/login') {
    if (csrfToken === null)
      csrfToken = (await api<{ csrf_token: string | null }>('/api/v1/auth/session')).csrf_token;
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.file ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const e = (body as ApiErrorBody | null)?.error;
    if (res.status === 401 && path !== '/api/v1/auth/login') unauthenticated?.();
    throw new ApiError(
      res.status,
      e?.code ?? 'internal',
      e?.message ?? res.statusText,
      e?.details ?? null,
    );
  }
  return body as T;
}

export type SessionUser = {
  id: string;
  username: string;
  display_name: string;
  role: string;
  collector_id: string | null;
  agency_id: string | null;
  approval_authority: string | null;
  permissions: string[];
};

export type Session = { user: SessionUser; csrf_token: string | null };

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

export type LedgerEntry = {
  line: number;
  ledger_account: 'receivable' | 'origination' | 'cash' | 'unapplied' | 'write_off';
  charge_id: string | null;
  component: 'fee' | 'penalty_interest' | 'interest' | 'principal' | null;
  amount_minor: string;
};

export type LedgerPosting = {
  posting_id: number;
  kind: 'charge' | 'payment' | 'reversal' | 'write_off';
  currency: string;
  posted_on: string;
  reverses_posting_id: number | null;
  memo: string;
  created_at: string;
  entries: LedgerEntry[];
};

export type Ledger = {
  portfolio_id: number;
  account_id: string;
  currency: string | null;
  summary: {
    net_minor: string;
    charged_minor: string;
    paid_minor: string;
    written_off_minor: string;
    unapplied_minor: string;
    balance_minor: string;
  };
  postings: LedgerPosting[];
};

export type InstallmentPlan = {
  plan_id: number;
  portfolio_id: number;
  account_id: string;
  status: string;
  currency: string;
  agreed_on: string;
  installment_count: number;
  total_minor: string;
  waived_minor: string;
  penalty_interest: string;
  fees: string;
  grace_days: number;
  hardship: Record<string, unknown>;
  proposed_by: string;
  required_role: string | null;
  decided_by: string | null;
  decided_role: string | null;
  ended_on: string | null;
  schedule?: { number: number; due_on: string; amount_minor: string }[];
};

export type Settlement = {
  settlement_id: number;
  portfolio_id: number;
  account_id: string;
  status: string;
  currency: string;
  balance_minor: string;
  amount_minor: string;
  forgiven_minor: string;
  discount_bps: number;
  offered_on: string;
  expires_on: string;
  proposed_by: string;
  required_role: string | null;
  decided_by: string | null;
  decided_role: string | null;
  settled_on: string | null;
};

export type EvidenceEntry = {
  seq: number;
  kind: string;
  account_id: string | null;
  actor: string;
  occurred_at: string;
  recorded_at: string;
  payload: Record<string, unknown>;
  entry_hash: string;
  verification: 'pending' | 'altered' | 'unlinked' | 'intact' | 'checkpointed';
  checkpoint_id: string | null;
};

export type QueueLoadRow = {
  unit: string;
  agency_id: string | null;
  open_cases: number;
  open_actions: number;
  claimed_cases: number;
  overdue_cases: number;
  oldest_due_on: string | null;
};

export type KpiAmount = { currency: string; amount_minor: string };

export type Kpi = {
  key: string;
  collectors: number;
  attempts: number;
  accounts_attempted: number;
  accounts_reached: number;
  contact_rate_bps: number | null;
  promises_kept: number;
  promises_broken: number;
  promise_kept_rate_bps: number | null;
  recovered: KpiAmount[];
  target: KpiAmount[];
  recovery_rate_bps: number | null;
  bonus: KpiAmount[];
};

export type StrategySummary = {
  id: string;
  name: string;
  active_version: number | null;
  latest_version: number;
  versions: { version: number; status: string }[];
  active: {
    version: number;
    status: string;
    created_at: string;
    activated_at: string | null;
  } | null;
};

export type StrategyResult = {
  strategy_id: string;
  strategy_version: number;
  arm: 'champion' | 'challenger';
  accounts: number;
  actions_planned: number;
  actions_done: number;
  promises_made: number;
  promises_kept: number;
  promises_broken: number;
  accounts_cured: number;
};

export type LintFinding = {
  rule: string;
  description: string;
  source: string;
  phrase: string;
  start: number;
  end: number;
  field?: 'subject' | 'body';
};

export type TemplateVersion = {
  template_id: string;
  version: number;
  locale: string;
  channel: string;
  subject: string | null;
  body: string;
  status: 'draft' | 'pending_approval' | 'approved' | 'rejected' | 'retired';
  lint_findings: LintFinding[];
  created_by: string;
  created_at: string;
  submitted_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
};

export type BlockedAttempts = {
  from: string;
  to: string;
  decisions: number;
  blocked: number;
  by_rule: { code: string; source: string; blocked: number }[];
  by_day: { day: string; decisions: number; blocked: number; by_rule: Record<string, number> }[];
};

export type ComplianceSettings = {
  portfolio_id: string;
  version: number;
  pack: 'cn' | 'us' | 'uk';
  config: Record<string, unknown>;
  effective: { id: string; version: string; name: string; rules: Record<string, unknown> };
  history: {
    version: number;
    pack: string;
    config: Record<string, unknown>;
    changed_by: string;
    reason: string | null;
    changed_at: string;
    evidence_seq: string;
  }[];
};

export type Trends = {
  as_of: string | null;
  portfolio: string | null;
  months: string[];
  roll_rates: {
    month: string;
    bucket: string;
    accounts: number;
    rolled_forward: number;
    stayed: number;
    cured: number;
    exited: number;
    roll_rate_bps: number | null;
    cure_rate_bps: number | null;
  }[];
  recovery: {
    month: string;
    currency: string;
    recovered_minor: string;
    overdue_at_start_minor: string | null;
    recovery_rate_bps: number | null;
  }[];
};

export type DebtorDocument = {
  document_id: string;
  portfolio_id: number;
  debtor_id: string;
  account_id: string | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  evidence_seq: string;
};

export type PlanPreview = {
  account_id: string;
  currency: string;
  total_minor: string;
  waived_minor: string;
  required_role: string | null;
  schedule: { number: number; due_on: string; amount_minor: string }[];
};
