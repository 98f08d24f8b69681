/**
 * The account's money: balances the ledger proves, payments, every posting with its entries,
 * and the installment plans and settlement offers on the account. Amounts stay strings of minor
 * units (sums in BigInt), formatted per locale.
 */
import { useTranslation } from 'react-i18next';
import {
  query,
  type InstallmentPlan,
  type Ledger,
  type LedgerPosting,
  type Settlement,
} from '../api';
import { LoadState } from '../components/common';
import { settlementColumns } from '../components/columns';
import { DataTable } from '../components/DataTable';
import { StatusTag } from '../components/tags';
import { formatCount, formatDate, formatMinor } from '../format';
import { useApi } from '../use-api';

/** The sum of a posting's entries on one ledger account, in minor units. */
function sumOf(p: LedgerPosting, account: string): bigint {
  return p.entries.reduce(
    (s, e) => (e.ledger_account === account ? s + BigInt(e.amount_minor) : s),
    0n,
  );
}

export function LedgerPanel(props: { portfolioId: number; accountId: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const ledger = useApi<Ledger>(
    `/api/v1/portfolios/${props.portfolioId}/accounts/${encodeURIComponent(props.accountId)}/ledger`,
  );
  const l = ledger.data;
  if (!l)
    return (
      <section className="panel" aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t('ledger.title')}</h2>
        <LoadState error={ledger.error} onRetry={ledger.reload} />
      </section>
    );
  const currency = l.currency ?? props.currency;
  const money = (minor: string) => formatMinor(minor, currency, lng);
  const reversed = new Set(
    l.postings.map((p) => p.reverses_posting_id).filter((id) => id !== null),
  );
  const payments = l.postings.filter((p) => p.kind === 'payment');
  const s = l.summary;
  const summary = [
    { id: 'charged', label: t('ledger.charged'), minor: s.charged_minor },
    { id: 'paid', label: t('ledger.paid'), minor: s.paid_minor },
    { id: 'written_off', label: t('ledger.writtenOff'), minor: s.written_off_minor },
    { id: 'unapplied', label: t('ledger.unapplied'), minor: s.unapplied_minor },
    { id: 'balance', label: t('ledger.balance'), minor: s.balance_minor },
  ];
  return (
    <>
      <div className="grid-2">
        <section className="panel" aria-labelledby="ledger-title" data-testid="ledger-summary">
          <h2 id="ledger-title">{t('ledger.title')}</h2>
          {l.postings.length === 0 ? (
            <p className="muted" data-testid="ledger-empty">
              {t('ledger.notOpened')}
            </p>
          ) : (
            <dl>
              {summary.map((x) => (
                <div className="kv" key={x.id}>
                  <dt>{x.label}</dt>
                  <dd className="num" data-testid={`ledger-${x.id}`}>
                    {money(x.minor)}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section className="panel" aria-labelledby="payments-title">
          <h2 id="payments-title">{t('ledger.payments')}</h2>
          <DataTable
            compact
            testId="payments"
            rows={payments}
            rowKey={(p) => String(p.posting_id)}
            rowData={(p) => ({ 'data-posting-id': String(p.posting_id) })}
            empty={t('ledger.noPayments')}
            columns={[
              { id: 'day', header: t('ledger.paidOn'), cell: (p) => formatDate(p.posted_on, lng) },
              {
                id: 'amount',
                header: t('war.amount'),
                num: true,
                cell: (p) => money(String(sumOf(p, 'cash'))),
              },
              {
                id: 'status',
                header: t('ledger.status'),
                cell: (p) =>
                  reversed.has(p.posting_id) ? (
                    <span className="tag bad">{t('ledger.reversed')}</span>
                  ) : (
                    <span className="tag good">{t('ledger.posted')}</span>
                  ),
              },
              { id: 'memo', header: t('ledger.memo'), cell: (p) => p.memo, narrowHidden: true },
            ]}
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="postings-title">
        <h2 id="postings-title">{t('ledger.postings')}</h2>
        <DataTable
          compact
          testId="postings"
          rows={l.postings}
          rowKey={(p) => String(p.posting_id)}
          rowData={(p) => ({ 'data-kind': p.kind })}
          empty={t('ledger.notOpened')}
          columns={[
            { id: 'id', header: '#', cell: (p) => p.posting_id },
            { id: 'day', header: t('account.event'), cell: (p) => formatDate(p.posted_on, lng) },
            { id: 'kind', header: t('ledger.kind'), cell: (p) => t(`ledger.kinds.${p.kind}`) },
            {
              id: 'receivable',
              header: t('ledger.receivable'),
              num: true,
              cell: (p) => money(String(sumOf(p, 'receivable'))),
            },
            {
              id: 'entries',
              header: t('ledger.entries'),
              cell: (p) => (
                <details>
                  <summary>
                    {p.memo} · {t('ledger.entryCount', { count: p.entries.length })}
                  </summary>
                  <ul className="entries">
                    {p.entries.map((e) => (
                      <li key={e.line}>
                        <span>
                          {t(`ledger.accounts.${e.ledger_account}`)}
                          {e.component && ` · ${t(`ledger.components.${e.component}`)}`}
                        </span>
                        <span className="num">{money(e.amount_minor)}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}

export function ArrangementsPanel(props: { portfolioId: number; accountId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const q = query({ portfolio_id: props.portfolioId, account_id: props.accountId });
  const plans = useApi<{ items: InstallmentPlan[] }>(`/api/v1/installment-plans${q}`);
  const offers = useApi<{ items: Settlement[] }>(`/api/v1/settlements${q}`);
  if (!plans.data || !offers.data)
    return (
      <section className="panel" aria-labelledby="arrangements-title">
        <h2 id="arrangements-title">{t('plans.title')}</h2>
        <LoadState error={plans.error ?? offers.error} />
      </section>
    );
  return (
    <section className="panel" aria-labelledby="arrangements-title" data-testid="arrangements">
      <h2 id="arrangements-title">{t('plans.title')}</h2>
      {plans.data.items.length === 0 && offers.data.items.length === 0 && (
        <p className="muted">{t('plans.none')}</p>
      )}
      {plans.data.items.map((p) => (
        <div key={p.plan_id} className="arrangement" data-plan-id={p.plan_id}>
          <h3>
            {t('plans.plan', { id: p.plan_id })} <StatusTag status={p.status} />
          </h3>
          <p className="muted small">
            {t('plans.terms', {
              count: p.installment_count,
              total: formatMinor(p.total_minor, p.currency, lng),
              agreed: formatDate(p.agreed_on, lng),
              grace: p.grace_days,
            })}
            {p.waived_minor !== '0' &&
              ` · ${t('plans.waived', { amount: formatMinor(p.waived_minor, p.currency, lng) })}`}
          </p>
          <DataTable
            compact
            testId={`schedule-${p.plan_id}`}
            caption={t('plans.schedule')}
            rows={p.schedule ?? []}
            rowKey={(i) => String(i.number)}
            columns={[
              {
                id: 'n',
                header: t('plans.number'),
                rowHeader: true,
                cell: (i) => (i.number === 0 ? t('plans.downPayment') : formatCount(i.number, lng)),
              },
              { id: 'due', header: t('work.due'), cell: (i) => formatDate(i.due_on, lng) },
              {
                id: 'amount',
                header: t('war.amount'),
                num: true,
                cell: (i) => formatMinor(i.amount_minor, p.currency, lng),
              },
            ]}
          />
        </div>
      ))}
      {offers.data.items.length > 0 && (
        <DataTable
          compact
          testId="settlements"
          caption={t('plans.settlements')}
          rows={offers.data.items}
          rowKey={(s) => String(s.settlement_id)}
          rowData={(s) => ({ 'data-settlement-id': String(s.settlement_id) })}
          columns={[
            {
              id: 'offered',
              header: t('plans.offeredOn'),
              cell: (s) => formatDate(s.offered_on, lng),
            },
            ...settlementColumns(t, lng),
            {
              id: 'status',
              header: t('ledger.status'),
              cell: (s) => <StatusTag status={s.status} />,
            },
          ]}
        />
      )}
    </section>
  );
}
