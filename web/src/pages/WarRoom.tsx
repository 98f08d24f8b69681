/** The landing page: the morning briefing, bucket and segment charts, exports. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  query,
  type AccountLine,
  type Briefing,
  type Count,
  type PortfolioSummary,
  type PromiseLine,
} from '../api';
import { Chart } from '../components/Chart';
import { LoadState, MinorAmounts, PortfolioSelect, useReady } from '../components/common';
import { formatBps, formatCount, formatDate, formatMinor } from '../format';
import { accountPath, Link } from '../router';
import { useApi } from '../use-api';

export const bucketIds = ['current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'] as const;
const bucketColors = [
  '#3b7d4f',
  '#d9b43c',
  '#e09a3a',
  '#d9782f',
  '#c95a2b',
  '#b54327',
  '#9c2f27',
  '#6e1f1f',
];
const segmentColors: Record<string, string> = {
  green: '#2e7d4f',
  yellow: '#c99a06',
  red: '#b3261e',
};

export function WarRoom() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [portfolio, setPortfolio] = useState('');
  const [asOf, setAsOf] = useState('');
  const briefing = useApi<Briefing>(`/api/v1/briefing${query({ as_of: asOf, portfolio })}`);
  const summary = useApi<PortfolioSummary>(`/api/v1/portfolio-summary${query({ portfolio })}`);
  const b = briefing.data;
  const s = summary.data;
  useReady(b !== null && s !== null);

  const bucketOption = useMemo(() => {
    if (!s) return null;
    const counts = bucketIds.map((id) => s.by_bucket.find((x) => x.bucket === id)?.accounts ?? 0);
    return {
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: bucketIds.map((id) => (id === 'current' ? t('buckets.current') : id)),
        axisLabel: { interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('war.bucketChart'),
          data: counts.map((value, i) => ({ value, itemStyle: { color: bucketColors[i] } })),
        },
      ],
    };
  }, [s, t]);

  const segmentOption = useMemo(() => {
    if (!b) return null;
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '72%'],
          center: ['50%', '50%'],
          label: { formatter: '{d}%' },
          data: b.segments.by_segment.map((g) => ({
            name: t(`segments.${g.segment}`, { defaultValue: g.segment }),
            value: g.debtors,
            itemStyle: { color: segmentColors[g.segment] ?? '#888' },
          })),
        },
      ],
    };
  }, [b, t]);

  const exportHref = (format: 'csv' | 'pdf') =>
    `/api/v1/briefing${query({ as_of: b?.as_of ?? asOf, portfolio, format })}`;

  return (
    <section aria-labelledby="war-title">
      <div className="page-head">
        <h1 id="war-title">{t('war.title')}</h1>
        <div className="toolbar">
          <PortfolioSelect value={portfolio} onChange={setPortfolio} />
          <label className="field">
            <span>{t('asOf')}</span>
            <input
              id="as-of"
              type="date"
              value={asOf || b?.as_of || ''}
              onChange={(e) => setAsOf(e.target.value)}
            />
          </label>
          <a className="button" id="export-csv" href={exportHref('csv')} download>
            {t('war.exportCsv')}
          </a>
          <a className="button" id="export-pdf" href={exportHref('pdf')} download>
            {t('war.exportPdf')}
          </a>
        </div>
      </div>
      {!b || !s ? (
        <LoadState error={briefing.error ?? summary.error} onRetry={briefing.reload} />
      ) : (
        <>
          <p className="muted" data-testid="briefing-as-of">
            {t('asOf')}: {formatDate(b.as_of, lng)}
          </p>
          <div className="cards">
            <Card
              title={t('war.newDelinquencies')}
              testId="card-new-delinquencies"
              hint={t('war.newDelinquenciesHint')}
            >
              <strong className="big">{formatCount(b.new_delinquencies.accounts, lng)}</strong>
              <MinorAmounts list={b.new_delinquencies.overdue} />
            </Card>
            <Card title={t('war.promisesDue')} testId="card-promises-due">
              <strong className="big">{formatCount(b.promises_due_today.count, lng)}</strong>
              <MinorAmounts list={b.promises_due_today.amount} />
            </Card>
            <Card title={t('war.brokenPromises')} testId="card-broken">
              <strong className="big">{formatCount(b.broken_promises.count, lng)}</strong>
              <MinorAmounts list={b.broken_promises.amount} />
            </Card>
            <Card title={t('war.escalations')} testId="card-escalations">
              <strong className="big">{formatCount(b.escalations.count, lng)}</strong>
            </Card>
            <Card title={t('war.attempts')} testId="card-attempts">
              <strong className="big">{formatCount(b.yesterday.attempts, lng)}</strong>
            </Card>
            <Card title={t('war.planned')} testId="card-planned">
              <strong className="big">{formatCount(b.actions_planned.count, lng)}</strong>
            </Card>
          </div>

          <div className="grid-2">
            <section className="panel" aria-labelledby="bucket-chart-title">
              <h2 id="bucket-chart-title">{t('war.bucketChart')}</h2>
              {bucketOption && (
                <Chart option={bucketOption} label={t('war.bucketChart')} testId="bucket-chart" />
              )}
              <BucketTable summary={s} />
            </section>
            <section className="panel" aria-labelledby="segment-chart-title">
              <h2 id="segment-chart-title">{t('war.segmentChart')}</h2>
              {segmentOption && (
                <Chart
                  option={segmentOption}
                  label={t('war.segmentChart')}
                  testId="segment-chart"
                />
              )}
              <ul className="segment-list">
                {b.segments.by_segment.map((g) => (
                  <li key={g.segment} data-segment={g.segment} className={`segment-${g.segment}`}>
                    <span className="dot" aria-hidden="true" />
                    <span>{t(`segments.${g.segment}`, { defaultValue: g.segment })}</span>
                    <span className="num">
                      {formatCount(g.debtors, lng)} · {formatBps(g.share_bps, lng)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </div>

          <div className="grid-2">
            <section className="panel" aria-labelledby="yesterday-title">
              <h2 id="yesterday-title">
                {t('war.yesterdayTitle', { date: formatDate(b.yesterday.date, lng) })}
              </h2>
              <CountTable
                caption={t('war.outcomes')}
                rows={b.yesterday.outcomes}
                label={(k) => t(`outcomes.${k}`, { defaultValue: k })}
                testId="outcomes"
              />
              <CountTable
                caption={t('war.actionsDone')}
                rows={b.yesterday.actions_done}
                label={(k) => k}
                testId="actions-done"
              />
              <CountTable
                caption={t('war.byRule')}
                rows={b.escalations.by_rule}
                label={(k) => k}
                testId="escalations"
              />
            </section>
            <section className="panel" aria-labelledby="promises-title">
              <h2 id="promises-title">{t('war.promisesDue')}</h2>
              <PromiseTable items={b.promises_due_today.items} testId="promises-due" />
              <h2>{t('war.brokenPromises')}</h2>
              <PromiseTable items={b.broken_promises.items} testId="broken-promises" />
            </section>
          </div>

          <div className="grid-2">
            <section className="panel" aria-labelledby="red-title">
              <h2 id="red-title">{t('war.topRed')}</h2>
              <AccountLines
                items={b.top_red_accounts}
                testId="top-red"
                amountLabel={t('account.balance')}
              />
            </section>
            <section className="panel" aria-labelledby="new-title">
              <h2 id="new-title">{t('war.largestNew')}</h2>
              <AccountLines
                items={b.new_delinquencies.largest}
                testId="largest-new"
                amountLabel={t('accounts.overdue')}
              />
            </section>
          </div>

          <QueueLoad />

          <section className="panel" aria-labelledby="kpi-title">
            <h2 id="kpi-title">{t('war.kpis')}</h2>
            {b.kpis_by_unit.length === 0 ? (
              <p className="empty" data-testid="no-kpis">
                {t('war.noKpis')}
              </p>
            ) : (
              <div className="table-wrap">
                <table data-testid="kpis">
                  <thead>
                    <tr>
                      <th scope="col">{t('war.unit')}</th>
                      <th scope="col" className="num">
                        {t('war.collectors')}
                      </th>
                      <th scope="col" className="num">
                        {t('war.kpiAttempts')}
                      </th>
                      <th scope="col" className="num">
                        {t('war.contactRate')}
                      </th>
                      <th scope="col" className="num">
                        {t('war.keptRate')}
                      </th>
                      <th scope="col" className="num">
                        {t('war.recovered')}
                      </th>
                      <th scope="col" className="num">
                        {t('war.target')}
                      </th>
                      <th scope="col" className="num">
                        {t('war.recoveryRate')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.kpis_by_unit.map((k) => (
                      <tr key={k.unit}>
                        <th scope="row">{t(`units.${k.unit}`, { defaultValue: k.unit })}</th>
                        <td className="num">{formatCount(k.collectors, lng)}</td>
                        <td className="num">{formatCount(k.attempts, lng)}</td>
                        <td className="num">{formatBps(k.contact_rate_bps, lng)}</td>
                        <td className="num">{formatBps(k.promise_kept_rate_bps, lng)}</td>
                        <td className="num">
                          <MinorAmounts list={k.recovered} />
                        </td>
                        <td className="num">
                          <MinorAmounts list={k.target} />
                        </td>
                        <td className="num">{formatBps(k.recovery_rate_bps, lng)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function Card(props: { title: string; testId: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="card" data-testid={props.testId} title={props.hint}>
      <h2 className="card-title">{props.title}</h2>
      <div className="card-body">{props.children}</div>
    </div>
  );
}

function BucketTable({ summary }: { summary: PortfolioSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const row = (id: string, label: string, accounts: number) => (
    <tr key={id}>
      <th scope="row">{label}</th>
      <td className="num" data-testid={`bucket-count-${id}`}>
        {formatCount(accounts, lng)}
      </td>
    </tr>
  );
  return (
    <div className="table-wrap">
      <table className="compact" data-testid="bucket-table">
        <caption className="sr-only">{t('war.bucketChart')}</caption>
        <tbody>
          {bucketIds.map((id) =>
            row(
              id,
              t(`buckets.${id}`),
              summary.by_bucket.find((x) => x.bucket === id)?.accounts ?? 0,
            ),
          )}
          {row('pre_due', t('buckets.pre_due'), summary.pre_due.accounts)}
          {row('not_aged', t('buckets.not_aged'), summary.not_aged.accounts)}
          {row('npl', t('war.nplAccounts'), summary.non_performing.accounts)}
          {row('total', t('buckets.total'), summary.total.accounts)}
        </tbody>
      </table>
    </div>
  );
}

function CountTable(props: {
  caption: string;
  rows: Count[];
  label: (k: string) => string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="compact" data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td className="muted">{t('none')}</td>
            </tr>
          ) : (
            props.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{props.label(r.key)}</th>
                <td className="num">{formatCount(r.count, i18n.language)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function PromiseTable({ items, testId }: { items: PromiseLine[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (items.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        {t('none')}
      </p>
    );
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('accounts.account')}</th>
            <th scope="col">{t('war.collector')}</th>
            <th scope="col">{t('war.promisedOn')}</th>
            <th scope="col" className="num">
              {t('war.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={`${p.portfolio}/${p.promise_id}`} data-promise-id={p.promise_id}>
              <td>
                <Link to={accountPath(p.portfolio, p.account_id)}>{p.account_id}</Link>
                <span className="muted small"> {p.portfolio}</span>
              </td>
              <td>{p.collector_id ?? '—'}</td>
              <td>{formatDate(p.promised_on, lng)}</td>
              <td className="num">
                {formatMinor(p.amount_minor, p.currency, lng)}
                {p.paid_minor !== '0' && (
                  <span className="muted small block">
                    {t('war.paid', { amount: formatMinor(p.paid_minor, p.currency, lng) })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AccountLines(props: { items: AccountLine[]; testId: string; amountLabel: string }) {
  const { items, testId } = props;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (items.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        {t('none')}
      </p>
    );
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('accounts.account')}</th>
            <th scope="col">{t('accounts.bucket')}</th>
            <th scope="col" className="num">
              {t('accounts.dpd')}
            </th>
            <th scope="col" className="num">
              {props.amountLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={`${a.portfolio}/${a.account_id}`} data-account-id={a.account_id}>
              <td>
                <Link to={accountPath(a.portfolio, a.account_id)}>{a.account_id}</Link>
                <span className="muted small"> {a.portfolio}</span>
              </td>
              <td>{a.bucket}</td>
              <td className="num">{formatCount(a.dpd, lng)}</td>
              <td className="num">{formatMinor(a.amount_minor, a.currency, lng)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type QueueLoadRow = {
  unit: string;
  agency_id: string | null;
  open_cases: number;
  open_actions: number;
  claimed_cases: number;
  overdue_cases: number;
  oldest_due_on: string | null;
};

/** The supervisor's view of the queues: work due by today per unit and agency. */
function QueueLoad() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const load = useApi<{ today: string; items: QueueLoadRow[] }>('/api/v1/queues');
  return (
    <section className="panel" aria-labelledby="queues-title">
      <h2 id="queues-title">{t('war.queues')}</h2>
      {load.data === null ? (
        <LoadState error={load.error} />
      ) : load.data.items.length === 0 ? (
        <p className="muted" data-testid="queues">
          {t('war.noQueues')}
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="queues">
            <thead>
              <tr>
                <th scope="col">{t('war.unit')}</th>
                <th scope="col" className="num">
                  {t('war.openCases')}
                </th>
                <th scope="col" className="num">
                  {t('war.openActions')}
                </th>
                <th scope="col" className="num">
                  {t('war.claimedCases')}
                </th>
                <th scope="col" className="num">
                  {t('war.overdueCases')}
                </th>
                <th scope="col">{t('war.oldestDue')}</th>
              </tr>
            </thead>
            <tbody>
              {load.data.items.map((q) => (
                <tr key={`${q.unit}/${q.agency_id ?? ''}`} data-unit={q.unit}>
                  <th scope="row">
                    {t(`units.${q.unit}`, { defaultValue: q.unit })}
                    {q.agency_id && <span className="muted small"> · {q.agency_id}</span>}
                  </th>
                  <td className="num">{formatCount(q.open_cases, lng)}</td>
                  <td className="num">{formatCount(q.open_actions, lng)}</td>
                  <td className="num">{formatCount(q.claimed_cases, lng)}</td>
                  <td className="num">{formatCount(q.overdue_cases, lng)}</td>
                  <td>{q.oldest_due_on ? formatDate(q.oldest_due_on, lng) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
