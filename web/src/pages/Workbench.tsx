/**
 * The collector workbench: who is acting (until sign-in), the next case from the unit's queue,
 * the debtor's accounts and segment (no personal data), what the compliance gate allows now and
 * why not, a contact attempt through the live gate, its outcome, and releasing the case.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  api,
  ApiError,
  query,
  type ContactAttempt,
  type ContactCheck,
  type DebtorDocument,
  type GateRule,
  type HeldCase,
  type OutcomeResult,
  type Portfolio,
  type WorkCase,
} from '../api';
import { LoadState, useReady } from '../components/common';
import { errorMessage } from '../errors';
import { CaseDocuments, documentReferences, HardshipDocuments } from './CaseDocuments';
import { ProposePlan } from './ProposePlan';
import {
  currencyDigits,
  decimalToMinor,
  formatCount,
  formatDate,
  formatInstant,
  formatMinor,
} from '../format';
import { accountPath, Link } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';

const channels = ['call', 'sms', 'wechat', 'email', 'letter', 'visit'] as const;
const recipients = ['debtor', 'representative', 'related_third_party'] as const;
export const outcomeIds = [
  'no_answer',
  'wrong_number',
  'promise_to_pay',
  'paid',
  'dispute',
  'hardship_claimed',
  'represented',
  'complaint',
  'refuses',
  'callback_requested',
  'deceased',
  'incapacitated',
] as const;
type OutcomeId = (typeof outcomeIds)[number];

const unitKey = 'recourse.unit';
const workUnits = ['phone', 'field', 'legal'] as const;
const caseKey = 'recourse.open-case';

function openCase(collectorId: string): WorkCase | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(caseKey) ?? 'null') as {
      collector: string;
      case: WorkCase;
    } | null;
    return saved && saved.collector === collectorId ? saved.case : null;
  } catch {
    return null;
  }
}

function newKey(): string {
  return crypto.randomUUID();
}

export function Workbench() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user, collector } = useSession();
  const collectorId = user?.collector_id ?? '';
  const portfolios = useApi<{ items: Portfolio[] }>('/api/v1/portfolios');
  const [chosenUnit, setChosenUnit] = useState(() => localStorage.getItem(unitKey) ?? 'phone');
  const [work, setWorkState] = useState<WorkCase | null>(() => openCase(collectorId));
  /** The open case survives a reload of the page (it holds no personal data). */
  const setWork = (c: WorkCase | null) => {
    if (c === null) sessionStorage.removeItem(caseKey);
    else sessionStorage.setItem(caseKey, JSON.stringify({ collector: collectorId, case: c }));
    setWorkState(c);
  };
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // the session knows the collector's unit; the picker is only for a record that cannot be read
  const record = collector ?? null;
  const me =
    collectorId === ''
      ? null
      : {
          collector_id: collectorId,
          display_name: record?.display_name ?? user?.display_name ?? collectorId,
          unit: record?.unit ?? chosenUnit,
        };
  const held = useApi<{ items: HeldCase[] }>(
    me ? `/api/v1/collectors/${encodeURIComponent(me.collector_id)}/cases` : null,
  );
  useReady(portfolios.data !== null && collector !== undefined);

  const chooseUnit = (unit: string) => {
    localStorage.setItem(unitKey, unit);
    setChosenUnit(unit);
  };

  const claim = async () => {
    if (!me) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ case: WorkCase | null }>(
        `/api/v1/queues/${encodeURIComponent(me.unit)}/claim`,
        { method: 'POST', body: {} },
      );
      setWork(r.case);
      setEmpty(r.case === null);
      held.reload();
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const release = async (caseId: string) => {
    setBusy(true);
    setError(null);
    const done = () => {
      if (work?.case_id === caseId) setWork(null);
      held.reload();
    };
    try {
      await api('/api/v1/cases/release', { method: 'POST', body: { case_id: caseId } });
      done();
    } catch (e) {
      // Nothing left to give back: every action of the case is done (its outcomes recorded).
      if (e instanceof ApiError && e.status === 404) done();
      else setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const portfolioId = work
    ? (portfolios.data?.items.find((p) => p.name === work.portfolio)?.portfolio_id ?? null)
    : null;

  return (
    <section aria-labelledby="workbench-title">
      <div className="page-head">
        <h1 id="workbench-title">{t('work.title')}</h1>
        <div className="toolbar">
          {me && collector === null && (
            <label className="field">
              <span>{t('work.queue')}</span>
              <select
                id="unit-select"
                value={chosenUnit}
                onChange={(e) => chooseUnit(e.target.value)}
              >
                {workUnits.map((u) => (
                  <option key={u} value={u}>
                    {t(`units.${u}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            id="next-case"
            onClick={claim}
            disabled={!me || busy || work !== null}
          >
            {t('work.nextCase')}
          </button>
          {work && (
            <button
              type="button"
              id="release-case"
              className="secondary"
              onClick={() => void release(work.case_id)}
              disabled={busy}
            >
              {t('work.release')}
            </button>
          )}
        </div>
      </div>
      {!me && (
        <p className="empty" data-testid="no-collector">
          {t('work.noCollector')}
        </p>
      )}
      {me && (
        <p className="muted" data-testid="acting">
          {t('work.you', {
            name: me.display_name,
            unit: t(`units.${me.unit}`, { defaultValue: me.unit }),
          })}{' '}
          {held.data && t('work.holding', { count: held.data.items.length })}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="work-error">
          {error}
        </p>
      )}
      {empty && !work && (
        <p className="empty" data-testid="queue-empty">
          {t('work.queueEmpty')}
        </p>
      )}
      {work && <CaseView key={work.case_id} work={work} portfolioId={portfolioId} />}
      {held.data && held.data.items.some((h) => h.case_id !== work?.case_id) && (
        <section className="panel" aria-labelledby="held-title">
          <h2 id="held-title">{t('work.held')}</h2>
          <div className="table-wrap">
            <table className="compact" data-testid="held-cases">
              <thead>
                <tr>
                  <th scope="col">{t('work.case')}</th>
                  <th scope="col" className="num">
                    {t('work.actions')}
                  </th>
                  <th scope="col">{t('work.due')}</th>
                  <th scope="col">{t('work.claimExpires')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('work.release')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {held.data.items
                  .filter((h) => h.case_id !== work?.case_id)
                  .map((h) => (
                    <tr key={h.case_id} data-case-id={h.case_id}>
                      <td>{h.debtor_id}</td>
                      <td className="num">{formatCount(h.actions, lng)}</td>
                      <td>{formatDate(h.oldest_due_on, lng)}</td>
                      <td>{formatInstant(h.claim_expires_at, lng)}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy}
                          onClick={() => void release(h.case_id)}
                        >
                          {t('work.release')}
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}

function CaseView({ work, portfolioId }: { work: WorkCase; portfolioId: number | null }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { can } = useSession();
  const [attempt, setAttempt] = useState<ContactAttempt | null>(null);
  const [results, setResults] = useState<OutcomeResult[]>([]);
  const [documents, setDocuments] = useState<DebtorDocument[]>([]);
  return (
    <div data-testid="case" data-case-id={work.case_id}>
      <div className="grid-2">
        <section className="panel" aria-labelledby="case-title">
          <h2 id="case-title">
            {t('work.case')} · {work.debtor_id}
          </h2>
          <dl>
            <div className="kv">
              <dt>{t('portfolio')}</dt>
              <dd>{work.portfolio}</dd>
            </div>
            <div className="kv">
              <dt>{t('work.unit')}</dt>
              <dd>{t(`units.${work.unit}`, { defaultValue: work.unit })}</dd>
            </div>
            <div className="kv">
              <dt>{t('work.language')}</dt>
              <dd>{work.language}</dd>
            </div>
            <div className="kv">
              <dt>{t('account.timezone')}</dt>
              <dd>{work.timezone}</dd>
            </div>
            <div className="kv">
              <dt>{t('work.claimExpires')}</dt>
              <dd>{work.claim_expires_at ? formatInstant(work.claim_expires_at, lng) : '—'}</dd>
            </div>
          </dl>
          <p className="muted small">{t('account.piiNote')}</p>
        </section>
        <section className="panel" aria-labelledby="case-segment-title" data-testid="case-segment">
          <h2 id="case-segment-title">{t('account.segment')}</h2>
          {work.segment === null ? (
            <p className="muted">{t('account.noSegment')}</p>
          ) : (
            <>
              <p
                className={`segment-badge segment-${work.segment.segment}`}
                data-segment={work.segment.segment}
              >
                <span className="dot" aria-hidden="true" />
                {t(`segments.${work.segment.segment}`, { defaultValue: work.segment.segment })}
              </p>
              <p>
                {t('account.rule')}: <code>{work.segment.rule}</code>
              </p>
              <ul className="facts">
                {Object.entries(work.segment.facts).map(([k, v]) => (
                  <li key={k}>
                    <code>{k}</code>: {v === null ? '—' : String(v)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="case-accounts-title">
        <h2 id="case-accounts-title">{t('work.accounts')}</h2>
        <div className="table-wrap">
          <table data-testid="case-accounts">
            <thead>
              <tr>
                <th scope="col">{t('accounts.account')}</th>
                <th scope="col">{t('accounts.product')}</th>
                <th scope="col">{t('accounts.bucket')}</th>
                <th scope="col" className="num">
                  {t('accounts.dpd')}
                </th>
                <th scope="col" className="num">
                  {t('accounts.overdue')}
                </th>
                <th scope="col" className="num">
                  {t('account.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {work.accounts.map((a) => (
                <tr key={a.account_id} data-account-id={a.account_id}>
                  <td>
                    <Link to={accountPath(work.portfolio, a.account_id)}>{a.account_id}</Link>
                  </td>
                  <td>{t(`products.${a.product}`, { defaultValue: a.product })}</td>
                  <td>
                    {a.bucket === null
                      ? '—'
                      : a.bucket === 'current'
                        ? t('buckets.current')
                        : a.bucket}
                  </td>
                  <td className="num">{a.dpd === null ? '—' : formatCount(a.dpd, lng)}</td>
                  <td className="num">{formatMinor(a.overdue_amount_minor, a.currency, lng)}</td>
                  <td className="num">{formatMinor(a.balance_minor, a.currency, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {work.actions.length > 0 && (
          <div className="table-wrap">
            <table className="compact" data-testid="case-actions">
              <caption>{t('work.actions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('work.kind')}</th>
                  <th scope="col">{t('work.channel')}</th>
                  <th scope="col">{t('accounts.account')}</th>
                  <th scope="col">{t('work.due')}</th>
                </tr>
              </thead>
              <tbody>
                {work.actions.map((a) => (
                  <tr key={a.action_id}>
                    <td>{t(`kinds.${a.kind}`, { defaultValue: a.kind })}</td>
                    <td>{t(`channels.${a.channel}`, { defaultValue: a.channel })}</td>
                    <td>{a.account_id}</td>
                    <td>{formatDate(a.due_on, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="grid-2">
        <ContactPanel
          work={work}
          portfolioId={portfolioId}
          attempt={attempt}
          onAttempt={setAttempt}
        />
        <OutcomePanel
          work={work}
          attempt={attempt}
          documents={documents}
          onRecorded={(r) => {
            setResults((list) => [...list, r]);
            setAttempt(null);
          }}
        />
      </div>
      {portfolioId !== null && (can('documents.read') || can('arrangements.propose')) && (
        <div className="grid-2">
          {can('documents.read') && (
            <CaseDocuments
              portfolioId={portfolioId}
              debtorId={work.debtor_id}
              selected={documents}
              onSelect={setDocuments}
            />
          )}
          {can('arrangements.propose') && (
            <ProposePlan work={work} portfolioId={portfolioId} documents={documents} />
          )}
        </div>
      )}
      {results.length > 0 && (
        <section className="panel" aria-labelledby="recorded-title">
          <h2 id="recorded-title">{t('work.recorded')}</h2>
          <ul data-testid="recorded">
            {results.map((r) => (
              <li key={r.attempt_id} data-outcome={r.outcome}>
                {t(`outcomes.${r.outcome}`, { defaultValue: r.outcome })}
                {r.promise_id && ` · ${t('work.promiseNo', { id: r.promise_id })}`}
                {r.flags.length > 0 &&
                  ` · ${r.flags.map((f) => t(`flags.${f}`, { defaultValue: f })).join(', ')}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RuleList({ rules }: { rules: GateRule[] }) {
  const { t, i18n } = useTranslation();
  // the server words a rule in English; other languages name it (its source says where it is from)
  const english = i18n.language === 'en';
  return (
    <ul className="rules">
      {rules.map((r) => (
        <li key={r.code}>
          {english ? r.message : t(`rules.${r.code}`, { defaultValue: r.message })}{' '}
          <span className="muted small">({r.source})</span>
        </li>
      ))}
    </ul>
  );
}

function ContactPanel(props: {
  work: WorkCase;
  portfolioId: number | null;
  attempt: ContactAttempt | null;
  onAttempt: (a: ContactAttempt) => void;
}) {
  const { work, portfolioId } = props;
  const { t, i18n } = useTranslation();
  const firstAction = work.actions[0];
  const [channel, setChannel] = useState<string>(
    firstAction && (channels as readonly string[]).includes(firstAction.channel)
      ? firstAction.channel
      : 'call',
  );
  const [recipient, setRecipient] = useState<string>('debtor');
  const [accountId, setAccountId] = useState(
    firstAction?.account_id ?? work.accounts[0]?.account_id ?? '',
  );
  const [identity, setIdentity] = useState(true);
  const [blocked, setBlocked] = useState<{ message: string; rules: GateRule[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const checkPath =
    portfolioId === null
      ? null
      : `/api/v1/portfolios/${portfolioId}/debtors/${encodeURIComponent(work.debtor_id)}/contact-check${query({ channel, recipient, account_id: accountId })}`;
  const check = useApi<ContactCheck>(checkPath);
  const action = work.actions.find((a) => a.account_id === accountId && a.channel === channel);

  const contact = async (e: FormEvent) => {
    e.preventDefault();
    if (portfolioId === null) return;
    setBusy(true);
    setBlocked(null);
    try {
      const a = await api<ContactAttempt>('/api/v1/contact-attempts', {
        method: 'POST',
        idempotencyKey: newKey(),
        body: {
          portfolio_id: portfolioId,
          account_id: accountId,
          debtor_id: work.debtor_id,
          channel,
          recipient,
          identity_disclosed: identity,
          ...(action ? { action_id: action.action_id } : {}),
        },
      });
      props.onAttempt(a);
    } catch (err) {
      const rules =
        err instanceof ApiError &&
        typeof err.details === 'object' &&
        err.details !== null &&
        Array.isArray((err.details as { rules?: unknown }).rules)
          ? (err.details as { rules: GateRule[] }).rules
          : [];
      setBlocked({ message: errorMessage(err, t), rules });
    } finally {
      setBusy(false);
      check.reload();
    }
  };

  return (
    <section className="panel" aria-labelledby="gate-title">
      <h2 id="gate-title">{t('work.gate')}</h2>
      <form onSubmit={contact} className="form">
        <label className="field">
          <span>{t('accounts.account')}</span>
          <select
            id="contact-account"
            value={accountId}
            onChange={(e) => setAccountId(e.target.value)}
          >
            {work.accounts.map((a) => (
              <option key={a.account_id} value={a.account_id}>
                {a.account_id}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('work.channel')}</span>
          <select id="contact-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('work.recipient')}</span>
          <select
            id="contact-recipient"
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
          >
            {recipients.map((r) => (
              <option key={r} value={r}>
                {t(`recipients.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            id="identity-disclosed"
            checked={identity}
            onChange={(e) => setIdentity(e.target.checked)}
          />
          <span>{t('work.identityDisclosed')}</span>
        </label>
        <div data-testid="gate-check" aria-live="polite">
          {check.data === null ? (
            <LoadState error={check.error} />
          ) : check.data.allowed ? (
            <p className="allowed" data-allowed="true">
              ✓ {t('work.allowedNow')}
            </p>
          ) : (
            <div className="blocked" data-allowed="false">
              <p>
                ✕ {t('work.blockedNow')}
                {check.data.next_allowed_local &&
                  ` ${t('work.nextAllowed', { at: check.data.next_allowed_local })}`}
              </p>
              <RuleList rules={check.data.rules} />
            </div>
          )}
        </div>
        <button
          type="submit"
          id="contact"
          disabled={busy || portfolioId === null || props.attempt !== null}
        >
          {t('work.contact')}
        </button>
        {props.attempt && (
          <p className="allowed" data-testid="attempt">
            {t('work.attempted', {
              id: props.attempt.attempt_id,
              at: formatInstant(props.attempt.attempted_at, i18n.language),
            })}
          </p>
        )}
        {blocked && (
          <div className="blocked" role="alert" data-testid="attempt-blocked">
            <p>{blocked.message}</p>
            <RuleList rules={blocked.rules} />
          </div>
        )}
      </form>
    </section>
  );
}

function OutcomePanel(props: {
  work: WorkCase;
  attempt: ContactAttempt | null;
  /** the uploaded documents ticked for a hardship claim */
  documents: DebtorDocument[];
  onRecorded: (r: OutcomeResult) => void;
}) {
  const { work, attempt, documents } = props;
  const { t } = useTranslation();
  const currency = work.accounts[0]?.currency ?? 'CNY';
  const [outcome, setOutcome] = useState<OutcomeId>('promise_to_pay');
  const [amount, setAmount] = useState('');
  const [promisedOn, setPromisedOn] = useState('');
  const [reason, setReason] = useState('');
  const [agent, setAgent] = useState('');
  const [poa, setPoa] = useState('');
  const [cease, setCease] = useState(false);
  const [callbackAt, setCallbackAt] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const body = (): Record<string, unknown> | string => {
    const n = note.trim() === '' ? {} : { note: note.trim() };
    switch (outcome) {
      case 'promise_to_pay': {
        const minor = decimalToMinor(amount, currencyDigits(currency));
        if (minor === null) return t('work.badAmount', { digits: currencyDigits(currency) });
        if (!/^\d{4}-\d{2}-\d{2}$/.test(promisedOn)) return t('work.badDate');
        return { outcome, amount_minor: minor, currency, promised_on: promisedOn, ...n };
      }
      case 'dispute':
        if (reason.trim() === '') return t('work.needReason');
        return { outcome, reason: reason.trim(), ...n };
      case 'represented':
        if (agent.trim() === '' || poa.trim() === '') return t('work.needAgent');
        return {
          outcome,
          agent_name: agent.trim(),
          power_of_attorney_ref: poa.trim(),
          ...n,
        };
      case 'complaint':
      case 'refuses':
        return { outcome, cease_contact_requested: cease, ...n };
      case 'hardship_claimed':
        return {
          outcome,
          documents: documentReferences(documents),
          ...n,
        };
      case 'callback_requested':
        if (callbackAt === '') return t('work.badDate');
        return { outcome, callback_at: new Date(callbackAt).toISOString(), ...n };
      default:
        return { outcome, ...n };
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!attempt) return;
    const b = body();
    if (typeof b === 'string') {
      setError(b);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api<OutcomeResult>(
        `/api/v1/contact-attempts/${encodeURIComponent(attempt.attempt_id)}/outcome`,
        { method: 'POST', body: b },
      );
      props.onRecorded(r);
      setAmount('');
      setNote('');
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('work.outcome')}</h2>
      {!attempt && <p className="muted">{t('work.contactFirst')}</p>}
      <form onSubmit={submit} className="form">
        <fieldset disabled={!attempt || busy}>
          <legend className="sr-only">{t('work.outcome')}</legend>
          <label className="field">
            <span>{t('work.outcome')}</span>
            <select
              id="outcome-select"
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as OutcomeId)}
            >
              {outcomeIds.map((o) => (
                <option key={o} value={o}>
                  {t(`outcomes.${o}`)}
                </option>
              ))}
            </select>
          </label>
          {outcome === 'promise_to_pay' && (
            <>
              <label className="field">
                <span>{t('work.amount', { currency })}</span>
                <input
                  id="promise-amount"
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  autoComplete="off"
                />
              </label>
              <label className="field">
                <span>{t('work.promisedOn')}</span>
                <input
                  id="promise-date"
                  type="date"
                  value={promisedOn}
                  onChange={(e) => setPromisedOn(e.target.value)}
                />
              </label>
            </>
          )}
          {outcome === 'dispute' && (
            <label className="field">
              <span>{t('work.reason')}</span>
              <input
                id="dispute-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </label>
          )}
          {outcome === 'represented' && (
            <>
              <label className="field">
                <span>{t('work.agent')}</span>
                <input id="agent-name" value={agent} onChange={(e) => setAgent(e.target.value)} />
              </label>
              <label className="field">
                <span>{t('work.poa')}</span>
                <input id="poa-ref" value={poa} onChange={(e) => setPoa(e.target.value)} />
              </label>
            </>
          )}
          {(outcome === 'complaint' || outcome === 'refuses') && (
            <label className="check">
              <input
                type="checkbox"
                id="cease-contact"
                checked={cease}
                onChange={(e) => setCease(e.target.checked)}
              />
              <span>{t('work.ceaseContact')}</span>
            </label>
          )}
          {outcome === 'hardship_claimed' && (
            <HardshipDocuments documents={documents} testId="hardship-documents" />
          )}
          {outcome === 'callback_requested' && (
            <label className="field">
              <span>{t('work.callbackAt')}</span>
              <input
                id="callback-at"
                type="datetime-local"
                value={callbackAt}
                onChange={(e) => setCallbackAt(e.target.value)}
              />
            </label>
          )}
          <label className="field">
            <span>{t('work.note')}</span>
            <textarea
              id="outcome-note"
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button type="submit" id="record-outcome">
            {t('work.record')}
          </button>
        </fieldset>
        {error && (
          <p className="error" role="alert" data-testid="outcome-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
