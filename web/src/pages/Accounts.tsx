/** The account list: bucket / risk-class / portfolio filters and keyset paging. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query, type Account } from '../api';
import { errorMessage } from '../errors';
import { LoadState, Money, PortfolioSelect, useReady } from '../components/common';
import { formatCount, formatDate } from '../format';
import { accountPath, Link } from '../router';
import { bucketIds } from './WarRoom';

const pageSize = 50;
const riskIds = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
const filterIds = ['all', 'pre_due', ...bucketIds] as const;
type Filter = (typeof filterIds)[number];

type Page = { items: Account[]; next_cursor: string | null };

export function Accounts() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [portfolio, setPortfolio] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [risk, setRisk] = useState('');
  const [rows, setRows] = useState<Account[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const base = {
    portfolio,
    bucket: filter === 'all' || filter === 'pre_due' ? undefined : filter,
    pre_due: filter === 'pre_due' ? 'true' : undefined,
    risk_class: risk,
    limit: pageSize,
  };
  const key = query(base);

  useEffect(() => {
    let live = true;
    setRows(null);
    setError(null);
    api<Page>(`/api/v1/accounts${key}`).then(
      (p) => {
        if (!live) return;
        setRows(p.items);
        setCursor(p.next_cursor);
      },
      (e: unknown) => live && setError(errorMessage(e, t)),
    );
    return () => {
      live = false;
    };
  }, [key]);
  useReady(rows !== null);

  const loadMore = async () => {
    if (cursor === null) return;
    setBusy(true);
    try {
      const p = await api<Page>(`/api/v1/accounts${query({ ...base, cursor })}`);
      setRows((r) => [...(r ?? []), ...p.items]);
      setCursor(p.next_cursor);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="accounts-title">
      <div className="page-head">
        <h1 id="accounts-title">{t('accounts.title')}</h1>
        <div className="toolbar">
          <PortfolioSelect value={portfolio} onChange={setPortfolio} />
          <label className="field">
            <span>{t('accounts.riskClass')}</span>
            <select id="risk-select" value={risk} onChange={(e) => setRisk(e.target.value)}>
              <option value="">{t('all')}</option>
              {riskIds.map((id) => (
                <option key={id} value={id}>
                  {t(`risk.${id}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="chips" role="group" aria-label={t('accounts.filter')}>
        {filterIds.map((id) => (
          <button
            key={id}
            type="button"
            className="chip"
            data-filter={id}
            aria-pressed={filter === id}
            onClick={() => setFilter(id)}
          >
            {id === 'all'
              ? t('all')
              : id === 'pre_due' || id === 'current'
                ? t(`buckets.${id}`)
                : id}
          </button>
        ))}
      </div>
      {rows === null ? (
        <LoadState error={error} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('accounts.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table id="accounts-table">
            <caption className="sr-only">{t('accounts.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.account')}</th>
                <th scope="col">{t('portfolio')}</th>
                <th scope="col" className="hide-narrow">
                  {t('accounts.debtor')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('accounts.product')}
                </th>
                <th scope="col">{t('accounts.bucket')}</th>
                <th scope="col" className="num">
                  {t('accounts.dpd')}
                </th>
                <th scope="col">{t('accounts.riskClass')}</th>
                <th scope="col" className="num">
                  {t('accounts.overdue')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('accounts.aged')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={`${a.portfolio}/${a.account_id}`} data-account-id={a.account_id}>
                  <td>
                    <Link to={accountPath(a.portfolio, a.account_id)}>{a.account_id}</Link>
                  </td>
                  <td>{a.portfolio}</td>
                  <td className="hide-narrow">{a.debtor_id}</td>
                  <td className="hide-narrow">
                    {t(`products.${a.product}`, { defaultValue: a.product })}
                  </td>
                  <td>
                    {a.bucket === null ? (
                      <span className="muted">{t('buckets.not_aged')}</span>
                    ) : (
                      <span className={`tag bucket-${a.bucket.replace('+', 'p')}`}>{a.bucket}</span>
                    )}
                    {a.pre_due && <span className="tag pre-due">{t('buckets.pre_due')}</span>}
                  </td>
                  <td className="num">{a.dpd === null ? '—' : formatCount(a.dpd, lng)}</td>
                  <td>{a.risk_class === null ? '—' : t(`risk.${a.risk_class}`)}</td>
                  <td className="num">
                    <Money amount={a.overdue_amount} currency={a.currency} />
                  </td>
                  <td className="hide-narrow">
                    {a.aged_as_of ? formatDate(a.aged_as_of, lng) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && rows !== null && <LoadState error={error} />}
      <div className="pager">
        <span className="muted" aria-live="polite">
          {rows !== null && t('accounts.shown', { count: rows.length })}
        </span>
        {cursor !== null && rows !== null && (
          <button type="button" id="load-more" onClick={loadMore} disabled={busy}>
            {t('accounts.loadMore')}
          </button>
        )}
      </div>
    </section>
  );
}
