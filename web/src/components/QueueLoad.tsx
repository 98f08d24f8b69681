/** The queues' load for a supervisor: work due by today per unit and agency. */
import { useTranslation } from 'react-i18next';
import type { QueueLoadRow } from '../api';
import { formatCount, formatDate } from '../format';
import { useApi } from '../use-api';
import { LoadState } from './common';
import { DataTable } from './DataTable';

export function QueueLoad({ titleId = 'queues-title' }: { titleId?: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const load = useApi<{ today: string; items: QueueLoadRow[] }>('/api/v1/queues');
  const count = (id: keyof QueueLoadRow & string, header: string) => ({
    id,
    header,
    num: true,
    cell: (q: QueueLoadRow) => formatCount(q[id] as number, lng),
  });
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('war.queues')}</h2>
      {load.data === null ? (
        <LoadState error={load.error} />
      ) : load.data.items.length === 0 ? (
        <p className="muted" data-testid="queues">
          {t('war.noQueues')}
        </p>
      ) : (
        <DataTable
          testId="queues"
          rows={load.data.items}
          rowKey={(q) => `${q.unit}/${q.agency_id ?? ''}`}
          rowData={(q) => ({ 'data-unit': q.unit })}
          columns={[
            {
              id: 'unit',
              header: t('war.unit'),
              rowHeader: true,
              cell: (q) => (
                <>
                  {t(`units.${q.unit}`, { defaultValue: q.unit })}
                  {q.agency_id && <span className="muted small"> · {q.agency_id}</span>}
                </>
              ),
            },
            count('open_cases', t('war.openCases')),
            count('open_actions', t('war.openActions')),
            count('claimed_cases', t('war.claimedCases')),
            count('overdue_cases', t('war.overdueCases')),
            {
              id: 'oldest',
              header: t('war.oldestDue'),
              cell: (q) => (q.oldest_due_on ? formatDate(q.oldest_due_on, lng) : '—'),
            },
          ]}
        />
      )}
    </section>
  );
}
