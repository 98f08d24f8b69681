import { describe, expect, it } from 'vitest';
import { demoTemplates } from './demo-templates.js';
import { lintTemplateText } from './lint.js';
import { chooseFamilyMember, defaultFamily, type FamilyMember } from './template-family.js';
import type { MessageChannel, TemplateLocale } from './template.js';

const member = (
  locale: TemplateLocale,
  status: 'approved' | 'retired' | null,
  channel: MessageChannel = 'sms',
  version = 1,
): FamilyMember => ({
  templateId: `reminder-${locale === 'en' ? 'en' : 'zh'}`,
  locale,
  channel,
  decided: status === null ? null : { version, status },
});

describe('chooseFamilyMember', () => {
  const zh = member('zh-CN', 'approved');
  const en = member('en', 'approved', 'sms', 3);
  // members, debtor locale, channel, fallback -> member sent (or reason)
  const cases: Array<
    [string, FamilyMember[], TemplateLocale, MessageChannel, TemplateLocale | null, string]
  > = [
    ['zh debtor gets zh', [zh, en], 'zh-CN', 'sms', null, 'reminder-zh@1'],
    ['en debtor gets en', [zh, en], 'en', 'sms', null, 'reminder-en@3'],
    ['en debtor, only zh, no fallback', [zh], 'en', 'sms', null, 'no_approved_template_for_locale'],
    ['en debtor, only zh, fallback zh', [zh], 'en', 'sms', 'zh-CN', 'reminder-zh@1 (fallback)'],
    ['the fallback is the own locale', [zh], 'en', 'sms', 'en', 'no_approved_template_for_locale'],
    ['own locale wins over the fallback', [zh, en], 'en', 'sms', 'zh-CN', 'reminder-en@3'],
    [
      'a retired member is never sent',
      [zh, member('en', 'retired')],
      'en',
      'sms',
      null,
      'no_approved_template_for_locale',
    ],
    [
      'a member never approved (draft or pending only) is never sent',
      [zh, member('en', null)],
      'en',
      'sms',
      null,
      'no_approved_template_for_locale',
    ],
    [
      'a retired member falls back only by choice',
      [zh, member('en', 'retired')],
      'en',
      'sms',
      'zh-CN',
      'reminder-zh@1 (fallback)',
    ],
    [
      'a fallback member that is retired is not sent either',
      [member('zh-CN', 'retired'), member('en', null)],
      'en',
      'sms',
      'zh-CN',
      'no_approved_template_for_locale',
    ],
    ['a family on another channel', [zh, en], 'zh-CN', 'letter', null, 'template_channel_mismatch'],
    ['no family at all', [], 'zh-CN', 'sms', 'en', 'no_approved_template'],
  ];
  it.each(cases)('%s', (_name, members, locale, channel, fallback, expected) => {
    const c = chooseFamilyMember(members, { locale, channel, fallback });
    expect(c.ok ? `${c.templateId}@${c.version}${c.fallback ? ' (fallback)' : ''}` : c.reason).toBe(
      expected,
    );
  });

  it('never sends a locale other than the debtor’s unless it is the configured fallback', () => {
    const locales: TemplateLocale[] = ['zh-CN', 'en'];
    const statuses = ['approved', 'retired', null] as const;
    for (const want of locales)
      for (const fallback of [null, ...locales])
        for (const a of statuses)
          for (const b of statuses) {
            const c = chooseFamilyMember([member('zh-CN', a), member('en', b)], {
              locale: want,
              channel: 'sms',
              fallback,
            });
            if (c.ok) expect([want, fallback]).toContain(c.locale);
            if (c.ok && c.locale !== want) expect(c.fallback).toBe(true);
          }
  });
});

describe('defaultFamily', () => {
  it.each([
    ['pre-due-reminder-sms-zh', 'zh-CN', 'pre-due-reminder-sms'],
    ['pre-due-reminder-sms-en', 'en', 'pre-due-reminder-sms'],
    ['pre-due-reminder-sms-en', 'zh-CN', 'pre-due-reminder-sms-en'],
    ['letter-zh', 'en', 'letter-zh'],
    ['walk', 'en', 'walk'],
    ['-en', 'en', '-en'],
  ] as const)('%s in %s -> %s', (id, locale, family) => {
    expect(defaultFamily(id, locale)).toBe(family);
  });
});

describe('the demo library', () => {
  const families = new Map<string, typeof demoTemplates>();
  for (const t of demoTemplates) families.set(t.family, [...(families.get(t.family) ?? []), t]);

  it('has every family in zh-CN and en, once each, on one channel', () => {
    for (const [family, members] of families) {
      expect(members.map((m) => m.locale).sort(), family).toEqual(['en', 'zh-CN']);
      expect(new Set(members.map((m) => m.channel)).size, family).toBe(1);
    }
    expect([...families.keys()]).toEqual(
      expect.arrayContaining([
        'pre-due-reminder-sms',
        'overdue-reminder-sms',
        'overdue-notice-letter',
        'overdue-notice-wechat',
        'overdue-notice-email',
      ]),
    );
  });

  it('passes the linter, subject and body', () => {
    for (const t of demoTemplates)
      expect(
        [...lintTemplateText(t.body), ...lintTemplateText(t.subject ?? '')],
        t.templateId,
      ).toEqual([]);
  });

  it('asks of the families the default strategy sends only what an automated send can fill', () => {
    for (const family of ['pre-due-reminder-sms', 'overdue-reminder-sms', 'overdue-notice-letter'])
      for (const t of families.get(family)!) expect(t.body).not.toContain('{{collector_id}}');
  });
});
