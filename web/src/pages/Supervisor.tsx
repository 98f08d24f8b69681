/**
 * The supervisor's view: the queues' load, each collector's activity, the approvals waiting
 * (installment plans, settlements, message templates) with approve and reject, and the strategy
 * versions with their champion/challenger results.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors';
import {
  api,
  query,
  type Collector,
  type InstallmentPlan,
  type Kpi,
  type KpiAmount,
  type MinorAmount,
  type Settlement,
  type StrategyResult,
  type StrategySummary,
  type TemplateVersion,
} from '../api';
import { kpiColumns, settlementColumns, templateColumns, Versioned } from '../components/columns';
import { LoadState, MinorAmounts, useReady } from '../components/common';
import { DataTable } from '../components/DataTable';
import { Field } from '../components/fields';
import { QueueLoad } from '../components/QueueLoad';
import { LintCount } from '../components/tags';
import { addDaysTo, formatBps, formatCount, formatMinor, todayLocal } from '../format';
import { accountPath, Link } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';

type CollectorKpi = ReturnType<typeof collectorKpi>;

/** A collector's KPIs with money as the war room's amounts. */
function collectorKpi(k: Kpi) {
  const minor = (list: KpiAmount[]): MinorAmount[] =>
    list.map((a) => ({ currency: a.currency, minor: a.amount_minor }));
  return { ...k, recovered: minor(k.recovered), target: minor(k.target), bonus: minor(k.bonus) };
}

export function Supervisor() {
  const { t } = useTranslation();
  const { can } = useSession();
  const collectors = useApi<{ items: Collector[] }>(
    can('people.read') ? '/api/v1/collectors' : null,
  );
  useReady(true);
  return (
    <section aria-labelledby="supervisor-title">
      <div className="page-head">
        <h1 id="supervisor-title">{t('sup.title')}</h1>
      </div>
      {(can('arrangements.read') || can('templates.read')) && <Approvals />}
      {can('queues.read') && <QueueLoad titleId="sup-queues-title" />}
      {can('kpis.read') && <CollectorActivity collectors={collectors.data?.items ?? []} />}
      {can('strategy.read') && <Strategies />}
    </section>
  );
}

