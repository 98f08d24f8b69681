/**
 * One account: balances, status, the debtor's segment and why, bucket history with a chart, the
 * ledger (balances it proves, payments, postings), plans and settlements, and the debtor's
 * evidence log.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { query, type AccountDetail, type Portfolio } from '../api';
import { Chart } from '../components/Chart';
import { LoadState, Money, useReady } from '../components/common';
import { formatCount, formatDate } from '../format';
import { Link } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { EvidencePanel } from './AccountEvidence';
import { ArrangementsPanel, LedgerPanel } from './AccountMoney';
import { bucketIds } from './WarRoom';

export function AccountView({ portfolio, accountId }: { portfolio: string; accountId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const detail = useApi<AccountDetail>(
    `/api/v1/accounts/${encodeURIComponent(accountId)}${query({ portfolio })}`,
  );
  const { can } = useSession();
  const portfolios = useApi<{ items: Portfolio[] }>('/api/v1/portfolios');
  const a = detail.data;
  const portfolioId =
    portfolios.data?.items.find((p) => p.name === portfolio)?.portfolio_id ?? null;
  useReady(a !== null && portfolioId !== null);

  const historyOption = useMemo(() => {
    if (!a) return null;
    const points = new Map<string, string>();
    for (const s of a.month_end_snapshots) points.set(s.month_end, s.bucket);
    for (const e of a.bucket_events) points.set(e.as_of, e.to_bucket);
    if (a.aged_as_of && a.bucket) points.set(a.aged_as_of, a.bucket);
    const data = [...points].sort(([x], [y]) => (x < y ? -1 : 1));
    return {
      grid: { left: 64, right: 24, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.map(([d]) => formatDate(d, lng)) },
      yAxis: {
        type: 'category',
        data: bucketIds.map((id) => (id === 'current' ? t('buckets.current') : id)),
      },
      series: [
        {
          type: 'line',
          step: 'end',
          symbolSize: 8,
          data: data.map(([, b]) => (b === 'current' ? t('buckets.current') : b)),
          color: '#b54327',
        },
      ],
    };
  }, [a, lng, t]);

  if (!a)
    return (
      <section>
        <Link to="/accounts">← {t('account.back')}</Link>
        <LoadState error={detail.error} onRetry={detail.reload} />
      </section>
    );

  const field = (label: string, value: React.ReactNode, testId?: string) => (
    <div className="kv" key={label}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  const day = (d: string | null) => (d ? formatDate(d, lng) : '—');

  return (
    <section aria-labelledby="account-title">
      <Link to="/accounts">← {t('account.back')}</Link>
      <div className="page-head">
        <h1 id="account-title">{t('account.title', { id: a.account_id })}</h1>
        <p className="muted">
          {a.portfolio} · {a.debtor_id} · {t(`products.${a.product}`, { defaultValue: a.product })}{' '}
          · {t('account.piiNote')}
        </p>
      </div>
      <div className="grid-3">
        <section className="panel" aria-labelledby="balances-title">
          <h2 id="balances-title">{t('account.balances')}</h2>
          <dl>
            {field(
              t('account.principal'),
              <Money amount={a.principal_outstanding} currency={a.currency} />,
            )}
            {field(
              t('account.interest'),
              <Money amount={a.interest_outstanding} currency={a.currency} />,
            )}
            {field(t('account.fees'), <Money amount={a.fees_outstanding} currency={a.currency} />)}
            {field(
              t('account.overdue'),
              <Money amount={a.overdue_amount} currency={a.currency} />,
              'overdue-amount',
            )}
            {field(
              t('account.nextDue'),
              <>
                <Money amount={a.next_due_amount} currency={a.currency} /> {day(a.next_due_date)}
              </>,
            )}
            {field(
              t('account.creditLimit'),
              <Money amount={a.credit_limit} currency={a.currency} />,
            )}
          </dl>
        </section>
        <section className="panel" aria-labelledby="status-title">
          <h2 id="status-title">{t('account.status')}</h2>
          <dl>
            {field(t('accounts.bucket'), a.bucket ?? t('buckets.not_aged'), 'account-bucket')}
            {field(t('accounts.dpd'), a.dpd === null ? '—' : formatCount(a.dpd, lng))}
            {field(t('accounts.riskClass'), a.risk_class ? t(`risk.${a.risk_class}`) : '—')}
            {field(t('accounts.aged'), day(a.aged_as_of))}
            {field(t('account.oldestUnpaid'), day(a.oldest_unpaid_due_date))}
            {field(t('account.originated'), day(a.origination_date))}
            {field(t('account.branch'), [a.branch, a.region].filter(Boolean).join(' · ') || '—')}
            {field(t('account.timezone'), a.timezone)}
          </dl>
        </section>
        <section className="panel" aria-labelledby="segment-title" data-testid="account-segment">
          <h2 id="segment-title">{t('account.segment')}</h2>
          {a.segment === null ? (
            <p className="muted">{t('account.noSegment')}</p>
          ) : (
            <>
              <p
                className={`segment-badge segment-${a.segment.segment}`}
                data-segment={a.segment.segment}
              >
                <span className="dot" aria-hidden="true" />
                {t(`segments.${a.segment.segment}`, { defaultValue: a.segment.segment })}
                <span className="muted small"> · {formatDate(a.segment.as_of, lng)}</span>
              </p>
              <dl>
                {field(t('account.rule'), <code>{a.segment.rule}</code>, 'segment-rule')}
                {field(
                  t('account.facts'),
                  <ul className="facts">
                    {Object.entries(a.segment.facts).map(([k, v]) => (
                      <li key={k}>
                        <code>{k}</code>: {v === null ? '—' : String(v)}
                      </li>
                    ))}
                  </ul>,
                )}
              </dl>
            </>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t('account.history')}</h2>
        {historyOption && (
          <Chart
            option={historyOption}
            label={t('account.history')}
            testId="history-chart"
            height={220}
          />
        )}
        <div className="grid-2">
          <div className="table-wrap">
            <table className="compact" data-testid="bucket-events">
              <caption>{t('account.history')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('account.event')}</th>
                  <th scope="col">{t('account.from')}</th>
                  <th scope="col">{t('account.to')}</th>
                </tr>
              </thead>
              <tbody>
                {a.bucket_events.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      {t('account.noHistory')}
                    </td>
                  </tr>
                ) : (
                  a.bucket_events.map((e) => (
                    <tr key={e.as_of}>
                      <td>{formatDate(e.as_of, lng)}</td>
                      <td>{e.from_bucket ?? '—'}</td>
                      <td>{e.to_bucket}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table className="compact" data-testid="snapshots">
              <caption>{t('account.snapshots')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('account.monthEnd')}</th>
                  <th scope="col">{t('accounts.bucket')}</th>
                  <th scope="col" className="num">
                    {t('accounts.overdue')}
                  </th>
                  <th scope="col" className="num">
                    {t('account.balance')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.month_end_snapshots.length === 0 ? (
                  <tr>
                    <td colSpan={4} className="muted">
                      {t('none')}
                    </td>
                  </tr>
                ) : (
                  a.month_end_snapshots.map((s) => (
                    <tr key={s.month_end}>
                      <td>{formatDate(s.month_end, lng)}</td>
                      <td>{s.bucket}</td>
                      <td className="num">
                        <Money amount={s.overdue_amount} currency={s.currency} />
                      </td>
                      <td className="num">
                        <Money amount={s.balance} currency={s.currency} />
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </div>
      </section>
      {portfolioId !== null && (
        <>
          {can('payments.read') && (
            <LedgerPanel portfolioId={portfolioId} accountId={a.account_id} currency={a.currency} />
          )}
          {can('arrangements.read') && (
            <ArrangementsPanel portfolioId={portfolioId} accountId={a.account_id} />
          )}
          {can('audit.read') && <EvidencePanel portfolioId={portfolioId} debtorId={a.debtor_id} />}
        </>
      )}
    </section>
  );
}
