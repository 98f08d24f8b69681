/**
 * A maker writes a template version: a new template (version 1) or the next version of one. The
 * text is linted and the findings kept with the version (approval waits until there are none);
 * a placeholder naming an unknown variable is refused outright.
 */
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { lintTemplateText, type LintFinding } from '../domain/lint.js';
import type { MessageChannel, TemplateLocale } from '../domain/template.js';
import { placeholderProblems } from '../domain/template-text.js';
import {
  findTemplate,
  getTemplateVersion,
  insertTemplate,
  insertTemplateVersion,
  type TemplateVersionRow,
} from '../store.js';

export type CreateTemplateVersionOptions = {
  db: Db;
  /** The maker. */
  actor: string;
  templateId: string;
  locale: TemplateLocale;
  channel: MessageChannel;
  subject: string | null;
  body: string;
};

/** Findings of a version's subject and body; a subject finding's offsets are in the subject. */
export function lintVersionText(
  subject: string | null,
  body: string,
): Array<LintFinding & { field: 'subject' | 'body' }> {
  return [
    ...(subject === null ? [] : lintTemplateText(subject)).map((f) => ({
      ...f,
      field: 'subject' as const,
    })),
    ...lintTemplateText(body).map((f) => ({ ...f, field: 'body' as const })),
  ];
}

export async function createTemplateVersion(
  opts: CreateTemplateVersionOptions,
): Promise<TemplateVersionRow> {
  const { db, actor, templateId, locale, channel, subject, body } = opts;
  const unknown = [
    ...(subject === null ? [] : placeholderProblems(subject)).map((p) => ({
      field: 'subject',
      ...p,
    })),
    ...placeholderProblems(body).map((p) => ({ field: 'body', ...p })),
  ];
  if (unknown.length > 0)
    throw new AppError(
      'validation_failed',
      `unknown or malformed placeholders: ${unknown.map((u) => u.text).join(', ')}`,
      unknown,
    );
  if ((channel === 'email' || channel === 'letter') && subject === null)
    throw new AppError('validation_failed', `a ${channel} template needs a subject`, [
      { field: 'subject', message: 'required for email and letter' },
    ]);
  if (channel === 'sms' && subject !== null)
    throw new AppError('validation_failed', 'an sms template has no subject', [
      { field: 'subject', message: 'must be absent for sms' },
    ]);
  const findings = lintVersionText(subject, body);
  return db.transaction(async (tx) => {
    const existing = await findTemplate(tx, templateId);
    if (!existing) await insertTemplate(tx, { templateId, locale, channel, createdBy: actor });
    else if (existing.locale !== locale || existing.channel !== channel)
      throw new AppError(
        'conflict',
        `template ${templateId} is ${existing.locale} ${existing.channel}: a version cannot change its locale or channel`,
      );
    const version = await insertTemplateVersion(tx, {
      templateId,
      subject,
      body,
      createdBy: actor,
      findings,
    });
    return (await getTemplateVersion(tx, templateId, version))!;
  });
}
