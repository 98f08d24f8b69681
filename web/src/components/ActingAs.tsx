/**
 * Who is acting, until sign-in lands: the person is sent as x-collector-id and, for approvals,
 * their role in the authority matrix as x-collector-role. Remembered with the workbench's choice.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setActingCollector, type Collector } from '../api';
import { useApi } from '../use-api';

const key = 'recourse.collector';

/** The authority-matrix role of a collector: supervisors approve, everyone else proposes. */
export function authorityRole(c: Collector): string {
  return c.role === 'supervisor' ? 'supervisor' : 'collector';
}

export function useActingCollector(): {
  me: Collector | null;
  collectors: Collector[] | null;
  choose: (id: string) => void;
} {
  const list = useApi<{ items: Collector[] }>('/api/v1/collectors');
  const [id, setId] = useState(() => localStorage.getItem(key) ?? '');
  const active = list.data?.items.filter((c) => c.active) ?? null;
  const me = active?.find((c) => c.collector_id === id) ?? null;
  useEffect(() => {
    setActingCollector(me?.collector_id ?? null, me ? authorityRole(me) : null);
  }, [me]);
  const choose = (next: string) => {
    localStorage.setItem(key, next);
    setId(next);
  };
  return { me, collectors: active, choose };
}

export function ActingAs(props: {
  me: Collector | null;
  collectors: Collector[] | null;
  choose: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('work.actingAs')}</span>
      <select
        id="acting-select"
        value={props.me?.collector_id ?? ''}
        onChange={(e) => props.choose(e.target.value)}
      >
        <option value="">{t('work.chooseCollector')}</option>
        {props.collectors?.map((c) => (
          <option key={c.collector_id} value={c.collector_id}>
            {c.display_name} · {t(`roles.${c.role}`, { defaultValue: c.role })}
          </option>
        ))}
      </select>
    </label>
  );
}
