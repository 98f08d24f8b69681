/** Template versions, filtered by status, channel, locale, template or family. */
import type { Db } from '../../../shared/db/types.js';
import {
  listTemplateVersions as listRows,
  type TemplateVersionRow,
  type VersionFilter,
} from '../store.js';

export type ListTemplateVersionsOptions = { db: Db } & VersionFilter;

export async function listTemplateVersions(
  opts: ListTemplateVersionsOptions,
): Promise<TemplateVersionRow[]> {
  const { db, ...filter } = opts;
  return listRows(db, filter);
}
