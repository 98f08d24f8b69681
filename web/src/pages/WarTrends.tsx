/** The war room's trends beside the bucket distribution: roll rates and recovery, month by month. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { query, type Trends } from '../api';
import { Chart } from '../components/Chart';
import { LoadState } from '../components/common';
import { DataTable } from '../components/DataTable';
import { formatBps, formatCount, formatMinor, formatMonth } from '../format';
import { useApi } from '../use-api';

const lineColors = ['#3b7d4f', '#d9b43c', '#e09a3a', '#d9782f', '#c95a2b', '#b54327', '#9c2f27'];
/** A rate in basis points as a percentage for a chart axis (not money: a float is fine). */
const percent = (bps: number | null) => (bps === null ? null : bps / 100);

export function WarTrends({ portfolio, asOf }: { portfolio: string; asOf: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const trends = useApi<Trends>(
    `/api/v1/analytics/trends${query({ as_of: asOf, portfolio, months: 6 })}`,
  );
  const d = trends.data;

  const rollOption = useMemo(() => {
    if (!d || d.roll_rates.length === 0) return null;
    const months = [...new Set(d.roll_rates.map((r) => r.month))].sort();
    const buckets = [...new Set(d.roll_rates.map((r) => r.bucket))].filter((b) => b !== 'M7+');
    return {
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', data: months.map((m) => formatMonth(m, lng)) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' }, min: 0 },
      series: buckets.map((b, i) => ({
        type: 'line',
        name: t('war.rollFrom', { bucket: b === 'current' ? t('buckets.current') : b }),
        color: lineColors[i % lineColors.length],
        connectNulls: true,
        data: months.map((m) =>
          percent(d.roll_rates.find((r) => r.month === m && r.bucket === b)?.roll_rate_bps ?? null),
        ),
      })),
    };
  }, [d, t, lng]);

  const recoveryOption = useMemo(() => {
    if (!d || !d.recovery.some((r) => r.recovery_rate_bps !== null)) return null;
    const currencies = [...new Set(d.recovery.map((r) => r.currency))];
    return {
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', data: d.months.map((m) => formatMonth(m, lng)) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' }, min: 0 },
      series: currencies.map((c, i) => ({
        type: 'bar',
        name: c,
        color: ['#1f4e8c', '#3b7d4f', '#c99a06', '#b54327'][i % 4],
        data: d.months.map((m) =>
          percent(
            d.recovery.find((r) => r.month === m && r.currency === c)?.recovery_rate_bps ?? null,
          ),
        ),
      })),
    };
  }, [d, lng]);

  if (!d) return <LoadState error={trends.error} onRetry={trends.reload} />;
  const bucketName = (b: string) => (b === 'current' ? t('buckets.current') : b);
  return (
    <div className="grid-2" data-testid="trends">
      <section className="panel" aria-labelledby="roll-title">
        <h2 id="roll-title">{t('war.rollRates')}</h2>
        <p className="muted small">{t('war.rollRatesHint')}</p>
        {rollOption ? (
          <Chart option={rollOption} label={t('war.rollRates')} testId="roll-chart" />
        ) : (
          <p className="empty" data-testid="no-roll-rates">
            {t('war.noRollRates')}
          </p>
        )}
        {d.roll_rates.length > 0 && (
          <DataTable
            compact
            testId="roll-rates"
            caption={t('war.rollRates')}
            captionHidden
            rows={d.roll_rates}
            rowKey={(r) => `${r.month}/${r.bucket}`}
            rowData={(r) => ({ 'data-month': r.month, 'data-bucket': r.bucket })}
            columns={[
              { id: 'month', header: t('war.month'), cell: (r) => formatMonth(r.month, lng) },
              {
                id: 'bucket',
                header: t('accounts.bucket'),
                rowHeader: true,
                cell: (r) => bucketName(r.bucket),
              },
              {
                id: 'accounts',
                header: t('war.accounts'),
                num: true,
                cell: (r) => formatCount(r.accounts, lng),
              },
              {
                id: 'roll',
                header: t('war.rolledForward'),
                num: true,
                cell: (r) => formatBps(r.roll_rate_bps, lng),
              },
              {
                id: 'cure',
                header: t('war.cured'),
                num: true,
                cell: (r) => formatBps(r.cure_rate_bps, lng),
              },
            ]}
          />
        )}
      </section>
      <section className="panel" aria-labelledby="recovery-title">
        <h2 id="recovery-title">{t('war.recoveryTrend')}</h2>
        <p className="muted small">{t('war.recoveryHint')}</p>
        {recoveryOption ? (
          <Chart option={recoveryOption} label={t('war.recoveryTrend')} testId="recovery-chart" />
        ) : (
          <p className="empty" data-testid="no-recovery-rate">
            {t('war.noRecoveryRate')}
          </p>
        )}
        <DataTable
          compact
          testId="recovery"
          caption={t('war.recoveryTrend')}
          captionHidden
          rows={d.recovery}
          rowKey={(r) => `${r.month}/${r.currency}`}
          rowData={(r) => ({ 'data-month': r.month, 'data-currency': r.currency })}
          empty={t('war.noPayments')}
          columns={[
            {
              id: 'month',
              header: t('war.month'),
              rowHeader: true,
              cell: (r) => formatMonth(r.month, lng),
            },
            {
              id: 'recovered',
              header: t('war.recovered'),
              num: true,
              cell: (r) => formatMinor(r.recovered_minor, r.currency, lng),
            },
            {
              id: 'overdue',
              header: t('war.overdueAtStart'),
              num: true,
              cell: (r) =>
                r.overdue_at_start_minor === null
                  ? '—'
                  : formatMinor(r.overdue_at_start_minor, r.currency, lng),
            },
            {
              id: 'rate',
              header: t('war.recoveryRate'),
              num: true,
              cell: (r) => formatBps(r.recovery_rate_bps, lng),
            },
          ]}
        />
      </section>
    </div>
  );
}
