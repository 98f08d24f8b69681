import type { Db } from '../../../shared/db/types.js';
import { recordAdministration, type AuditStamp } from '../../audit/index.js';
import type { Briefing } from '../domain/briefing.js';
import { buildBriefing, type BuildBriefingOptions } from './build-briefing.js';

export type BriefingFormat = 'json' | 'csv' | 'pdf' | 'text';

export type ExportBriefingOptions = Omit<BuildBriefingOptions, 'db'> & {
  db: Db;
  /** the format it leaves in */
  format: BriefingFormat;
  /** through the API or the command line */
  via: 'api' | 'cli';
  /** who exports it and when, for the evidence log */
  audit: AuditStamp;
};

/**
 * The war-room briefing for export: built as buildBriefing builds it, and recorded in the evidence
 * log's administration trail (admin_briefing_exported: who, the date, portfolio, format and
 * channel) before the caller hands it out. A briefing that cannot be built records nothing.
 */
export async function exportBriefing(opts: ExportBriefingOptions): Promise<Briefing> {
  const b = await buildBriefing(opts);
  await recordAdministration({
    db: opts.db,
    entry: {
      kind: 'admin_briefing_exported',
      actor: opts.audit.actor,
      occurredAt: opts.audit.at,
      payload: { as_of: b.as_of, portfolio: b.portfolio, format: opts.format, via: opts.via },
    },
  });
  return b;
}
