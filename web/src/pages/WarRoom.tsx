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
import { kpiColumns } from '../components/columns';
import { DataTable } from '../components/DataTable';
import { QueueLoad } from '../components/QueueLoad';
import { LoadState, MinorAmounts, PortfolioSelect, useReady } from '../components/common';
import { formatBps, formatCount, formatDate, formatMinor } from '../format';
import { accountPath, Link } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { WarTrends } from './WarTrends';

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
  const { can } = useSession();
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

          <WarTrends portfolio={portfolio} asOf={b.as_of} />

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

          {can('queues.read') && <QueueLoad />}

          <section className="panel" aria-labelledby="kpi-title">
            <h2 id="kpi-title">{t('war.kpis')}</h2>
            {b.kpis_by_unit.length === 0 ? (
              <p className="empty" data-testid="no-kpis">
                {t('war.noKpis')}
              </p>
            ) : (
              <DataTable
                testId="kpis"
                rows={b.kpis_by_unit}
                rowKey={(k) => k.unit}
                columns={[
                  {
                    id: 'unit',
                    header: t('war.unit'),
                    rowHeader: true,
                    cell: (k) => t(`units.${k.unit}`, { defaultValue: k.unit }),
                  },
                  {
                    id: 'collectors',
                    header: t('war.collectors'),
                    num: true,
                    cell: (k) => formatCount(k.collectors, lng),
                  },
                  ...kpiColumns<Briefing['kpis_by_unit'][number]>(t, lng),
                ]}
              />
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
  const rows: { id: string; label: string; accounts: number }[] = [
    ...bucketIds.map((id) => ({
      id,
      label: t(`buckets.${id}`),
      accounts: summary.by_bucket.find((x) => x.bucket === id)?.accounts ?? 0,
    })),
    { id: 'pre_due', label: t('buckets.pre_due'), accounts: summary.pre_due.accounts },
    { id: 'not_aged', label: t('buckets.not_aged'), accounts: summary.not_aged.accounts },
    { id: 'npl', label: t('war.nplAccounts'), accounts: summary.non_performing.accounts },
    { id: 'total', label: t('buckets.total'), accounts: summary.total.accounts },
  ];
  return (
    <DataTable
      compact
      noHead
      testId="bucket-table"
      caption={t('war.bucketChart')}
      captionHidden
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { id: 'bucket', header: t('accounts.bucket'), rowHeader: true, cell: (r) => r.label },
        {
          id: 'accounts',
          header: t('war.accounts'),
          num: true,
          cell: (r) => (
            <span data-testid={`bucket-count-${r.id}`}>{formatCount(r.accounts, lng)}</span>
          ),
        },
      ]}
    />
  );
}

function CountTable(props: {
  caption: string;
  rows: Count[];
  label: (k: string) => string;
  testId: string;
}) {
  const { i18n } = useTranslation();
  return (
    <DataTable
      compact
      noHead
      testId={props.testId}
      caption={props.caption}
      rows={props.rows}
      rowKey={(r) => r.key}
      rowData={(r) => ({ 'data-key': r.key })}
      columns={[
        { id: 'key', header: '', rowHeader: true, cell: (r) => props.label(r.key) },
        { id: 'count', header: '', num: true, cell: (r) => formatCount(r.count, i18n.language) },
      ]}
    />
  );
}

function AccountCell({ portfolio, accountId }: { portfolio: string; accountId: string }) {
  return (
    <>
      <Link to={accountPath(portfolio, accountId)}>{accountId}</Link>
      <span className="muted small"> {portfolio}</span>
    </>
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
    <DataTable
      testId={testId}
      rows={items}
      rowKey={(p) => `${p.portfolio}/${p.promise_id}`}
      rowData={(p) => ({ 'data-promise-id': p.promise_id })}
      columns={[
        {
          id: 'account',
          header: t('accounts.account'),
          cell: (p) => <AccountCell portfolio={p.portfolio} accountId={p.account_id} />,
        },
        { id: 'collector', header: t('war.collector'), cell: (p) => p.collector_id ?? '—' },
        { id: 'due', header: t('war.promisedOn'), cell: (p) => formatDate(p.promised_on, lng) },
        {
          id: 'amount',
          header: t('war.amount'),
          num: true,
          cell: (p) => (
            <>
              {formatMinor(p.amount_minor, p.currency, lng)}
              {p.paid_minor !== '0' && (
                <span className="muted small block">
                  {t('war.paid', { amount: formatMinor(p.paid_minor, p.currency, lng) })}
                </span>
              )}
            </>
          ),
        },
      ]}
    />
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
    <DataTable
      testId={testId}
      rows={items}
      rowKey={(a) => `${a.portfolio}/${a.account_id}`}
      rowData={(a) => ({ 'data-account-id': a.account_id })}
      columns={[
        {
          id: 'account',
          header: t('accounts.account'),
          cell: (a) => <AccountCell portfolio={a.portfolio} accountId={a.account_id} />,
        },
        { id: 'bucket', header: t('accounts.bucket'), cell: (a) => a.bucket },
        { id: 'dpd', header: t('accounts.dpd'), num: true, cell: (a) => formatCount(a.dpd, lng) },
        {
          id: 'amount',
          header: props.amountLabel,
          num: true,
          cell: (a) => formatMinor(a.amount_minor, a.currency, lng),
        },
      ]}
    />
  );
}
