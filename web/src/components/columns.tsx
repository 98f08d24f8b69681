/** Columns more than one table shows: KPIs (per unit or per collector) and settlement terms. */
import type { TFunction } from 'i18next';
import type { MinorAmount, Settlement, TemplateVersion } from '../api';
import { formatBps, formatCount, formatDate, formatMinor } from '../format';
import { MinorAmounts } from './common';
import type { Column } from './DataTable';

export type KpiFigures = {
  attempts: number;
  contact_rate_bps: number | null;
  promise_kept_rate_bps: number | null;
  recovered: MinorAmount[];
  target: MinorAmount[];
  recovery_rate_bps: number | null;
};

/** Attempts, contact rate, promise kept rate, recovered, target and recovery rate. */
export function kpiColumns<T extends KpiFigures>(t: TFunction, lng: string): Column<T>[] {
  return [
    {
      id: 'attempts',
      header: t('war.kpiAttempts'),
      num: true,
      cell: (k) => formatCount(k.attempts, lng),
    },
    {
      id: 'contact',
      header: t('war.contactRate'),
      num: true,
      cell: (k) => formatBps(k.contact_rate_bps, lng),
    },
    {
      id: 'kept',
      header: t('war.keptRate'),
      num: true,
      cell: (k) => formatBps(k.promise_kept_rate_bps, lng),
    },
    {
      id: 'recovered',
      header: t('war.recovered'),
      num: true,
      cell: (k) => <MinorAmounts list={k.recovered} />,
    },
    {
      id: 'target',
      header: t('war.target'),
      num: true,
      cell: (k) => <MinorAmounts list={k.target} />,
      narrowHidden: true,
    },
    {
      id: 'rate',
      header: t('war.recoveryRate'),
      num: true,
      cell: (k) => formatBps(k.recovery_rate_bps, lng),
    },
  ];
}

/** A settlement offer's amount, discount and expiry. */
export function settlementColumns(t: TFunction, lng: string): Column<Settlement>[] {
  return [
    {
      id: 'amount',
      header: t('war.amount'),
      num: true,
      cell: (s) => formatMinor(s.amount_minor, s.currency, lng),
    },
    {
      id: 'discount',
      header: t('plans.discount'),
      num: true,
      cell: (s) => formatBps(s.discount_bps, lng),
    },
    {
      id: 'expires',
      header: t('plans.expiresOn'),
      cell: (s) => formatDate(s.expires_on, lng),
      narrowHidden: true,
    },
  ];
}

/** A versioned thing's id and version, as code: `reminder v2`. */
export function Versioned({ id, version }: { id: string; version: number }) {
  return (
    <code>
      {id} v{version}
    </code>
  );
}

/** A message template version: its id and version, channel and locale. */
export function templateColumns(t: TFunction): Column<TemplateVersion>[] {
  return [
    {
      id: 'id',
      header: t('comp.template'),
      rowHeader: true,
      cell: (v) => <Versioned id={v.template_id} version={v.version} />,
    },
    {
      id: 'channel',
      header: t('work.channel'),
      cell: (v) => `${t(`channels.${v.channel}`, { defaultValue: v.channel })} · ${v.locale}`,
    },
  ];
}