function CollectorActivity({ collectors }: { collectors: Collector[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const today = todayLocal();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const kpis = useApi<{ items: Kpi[] }>(`/api/v1/kpis${query({ from, to, by: 'collector' })}`);
  const name = (id: string) => collectors.find((c) => c.collector_id === id)?.display_name ?? id;
  return (
    <section className="panel" aria-labelledby="activity-title">
      <div className="panel-head">
        <h2 id="activity-title">{t('sup.activity')}</h2>
        <div className="toolbar">
          <Field
            id="kpi-from"
            type="date"
            label={t('sup.from')}
            value={from}
            onChange={setFrom}
            nonEmpty
          />
          <Field id="kpi-to" type="date" label={t('sup.to')} value={to} onChange={setTo} nonEmpty />
        </div>
      </div>
      {kpis.data === null ? (
        <LoadState error={kpis.error} onRetry={kpis.reload} />
      ) : (
        <DataTable
          testId="collector-kpis"
          rows={kpis.data.items.map(collectorKpi)}
          rowKey={(k) => k.key}
          rowData={(k) => ({ 'data-collector': k.key })}
          empty={t('sup.noActivity')}
          columns={[
            { id: 'who', header: t('war.collector'), rowHeader: true, cell: (k) => name(k.key) },
            ...kpiColumns<CollectorKpi>(t, lng),
            {
              id: 'bonus',
              header: t('sup.bonus'),
              num: true,
              cell: (k) => <MinorAmounts list={k.bonus} />,
            },
          ]}
        />
      )}
    </section>
  );
}

type Decision = 'approve' | 'reject';

function Approvals() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { can } = useSession();
  const arrangements = can('arrangements.read');
  const plans = useApi<{ items: InstallmentPlan[] }>(
    arrangements ? '/api/v1/installment-plans?status=proposed' : null,
  );
  const offers = useApi<{ items: Settlement[] }>(
    arrangements ? '/api/v1/settlements?status=proposed' : null,
  );
  const templates = useApi<{ items: TemplateVersion[] }>(
    can('templates.read') ? '/api/v1/templates?status=pending_approval' : null,
  );
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  /** What was decided (an i18n key and id, or a name), kept so it follows the language. */
  type What = { key: string; id: number } | string;
  const [message, setMessage] = useState<{ ok: boolean; what: What; error?: string } | null>(null);
  const label = (w: What) => (typeof w === 'string' ? w : t(w.key, { id: w.id }));

  const decide = async (what: What, path: string, body: unknown, reload: () => void) => {
    setBusy(true);
    setMessage(null);
    try {
      await api(path, { method: 'POST', body });
      setMessage({ ok: true, what });
      reload();
    } catch (e) {
      setMessage({ ok: false, what, error: errorMessage(e, t) });
    } finally {
      setBusy(false);
    }
  };
  const reason = note.trim() === '' ? {} : { reason: note.trim() };
  const buttons = (label: string, allowed: boolean, onDecide: (d: Decision) => void) => (
    <span className="actions">
      <button
        type="button"
        disabled={!allowed || busy}
        onClick={() => onDecide('approve')}
        aria-label={t('sup.approveThis', { what: label })}
      >
        {t('sup.approve')}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={!allowed || busy}
        onClick={() => onDecide('reject')}
        aria-label={t('sup.rejectThis', { what: label })}
      >
        {t('sup.reject')}
      </button>
    </span>
  );
  const account = (portfolioId: number, accountId: string) => (
    <AccountLink portfolioId={portfolioId} accountId={accountId} />
  );

  return (
    <section className="panel" aria-labelledby="approvals-title" data-testid="approvals">
      <div className="panel-head">
        <h2 id="approvals-title">{t('sup.approvals')}</h2>
        <Field
          id="decision-note"
          label={t('sup.note')}
          value={note}
          onChange={setNote}
          maxLength={500}
          grow
        />
      </div>
      {!can('arrangements.approve') && !can('templates.approve') && (
        <p className="muted">{t('sup.cannotApprove')}</p>
      )}
      {message && (
        <p
          className={message.ok ? 'allowed' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="decision-message"
        >
          {message.ok ? t('sup.decided', { what: label(message.what) }) : message.error}
        </p>
      )}
      {((arrangements && (plans.data === null || offers.data === null)) ||
        (can('templates.read') && templates.data === null)) && (
        <LoadState error={plans.error ?? offers.error ?? templates.error} />
      )}
      {plans.data && (
        <DataTable
          compact
          testId="pending-plans"
          caption={t('sup.plans', { count: plans.data.items.length })}
          rows={plans.data.items}
          rowKey={(p) => String(p.plan_id)}
          rowData={(p) => ({ 'data-plan-id': String(p.plan_id) })}
          empty={t('sup.nothingWaiting')}
          columns={[
            {
              id: 'account',
              header: t('accounts.account'),
              cell: (p) => account(p.portfolio_id, p.account_id),
            },
            {
              id: 'terms',
              header: t('sup.terms'),
              cell: (p) =>
                t('sup.planTerms', {
                  count: p.installment_count,
                  total: formatMinor(p.total_minor, p.currency, lng),
                }),
            },
            {
              id: 'waived',
              header: t('sup.waived'),
              num: true,
              cell: (p) => formatMinor(p.waived_minor, p.currency, lng),
              narrowHidden: true,
            },
            { id: 'maker', header: t('sup.maker'), cell: (p) => p.proposed_by },
            {
              id: 'role',
              header: t('sup.needs'),
              cell: (p) =>
                t(`roles.${p.required_role ?? 'none'}`, { defaultValue: p.required_role ?? '—' }),
            },
            {
              id: 'decide',
              header: <span className="sr-only">{t('sup.decision')}</span>,
              cell: (p) =>
                buttons(
                  t('plans.plan', { id: p.plan_id }),
                  can('arrangements.approve'),
                  (d) =>
                    void decide(
                      { key: 'plans.plan', id: p.plan_id },
                      `/api/v1/installment-plans/${p.plan_id}/decision`,
                      { decision: d, decided_on: todayLocal(), ...reason },
                      plans.reload,
                    ),
                ),
            },
          ]}
        />
      )}
      {offers.data && (
        <DataTable
          compact
          testId="pending-settlements"
          caption={t('sup.settlements', { count: offers.data.items.length })}
          rows={offers.data.items}
          rowKey={(s) => String(s.settlement_id)}
          rowData={(s) => ({ 'data-settlement-id': String(s.settlement_id) })}
          empty={t('sup.nothingWaiting')}
          columns={[
            {
              id: 'account',
              header: t('accounts.account'),
              cell: (s) => account(s.portfolio_id, s.account_id),
            },
            ...settlementColumns(t, lng),
            { id: 'maker', header: t('sup.maker'), cell: (s) => s.proposed_by },
            {
              id: 'role',
              header: t('sup.needs'),
              cell: (s) =>
                t(`roles.${s.required_role ?? 'none'}`, { defaultValue: s.required_role ?? '—' }),
            },
            {
              id: 'decide',
              header: <span className="sr-only">{t('sup.decision')}</span>,
              cell: (s) =>
                buttons(
                  t('plans.offer', { id: s.settlement_id }),
                  can('arrangements.approve'),
                  (d) =>
                    void decide(
                      { key: 'plans.offer', id: s.settlement_id },
                      `/api/v1/settlements/${s.settlement_id}/decision`,
                      { decision: d, decided_on: todayLocal(), ...reason },
                      offers.reload,
                    ),
                ),
            },
          ]}
        />
      )}
      {templates.data && (
        <DataTable
          compact
          testId="pending-templates"
          caption={t('sup.templates', { count: templates.data.items.length })}
          rows={templates.data.items}
          rowKey={(v) => `${v.template_id}/${v.version}`}
          rowData={(v) => ({ 'data-template': `${v.template_id}/${v.version}` })}
          empty={t('sup.nothingWaiting')}
          columns={[
            ...templateColumns(t),
            {
              id: 'lint',
              header: t('comp.lint'),
              cell: (v) => <LintCount n={v.lint_findings.length} />,
            },
            { id: 'maker', header: t('sup.maker'), cell: (v) => v.created_by },
            {
              id: 'decide',
              header: <span className="sr-only">{t('sup.decision')}</span>,
              cell: (v) => {
                const what = `${v.template_id} v${v.version}`;
                return buttons(
                  what,
                  // approving or rejecting a template needs templates.approve
                  can('templates.approve'),
                  (d) =>
                    void decide(
                      what,
                      `/api/v1/templates/${encodeURIComponent(v.template_id)}/versions/${v.version}/${d}`,
                      note.trim() === '' ? {} : { note: note.trim() },
                      templates.reload,
                    ),
                );
              },
            },
          ]}
        />
      )}
    </section>
  );
}

function AccountLink({ portfolioId, accountId }: { portfolioId: number; accountId: string }) {
  const portfolios = useApi<{ items: { portfolio_id: number; name: string }[] }>(
    '/api/v1/portfolios',
  );
  const name = portfolios.data?.items.find((p) => p.portfolio_id === portfolioId)?.name;
  if (!name) return <>{accountId}</>;
  return (
    <>
      <Link to={accountPath(name, accountId)}>{accountId}</Link>
      <span className="muted small"> {name}</span>
    </>
  );
}

function Strategies() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const today = todayLocal();
  const [from, setFrom] = useState(addDaysTo(today, -30));
  const [to, setTo] = useState(today);
  const strategies = useApi<{ strategies: StrategySummary[] }>('/api/v1/strategies');
  const results = useApi<{ results: StrategyResult[] }>(
    `/api/v1/strategy-results${query({ from, to })}`,
  );
  const rate = (part: number, whole: number) =>
    whole === 0 ? null : Math.floor((part * 10_000) / whole);
  return (
    <section className="panel" aria-labelledby="strategies-title">
      <div className="panel-head">
        <h2 id="strategies-title">{t('sup.strategies')}</h2>
        <div className="toolbar">
          <Field
            id="results-from"
            type="date"
            label={t('sup.from')}
            value={from}
            onChange={setFrom}
            nonEmpty
          />
          <Field
            id="results-to"
            type="date"
            label={t('sup.to')}
            value={to}
            onChange={setTo}
            nonEmpty
          />
        </div>
      </div>
      {strategies.data === null ? (
        <LoadState error={strategies.error} />
      ) : (
        <DataTable
          compact
          testId="strategies"
          caption={t('sup.versions')}
          rows={strategies.data.strategies}
          rowKey={(s) => s.id}
          rowData={(s) => ({ 'data-strategy': s.id })}
          empty={t('sup.noStrategies')}
          columns={[
            {
              id: 'name',
              header: t('sup.strategy'),
              rowHeader: true,
              cell: (s) => (
                <>
                  {s.name} <code>{s.id}</code>
                </>
              ),
            },
            {
              id: 'active',
              header: t('sup.activeVersion'),
              cell: (s) => (s.active_version === null ? '—' : `v${s.active_version}`),
            },
            {
              id: 'versions',
              header: t('sup.allVersions'),
              cell: (s) => (
                <span className="chips-inline">
                  {s.versions.map((v) => (
                    <span
                      key={v.version}
                      className={`tag ${v.status === 'active' ? 'good' : v.status === 'draft' ? 'wait' : ''}`}
                    >
                      v{v.version} {t(`sup.versionStatus.${v.status}`, { defaultValue: v.status })}
                    </span>
                  ))}
                </span>
              ),
            },
          ]}
        />
      )}
      {results.data === null ? (
        <LoadState error={results.error} />
      ) : (
        <DataTable
          compact
          testId="strategy-results"
          caption={t('sup.results')}
          rows={results.data.results}
          rowKey={(r) => `${r.strategy_id}/${r.strategy_version}/${r.arm}`}
          rowData={(r) => ({ 'data-arm': r.arm, 'data-strategy': r.strategy_id })}
          empty={t('sup.noResults')}
          columns={[
            {
              id: 'version',
              header: t('sup.strategy'),
              rowHeader: true,
              cell: (r) => <Versioned id={r.strategy_id} version={r.strategy_version} />,
            },
            {
              id: 'arm',
              header: t('sup.arm'),
              cell: (r) => (
                <span className={`tag ${r.arm === 'champion' ? 'good' : 'wait'}`}>
                  {t(`sup.arms.${r.arm}`)}
                </span>
              ),
            },
            {
              id: 'accounts',
              header: t('war.accounts'),
              num: true,
              cell: (r) => formatCount(r.accounts, lng),
            },
            {
              id: 'done',
              header: t('sup.actionsDone'),
              num: true,
              cell: (r) =>
                `${formatCount(r.actions_done, lng)} / ${formatCount(r.actions_planned, lng)}`,
              narrowHidden: true,
            },
            {
              id: 'promises',
              header: t('sup.promises'),
              num: true,
              cell: (r) => formatCount(r.promises_made, lng),
            },
            {
              id: 'kept',
              header: t('war.keptRate'),
              num: true,
              cell: (r) =>
                formatBps(rate(r.promises_kept, r.promises_kept + r.promises_broken), lng),
            },
            {
              id: 'cured',
              header: t('sup.cureRate'),
              num: true,
              cell: (r) => formatBps(rate(r.accounts_cured, r.accounts), lng),
            },
          ]}
        />
      )}
    </section>
  );
}
