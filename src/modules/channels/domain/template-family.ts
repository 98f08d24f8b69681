/**
 * Template families: a bank's message library holds one text per purpose and channel (the family,
 * e.g. pre-due-reminder-sms) in each language it writes (the members, one per locale). An
 * automated message is sent in the debtor's language, from the member whose newest approved text
 * is still approved, on the action's channel. When the debtor's language has no such member, the
 * message falls back to another language only where the bank configured that fallback; otherwise
 * it is not sent. Pure: the caller reads the members and the fallback.
 */
import type { MessageChannel, TemplateLocale } from './template.js';

const localeSuffix: Record<TemplateLocale, string> = { 'zh-CN': '-zh', en: '-en' };

/**
 * The family a template joins when none is named: its id without the suffix of its locale
 * (pre-due-reminder-sms-zh in zh-CN -> pre-due-reminder-sms), else its id.
 */
export function defaultFamily(templateId: string, locale: TemplateLocale): string {
  const suffix = localeSuffix[locale];
  return templateId.endsWith(suffix) && templateId.length > suffix.length
    ? templateId.slice(0, -suffix.length)
    : templateId;
}

/**
 * One member of a family as the store reads it: the template and its newest version that was
 * ever approved (status 'approved', or 'retired' once withdrawn); null when none was. Drafts,
 * pending and rejected versions are proposals: they never decide what is sent.
 */
export type FamilyMember = {
  templateId: string;
  locale: TemplateLocale;
  channel: MessageChannel;
  decided: { version: number; status: 'approved' | 'retired' } | null;
};

export type FamilyChoice =
  | { ok: true; templateId: string; version: number; locale: TemplateLocale; fallback: boolean }
  | {
      ok: false;
      reason:
        'no_approved_template' | 'template_channel_mismatch' | 'no_approved_template_for_locale';
    };

/**
 * The member to send for a debtor who reads `locale`, on `channel`. `fallback` is the locale the
 * bank chose for debtors whose language has no approved member (null: none chosen).
 */
export function chooseFamilyMember(
  members: readonly FamilyMember[],
  want: { locale: TemplateLocale; channel: MessageChannel; fallback: TemplateLocale | null },
): FamilyChoice {
  if (members.length === 0) return { ok: false, reason: 'no_approved_template' };
  const onChannel = members.filter((m) => m.channel === want.channel);
  if (onChannel.length === 0) return { ok: false, reason: 'template_channel_mismatch' };
  const sendable = (locale: TemplateLocale) =>
    onChannel.find((m) => m.locale === locale && m.decided?.status === 'approved');
  const own = sendable(want.locale);
  if (own) return pick(own, false);
  const other =
    want.fallback !== null && want.fallback !== want.locale ? sendable(want.fallback) : undefined;
  if (other) return pick(other, true);
  return { ok: false, reason: 'no_approved_template_for_locale' };
}

function pick(m: FamilyMember, fallback: boolean): FamilyChoice {
  return {
    ok: true,
    templateId: m.templateId,
    version: m.decided!.version,
    locale: m.locale,
    fallback,
  };
}
