/**
 * The compliance console: attempts the gate blocked, by rule, over a range of days; the message
 * template library with its lint findings and a linter for any text; the rule pack settings of a
 * portfolio (tightening only: a loosening is refused by the server, naming the rule).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors';
import {
  api,
  query,
  type BlockedAttempts,
  type ComplianceSettings,
  type LintFinding,
  type Portfolio,
  type TemplateVersion,
} from '../api';
import { Chart } from '../components/Chart';
import { LoadState, useReady } from '../components/common';
import { templateColumns } from '../components/columns';
import { DataTable } from '../components/DataTable';
import { Field } from '../components/fields';
import { LintCount } from '../components/tags';
import { addDaysTo, formatCount, formatDate, formatInstant, todayLocal } from '../format';
import { useSession } from '../session';
import { useApi } from '../use-api';

export function Compliance() {
  const { t } = useTranslation();
  const { can } = useSession();
  const portfolios = useApi<{ items: Portfolio[] }>('/api/v1/portfolios');
  useReady(portfolios.data !== null);
  const list = portfolios.data?.items ?? [];
  return (
    <section aria-labelledby="compliance-title">
      <div className="page-head">
        <h1 id="compliance-title">{t('comp.title')}</h1>
      </div>
      <BlockedByRule portfolios={list} />
      {can('templates.read') && <TemplateLibrary />}
      <RulePackSettings portfolios={list} canChange={can('compliance.configure')} />
    </section>
  );
}

function PortfolioIdSelect(props: {
  id: string;
  portfolios: Portfolio[];
  value: string;
  onChange: (v: string) => void;
  allowAll?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('portfolio')}</span>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.allowAll && <option value="">{t('allPortfolios')}</option>}
        {props.portfolios.map((p) => (
          <option key={p.portfolio_id} value={String(p.portfolio_id)}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function BlockedByRule({ portfolios }: { portfolios: Portfolio[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const today = todayLocal();
  const [from, setFrom] = useState(addDaysTo(today, -29));
  const [to, setTo] = useState(today);
  const [portfolio, setPortfolio] = useState('');
  const blocked = useApi<BlockedAttempts>(
    `/api/v1/compliance/blocked-attempts${query({ from, to, portfolio_id: portfolio })}`,
  );
  const b = blocked.data;
  const option = useMemo(() => {
    if (!b || b.by_rule.length === 0) return null;
    const rules = [...b.by_rule].reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: rules.map((r) => t(`rules.${r.code}`, { defaultValue: r.code })),
      },
      series: [
        {
          type: 'bar',
          name: t('comp.blocked'),
          color: '#b3261e',
          barMaxWidth: 28,
          data: rules.map((r) => r.blocked),
        },
      ],
    };
  }, [b, t]);
  return (
    <section className="panel" aria-labelledby="blocked-title">
      <div className="panel-head">
        <h2 id="blocked-title">{t('comp.blockedTitle')}</h2>
        <div className="toolbar">
          <PortfolioIdSelect
            id="blocked-portfolio"
            portfolios={portfolios}
            value={portfolio}
            onChange={setPortfolio}
            allowAll
          />
          <Field
            id="blocked-from"
            label={t('sup.from')}
            type="date"
            value={from}
            onChange={setFrom}
            nonEmpty
          />
          <Field
            id="blocked-to"
            label={t('sup.to')}
            type="date"
            value={to}
            onChange={setTo}
            nonEmpty
          />
        </div>
      </div>
      {!b ? (
        <LoadState error={blocked.error} onRetry={blocked.reload} />
      ) : (
        <>
          <p data-testid="blocked-total">
            {t('comp.blockedSummary', {
              blocked: formatCount(b.blocked, lng),
              decisions: formatCount(b.decisions, lng),
              from: formatDate(b.from, lng),
              to: formatDate(b.to, lng),
            })}
          </p>
          <div className="grid-2">
            <div>
              {option ? (
                <Chart
                  option={option}
                  label={t('comp.blockedTitle')}
                  testId="blocked-chart"
                  height={Math.max(160, 40 * b.by_rule.length)}
                />
              ) : (
                <p className="empty">{t('comp.noneBlocked')}</p>
              )}
            </div>
            <DataTable
              compact
              testId="blocked-by-rule"
              caption={t('comp.byRule')}
              rows={b.by_rule}
              rowKey={(r) => r.code}
              rowData={(r) => ({ 'data-rule': r.code })}
              empty={t('comp.noneBlocked')}
              columns={[
                {
                  id: 'rule',
                  header: t('comp.rule'),
                  rowHeader: true,
                  cell: (r) => t(`rules.${r.code}`, { defaultValue: r.code }),
                },
                {
                  id: 'n',
                  header: t('comp.blocked'),
                  num: true,
                  cell: (r) => formatCount(r.blocked, lng),
                },
                {
                  id: 'source',
                  header: t('comp.source'),
                  cell: (r) => <span className="small">{r.source}</span>,
                  narrowHidden: true,
                },
              ]}
            />
          </div>
          <details>
            <summary>{t('comp.byDay')}</summary>
            <DataTable
              compact
              testId="blocked-by-day"
              rows={b.by_day}
              rowKey={(d) => d.day}
              columns={[
                {
                  id: 'day',
                  header: t('account.event'),
                  rowHeader: true,
                  cell: (d) => formatDate(d.day, lng),
                },
                {
                  id: 'decisions',
                  header: t('comp.decisions'),
                  num: true,
                  cell: (d) => formatCount(d.decisions, lng),
                },
                {
                  id: 'blocked',
                  header: t('comp.blocked'),
                  num: true,
                  cell: (d) => formatCount(d.blocked, lng),
                },
                {
                  id: 'rules',
                  header: t('comp.rules'),
                  cell: (d) =>
                    Object.entries(d.by_rule)
                      .map(
                        ([code, n]) =>
                          `${t(`rules.${code}`, { defaultValue: code })} ${formatCount(n, lng)}`,
                      )
                      .join(' · ') || '—',
                },
              ]}
            />
          </details>
        </>
      )}
    </section>
  );
}

const statuses = ['', 'draft', 'pending_approval', 'approved', 'rejected', 'retired'] as const;

function TemplateLibrary() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [status, setStatus] = useState('');
  const templates = useApi<{ items: TemplateVersion[] }>(`/api/v1/templates${query({ status })}`);
  return (
    <section className="panel" aria-labelledby="templates-title">
      <div className="panel-head">
        <h2 id="templates-title">{t('comp.library')}</h2>
        <label className="field">
          <span>{t('ledger.status')}</span>
          <select id="template-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s === '' ? t('all') : t(`comp.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {templates.data === null ? (
        <LoadState error={templates.error} onRetry={templates.reload} />
      ) : (
        <DataTable
          compact
          testId="templates"
          rows={templates.data.items}
          rowKey={(v) => `${v.template_id}/${v.version}`}
          rowData={(v) => ({
            'data-template': `${v.template_id}/${v.version}`,
            'data-status': v.status,
          })}
          empty={t('comp.noTemplates')}
          columns={[
            ...templateColumns(t),
            {
              id: 'status',
              header: t('ledger.status'),
              cell: (v) => <span className="tag">{t(`comp.status.${v.status}`)}</span>,
            },
            {
              id: 'text',
              header: t('comp.text'),
              cell: (v) => (
                <details>
                  <summary>{v.subject ?? v.body.slice(0, 40)}</summary>
                  <Highlighted
                    text={v.body}
                    findings={v.lint_findings.filter((f) => f.field !== 'subject')}
                  />
                </details>
              ),
            },
            {
              id: 'lint',
              header: t('comp.lint'),
              cell: (v) => <LintCount n={v.lint_findings.length} />,
            },
            {
              id: 'by',
              header: t('sup.maker'),
              cell: (v) => `${v.created_by} · ${formatInstant(v.created_at, lng)}`,
              narrowHidden: true,
            },
          ]}
        />
      )}
      <LintBox />
    </section>
  );
}

/** The text with each finding's phrase marked. */
function Highlighted({ text, findings }: { text: string; findings: LintFinding[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    parts.push(text.slice(at, f.start));
    parts.push(
      <mark key={f.start} title={f.description}>
        {text.slice(f.start, f.end)}
      </mark>,
    );
    at = f.end;
  }
  parts.push(text.slice(at));
  return <p className="template-text">{parts}</p>;
}

function LintBox() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ text: string; findings: LintFinding[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return;
    setError(null);
    try {
      const r = await api<{ clean: boolean; findings: LintFinding[] }>('/api/v1/templates/lint', {
        method: 'POST',
        body: { text, mode: 'template' },
      });
      setResult({ text, findings: r.findings });
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };
  return (
    <form className="form lint-box" onSubmit={submit} aria-labelledby="lint-title">
      <h3 id="lint-title">{t('comp.lintTitle')}</h3>
      <label className="field">
        <span>{t('comp.lintText')}</span>
        <textarea
          id="lint-text"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={10_000}
        />
      </label>
      <button type="submit" id="lint-run">
        {t('comp.lintRun')}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="lint-result" aria-live="polite">
          {result.findings.length === 0 ? (
            <p className="allowed">✓ {t('comp.lintClean')}</p>
          ) : (
            <>
              <Highlighted text={result.text} findings={result.findings} />
              <ul className="rules">
                {result.findings.map((f) => (
                  <li key={`${f.rule}/${f.start}`} data-rule={f.rule}>
                    <strong>“{f.phrase}”</strong>:{' '}
                    {t(`lint.${f.rule}`, { defaultValue: f.description })}{' '}
                    <span className="muted small">({f.source})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}

type RuleParams = { source?: string; start?: string; end?: string; max?: number; days?: number };

function RulePackSettings({
  portfolios,
  canChange,
}: {
  portfolios: Portfolio[];
  canChange: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [chosen, setChosen] = useState('');
  const portfolioId = chosen || (portfolios[0] ? String(portfolios[0].portfolio_id) : '');
  const settings = useApi<ComplianceSettings>(
    portfolioId ? `/api/v1/portfolios/${portfolioId}/compliance` : null,
  );
  const s = settings.data;
  return (
    <section className="panel" aria-labelledby="pack-title">
      <div className="panel-head">
        <h2 id="pack-title">{t('comp.packTitle')}</h2>
        <PortfolioIdSelect
          id="pack-portfolio"
          portfolios={portfolios}
          value={portfolioId}
          onChange={setChosen}
        />
      </div>
      {!s ? (
        <LoadState error={settings.error} onRetry={settings.reload} />
      ) : (
        <div className="grid-2">
          <div>
            <p data-testid="pack-current">
              {t('comp.packCurrent', {
                name: s.effective.name,
                pack: s.pack.toUpperCase(),
                version: s.effective.version,
                settings: s.version,
              })}
            </p>
            <DataTable
              compact
              testId="effective-rules"
              caption={t('comp.effective')}
              rows={Object.entries(s.effective.rules) as [string, RuleParams][]}
              rowKey={([k]) => k}
              rowData={([k]) => ({ 'data-rule': k })}
              columns={[
                {
                  id: 'rule',
                  header: t('comp.rule'),
                  rowHeader: true,
                  cell: ([k]) => t(`packRules.${k}`, { defaultValue: k }),
                },
                { id: 'value', header: t('comp.setting'), cell: ([, r]) => ruleValue(r, t) },
                {
                  id: 'source',
                  header: t('comp.source'),
                  cell: ([, r]) => <span className="small">{r.source}</span>,
                  narrowHidden: true,
                },
              ]}
            />
          </div>
          <div>
            <PackForm
              key={`${portfolioId}/${s.version}`}
              settings={s}
              canChange={canChange}
              onSaved={settings.reload}
            />
            <DataTable
              compact
              testId="pack-history"
              caption={t('comp.history')}
              rows={[...s.history].reverse()}
              rowKey={(h) => String(h.version)}
              empty={t('comp.noHistory')}
              columns={[
                {
                  id: 'v',
                  header: t('comp.version'),
                  cell: (h) => `v${h.version} · ${h.pack.toUpperCase()}`,
                },
                {
                  id: 'when',
                  header: t('evidence.at'),
                  cell: (h) => formatInstant(h.changed_at, lng),
                },
                { id: 'who', header: t('evidence.actor'), cell: (h) => h.changed_by },
                { id: 'why', header: t('comp.reason'), cell: (h) => h.reason ?? '—' },
              ]}
            />
          </div>
        </div>
      )}
    </section>
  );
}

function ruleValue(r: RuleParams, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (r.start !== undefined && r.end !== undefined) return `${r.start}–${r.end}`;
  if (r.max !== undefined && r.days !== undefined)
    return t('comp.maxInDays', { max: r.max, days: r.days });
  if (r.max !== undefined) return t('comp.max', { max: r.max });
  if (r.days !== undefined) return t('comp.days', { days: r.days });
  return t('comp.applies');
}

function PackForm(props: {
  settings: ComplianceSettings;
  canChange: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const s = props.settings;
  const rules = s.effective.rules as Record<string, RuleParams | undefined>;
  const [pack, setPack] = useState(s.pack);
  const [start, setStart] = useState(rules.hours?.start ?? '');
  const [end, setEnd] = useState(rules.hours?.end ?? '');
  const [answered, setAnswered] = useState(String(rules.answeredCallsPerDebtorDay?.max ?? ''));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const config: Record<string, unknown> = { ...(pack === s.pack ? s.config : {}) };
    if (start !== '' || end !== '')
      config.hours = {
        ...(config.hours as object),
        ...(start ? { start } : {}),
        ...(end ? { end } : {}),
      };
    if (/^\d+$/.test(answered)) config.answeredCallsPerDebtorDay = { max: Number(answered) };
    try {
      await api(`/api/v1/portfolios/${s.portfolio_id}/compliance`, {
        method: 'PUT',
        body: { pack, config, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      });
      props.onSaved();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby="pack-form-title">
      <h3 id="pack-form-title">{t('comp.tighten')}</h3>
      <p className="muted small">{t('comp.tightenHint')}</p>
      <fieldset disabled={!props.canChange || busy}>
        <legend className="sr-only">{t('comp.tighten')}</legend>
        <label className="field">
          <span>{t('comp.pack')}</span>
          <select
            id="pack-select"
            value={pack}
            onChange={(e) => setPack(e.target.value as ComplianceSettings['pack'])}
          >
            {(['cn', 'us', 'uk'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`comp.packs.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <Field
            id="hours-start"
            label={t('comp.hoursStart')}
            type="time"
            value={start}
            onChange={setStart}
          />
          <Field
            id="hours-end"
            label={t('comp.hoursEnd')}
            type="time"
            value={end}
            onChange={setEnd}
          />
          <Field
            id="answered-max"
            label={t('comp.answeredMax')}
            inputMode="numeric"
            value={answered}
            onChange={setAnswered}
            size={4}
          />
        </div>
        <Field
          id="pack-reason"
          label={t('comp.reason')}
          value={reason}
          onChange={setReason}
          maxLength={1000}
        />
        <button type="submit" id="pack-save">
          {t('comp.save')}
        </button>
      </fieldset>
      {!props.canChange && <p className="muted small">{t('comp.cannotChange')}</p>}
      {error && (
        <p className="error" role="alert" data-testid="pack-error">
          {error}
        </p>
      )}
    </form>
  );
}
