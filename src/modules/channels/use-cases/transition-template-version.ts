/**
 * One maker-checker step on a template version: the maker submits it; someone else approves or
 * rejects it (approval refused while the linter finds anything); an approved version is retired.
 * The text is linted again at each step, so a linter that learned a new rule blocks approval of
 * texts written before it. Each step is recorded in the evidence log's administration trail in
 * its transaction (admin_template_submitted, _approved, _rejected, _retired).
 */
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import {
  recordAdministration,
  type AdministrationKind,
  type AuditStamp,
} from '../../audit/index.js';
import { decideTransition, type TemplateAction } from '../domain/template.js';
import { getTemplateVersion, updateVersionStatus, type TemplateVersionRow } from '../store.js';
import { lintVersionText } from './create-template-version.js';

export type TransitionTemplateVersionOptions = {
  db: Db;
  actor: string;
  templateId: string;
  version: number;
  action: TemplateAction;
  note?: string | null;
  /** the signed-in user (`user:<name>`) and the instant, for the evidence log */
  audit: AuditStamp;
};

const recordedAs: Record<TemplateAction, AdministrationKind> = {
  submit: 'admin_template_submitted',
  approve: 'admin_template_approved',
  reject: 'admin_template_rejected',
  retire: 'admin_template_retired',
};

export async function transitionTemplateVersion(
  opts: TransitionTemplateVersionOptions,
): Promise<TemplateVersionRow> {
  const { db, actor, templateId, version, action } = opts;
  return db.transaction(async (tx) => {
    const row = await getTemplateVersion(tx, templateId, version, true);
    if (!row) throw new AppError('not_found', `no template ${templateId} version ${version}`);
    const findings = lintVersionText(row.subject, row.body);
    const result = decideTransition(
      { status: row.status, createdBy: row.created_by },
      action,
      actor,
      findings,
    );
    if (!result.ok)
      throw new AppError(result.code, result.message, {
        reason: result.reason,
        status: row.status,
        action,
        ...(result.reason === 'lint_findings' ? { findings } : {}),
      });
    await updateVersionStatus(tx, {
      templateId,
      version,
      result,
      actor,
      note: opts.note ?? null,
      findings,
    });
    await recordAdministration({
      db: tx,
      entry: {
        kind: recordedAs[action],
        actor: opts.audit.actor,
        occurredAt: opts.audit.at,
        payload: {
          template: templateId,
          version,
          locale: row.locale,
          channel: row.channel,
          maker: row.created_by,
          before: { status: row.status },
          after: { status: result.status },
          note: opts.note ?? null,
        },
      },
    });
    return (await getTemplateVersion(tx, templateId, version))!;
  });
}
