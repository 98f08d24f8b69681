/** Small shared pieces: amounts per currency, loading and error states, the portfolio picker. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Amount, MinorAmount, Portfolio } from '../api';
import { formatMinor, formatMoney } from '../format';
import { useApi } from '../use-api';

export function MinorAmounts({ list, testId }: { list: MinorAmount[]; testId?: string }) {
  const { i18n } = useTranslation();
  if (list.length === 0)
    return (
      <span className="muted" data-testid={testId}>
        —
      </span>
    );
  return (
    <span className="amounts" data-testid={testId}>
      {list.map((a) => (
        <span key={a.currency} className="amount">
          {formatMinor(a.minor, a.currency, i18n.language)}
        </span>
      ))}
    </span>
  );
}

export function DecimalAmounts({ list }: { list: Amount[] }) {
  const { i18n } = useTranslation();
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <span className="amounts">
      {list.map((a) => (
        <span key={a.currency} className="amount">
          {formatMoney(a.amount, a.currency, i18n.language)}
        </span>
      ))}
    </span>
  );
}

export function Money({ amount, currency }: { amount: string | null; currency: string }) {
  const { i18n } = useTranslation();
  if (amount === null) return <span className="muted">—</span>;
  return <span className="amount">{formatMoney(amount, currency, i18n.language)}</span>;
}

export function LoadState({ error, onRetry }: { error: string | null; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error)
    return (
      <p className="error" role="alert">
        {t('error', { message: error })}{' '}
        {onRetry && (
          <button type="button" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
      </p>
    );
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

export function PortfolioSelect({
  value,
  onChange,
  id = 'portfolio-select',
}: {
  value: string;
  onChange: (v: string) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const portfolios = useApi<{ items: Portfolio[] }>('/api/v1/portfolios');
  return (
    <label className="field">
      <span>{t('portfolio')}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('allPortfolios')}</option>
        {portfolios.data?.items.map((p) => (
          <option key={p.portfolio_id} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Marks the page ready (body[data-ready]) once its data is in, for tests and screen readers. */
export function useReady(when: boolean): void {
  useEffect(() => {
    if (when) document.body.dataset.ready = 'true';
    else delete document.body.dataset.ready;
  }, [when]);
}
