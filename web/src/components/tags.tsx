/** Small status tags: an arrangement's status, a template's lint result. */
import { useTranslation } from 'react-i18next';

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const tone = ['active', 'approved', 'settled', 'completed'].includes(status)
    ? 'good'
    : ['rejected', 'broken', 'expired', 'cancelled'].includes(status)
      ? 'bad'
      : 'wait';
  return (
    <span className={`tag ${tone}`} data-status={status}>
      {t(`plans.status.${status}`, { defaultValue: status })}
    </span>
  );
}

export function LintCount({ n }: { n: number }) {
  const { t } = useTranslation();
  return n === 0 ? (
    <span className="tag good">{t('comp.clean')}</span>
  ) : (
    <span className="tag bad">{t('comp.findings', { count: n })}</span>
  );
}
