/**
 * The one table of the app: columns declared once (header, cell, numeric or not, row header),
 * a caption (visible or for screen readers only), an empty state, and data-* attributes per row
 * for tests. Wrapped so a wide table scrolls inside its panel, never the page.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Column<T> = {
  /** Unique within the table. */
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned, tabular figures. */
  num?: boolean;
  /** The cell names the row (a <th scope="row">). */
  rowHeader?: boolean;
  /** Hidden on narrow screens (under 900 px). */
  narrowHidden?: boolean;
};

export type DataTableProps<T> = {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  caption?: string;
  /** The caption only for screen readers. */
  captionHidden?: boolean;
  /** No header row: key-value tables whose first column names the row. */
  noHead?: boolean;
  compact?: boolean;
  testId?: string;
  id?: string;
  /** data-* attributes of a row. */
  rowData?: (row: T) => Record<`data-${string}`, string>;
  /** Shown in place of the rows when there are none (default: "None"). */
  empty?: ReactNode;
};

export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const { rows, columns } = props;
  const cls = (c: Column<T>) =>
    [c.num ? 'num' : '', c.narrowHidden ? 'hide-narrow' : ''].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className="table-wrap">
      <table
        className={props.compact ? 'compact' : undefined}
        data-testid={props.testId}
        id={props.id}
      >
        {props.caption && (
          <caption className={props.captionHidden ? 'sr-only' : undefined}>{props.caption}</caption>
        )}
        {!props.noHead && (
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.id} scope="col" className={cls(c)}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                {props.empty ?? t('none')}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={props.rowKey(row)} {...props.rowData?.(row)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.id} scope="row" className={cls(c)}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.id} className={cls(c)}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
