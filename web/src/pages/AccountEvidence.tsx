/** The debtor's evidence log entries, newest first, with what each entry's hash and link show. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query, type EvidenceEntry } from '../api';
import { errorMessage } from '../errors';
import { LoadState } from '../components/common';
import { DataTable } from '../components/DataTable';
import { formatInstant } from '../format';

const pageSize = 20;
type Page = { items: EvidenceEntry[]; next_before: number | null };

/** What an entry records, in words: the gate's decision and its rules, a flag, a message. */
export function EvidenceSummary({ e }: { e: EvidenceEntry }) {
  const { t } = useTranslation();
  const p = e.payload;
  const channel =
    typeof p.channel === 'string' ? t(`channels.${p.channel}`, { defaultValue: p.channel }) : null;
  if (e.kind === 'gate_decision') {
    const rules = Array.isArray(p.rules) ? (p.rules as { code: string }[]) : [];
    const what = [t(p.allowed === true ? 'evidence.allowed' : 'evidence.blocked'), channel]
      .filter(Boolean)
      .join(' · ');
    return p.allowed === true ? (
      <span className="allowed-text">✓ {what}</span>
    ) : (
      <span className="blocked-text">
        ✕{' '}
        {t('evidence.blockedBy', {
          what,
          rules: rules.map((r) => t(`rules.${r.code}`, { defaultValue: r.code })).join(', '),
        })}
      </span>
    );
  }
  if (e.kind === 'debtor_flag' && typeof p.flag === 'string')
    return (
      <span>
        {t(`evidence.flag${p.value === false ? 'Cleared' : 'Set'}`, {
          flag: t(`flagNames.${p.flag}`, { defaultValue: p.flag }),
        })}
      </span>
    );
  if (e.kind === 'compliance_settings' && typeof p.pack === 'string')
    return <span>{t('evidence.settings', { pack: p.pack.toUpperCase() })}</span>;
  return <span>{channel ?? '—'}</span>;
}

export function EvidencePanel(props: { portfolioId: number; debtorId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const base = `/api/v1/portfolios/${props.portfolioId}/debtors/${encodeURIComponent(props.debtorId)}/evidence`;
  const [items, setItems] = useState<EvidenceEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (before: number | null) =>
    api<Page>(`${base}${query({ limit: pageSize, before })}`).then(
      (p) => {
        setItems((list) => [...(before === null ? [] : (list ?? [])), ...p.items]);
        setNext(p.next_before);
      },
      (e: unknown) => setError(errorMessage(e, t)),
    );
  useEffect(() => {
    void load(null);
    // the panel is keyed by the debtor: it loads once
  }, []);
  return (
    <section className="panel" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('evidence.title')}</h2>
      <p className="muted small">{t('evidence.hint', { debtor: props.debtorId })}</p>
      {items === null ? (
        <LoadState error={error} />
      ) : (
        <DataTable
          compact
          testId="evidence"
          rows={items}
          rowKey={(e) => String(e.seq)}
          rowData={(e) => ({ 'data-seq': String(e.seq), 'data-verification': e.verification })}
          empty={t('evidence.none')}
          columns={[
            { id: 'seq', header: '#', cell: (e) => e.seq },
            { id: 'at', header: t('evidence.at'), cell: (e) => formatInstant(e.occurred_at, lng) },
            {
              id: 'kind',
              header: t('evidence.kind'),
              cell: (e) => t(`evidence.kinds.${e.kind}`, { defaultValue: e.kind }),
            },
            { id: 'what', header: t('evidence.what'), cell: (e) => <EvidenceSummary e={e} /> },
            { id: 'actor', header: t('evidence.actor'), cell: (e) => e.actor, narrowHidden: true },
            {
              id: 'verification',
              header: t('evidence.verification'),
              cell: (e) => (
                <span
                  className={`tag ${e.verification === 'altered' || e.verification === 'unlinked' ? 'bad' : 'good'}`}
                  title={`SHA-256 ${e.entry_hash}`}
                >
                  {t(`evidence.status.${e.verification}`, { checkpoint: e.checkpoint_id ?? '' })}
                </span>
              ),
            },
          ]}
        />
      )}
      {next !== null && (
        <button
          type="button"
          className="secondary"
          id="evidence-more"
          onClick={() => void load(next)}
        >
          {t('accounts.loadMore')}
        </button>
      )}
    </section>
  );
}
