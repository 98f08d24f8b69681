/**
 * A maker writes a template version: a new template (version 1) or the next version of one. The
 * text is linted and the findings kept with the version (approval waits until there are none);
 * a placeholder naming an unknown variable is refused outright. A new template joins a family
 * (named, or its id less its locale suffix): one template per locale, all on one channel.
 */
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { ChannelRefusal } from '../domain/refusals.js';
import { lintTemplateText, type LintFinding } from '../domain/lint.js';
import { defaultFamily } from '../domain/template-family.js';
import type { MessageChannel, TemplateLocale } from '../domain/template.js';
import { placeholderProblems } from '../domain/template-text.js';
import {
  familyTemplates,
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
  /** The family a new template joins (default: its id without -zh / -en); an existing one keeps its own. */
  family?: string;
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
    if (!existing) {
      const family = opts.family ?? defaultFamily(templateId, locale);
      const members = await familyTemplates(tx, family);
      const same = members.find((m) => m.locale === locale);
      if (same)
        throw new AppError(
          'conflict',
          `family ${family} has its ${locale} template already (${same.template_id}): write a new version of it`,
          {
            family,
            locale,
            template_id: same.template_id,
            reason: 'family_locale_taken' satisfies ChannelRefusal,
          },
        );
      const other = members.find((m) => m.channel !== channel);
      if (other)
        throw new AppError(
          'conflict',
          `family ${family} is on ${other.channel}: every template of a family is on one channel`,
          {
            family,
            channel: other.channel,
            reason: 'family_channel_mismatch' satisfies ChannelRefusal,
          },
        );
      await insertTemplate(tx, { templateId, family, locale, channel, createdBy: actor });
    } else if (existing.locale !== locale || existing.channel !== channel)
      throw new AppError(
        'conflict',
        `template ${templateId} is ${existing.locale} ${existing.channel}: a version cannot change its locale or channel`,
        {
          locale: existing.locale,
          channel: existing.channel,
          reason: 'template_locale_fixed' satisfies ChannelRefusal,
        },
      );
    else if (opts.family !== undefined && opts.family !== existing.family)
      throw new AppError(
        'conflict',
        `template ${templateId} is in family ${existing.family}: a version cannot change its family`,
        { family: existing.family, reason: 'template_family_fixed' satisfies ChannelRefusal },
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
