import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { demoTemplates } from '../domain/demo-templates.js';
import {
  createTemplateVersion,
  type CreateTemplateVersionOptions,
} from './create-template-version.js';
import { lintText } from './lint-text.js';
import { listTemplateVersions } from './list-template-versions.js';
import { seedDemoTemplates } from './seed-demo-templates.js';
import { transitionTemplateVersion } from './transition-template-version.js';

/** who acts in the administration trail, and when */
const stamp = { actor: 'user:templates-test', at: new Date('2026-11-25T02:00:00Z') };

const clean = {
  locale: 'en' as const,
  channel: 'sms' as const,
  subject: null,
  body: '{{bank_name}}: {{amount_due}} is due on {{due_date}}. Call {{bank_hotline}}.',
};

describe.each(engines)('template library on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());

  it('walks draft -> pending -> approved -> retired with a maker and a checker', async () => {
    const v1 = await createTemplateVersion({
      db: f.db,
      actor: 'maker-1',
      templateId: 'walk',
      ...clean,
    });
    expect(v1).toMatchObject({
      version: 1,
      status: 'draft',
      lint_findings: [],
      created_by: 'maker-1',
    });
    const step = (actor: string, action: 'submit' | 'approve' | 'reject' | 'retire') =>
      transitionTemplateVersion({
        audit: stamp,
        db: f.db,
        actor,
        templateId: 'walk',
        version: 1,
        action,
      });
    expect((await step('maker-1', 'submit')).status).toBe('pending_approval');
    const approved = await step('checker-2', 'approve');
    expect(approved).toMatchObject({ status: 'approved', decided_by: 'checker-2' });
    expect(approved.decided_at).toBeInstanceOf(Date);
    const v2 = await createTemplateVersion({
      db: f.db,
      actor: 'maker-3',
      templateId: 'walk',
      ...clean,
      body: clean.body + ' Thanks.',
    });
    expect(v2.version).toBe(2);
    expect((await step('checker-2', 'retire')).status).toBe('retired');
  });

  it('refuses self-approval and self-rejection (409) and submission by another person', async () => {
    await createTemplateVersion({ db: f.db, actor: 'maker-1', templateId: 'self', ...clean });
    await expect(
      transitionTemplateVersion({
        audit: stamp,
        db: f.db,
        actor: 'other',
        templateId: 'self',
        version: 1,
        action: 'submit',
      }),
    ).rejects.toMatchObject({ code: 'conflict', details: { reason: 'not_maker' } });
    await transitionTemplateVersion({
      audit: stamp,
      db: f.db,
      actor: 'maker-1',
      templateId: 'self',
      version: 1,
      action: 'submit',
    });
    for (const action of ['approve', 'reject'] as const)
      await expect(
        transitionTemplateVersion({
          audit: stamp,
          db: f.db,
          actor: 'maker-1',
          templateId: 'self',
          version: 1,
          action,
        }),
      ).rejects.toMatchObject({
        code: 'conflict',
        httpStatus: 409,
        details: { reason: 'self_approval' },
      });
    const [row] = await listTemplateVersions({ db: f.db, templateId: 'self' });
    expect(row!.status).toBe('pending_approval');
  });

  it('refuses approval while lint findings exist, naming them; rejection is allowed', async () => {
    const v = await createTemplateVersion({
      db: f.db,
      actor: 'maker-1',
      templateId: 'dirty',
      locale: 'zh-CN',
      channel: 'sms',
      subject: null,
      body: '{{debtor_name}}，再不还{{amount_due}}就通知你的家人',
    });
    expect(v.lint_findings.map((x) => x.rule)).toEqual(['third_party_pressure']);
    await transitionTemplateVersion({
      audit: stamp,
      db: f.db,
      actor: 'maker-1',
      templateId: 'dirty',
      version: 1,
      action: 'submit',
    });
    await expect(
      transitionTemplateVersion({
        audit: stamp,
        db: f.db,
        actor: 'checker',
        templateId: 'dirty',
        version: 1,
        action: 'approve',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: {
        reason: 'lint_findings',
        findings: [{ rule: 'third_party_pressure', phrase: '家人' }],
      },
    });
    const rejected = await transitionTemplateVersion({
      audit: stamp,
      db: f.db,
      actor: 'checker',
      templateId: 'dirty',
      version: 1,
      action: 'reject',
      note: 'threatens family',
    });
    expect(rejected).toMatchObject({ status: 'rejected', decision_note: 'threatens family' });
  });

  it('refuses unknown variables, a missing subject for email, and a changed channel', async () => {
    await expect(
      createTemplateVersion({
        db: f.db,
        actor: 'm',
        templateId: 'vars',
        ...clean,
        body: 'Pay {{salary}} now',
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'body', text: '{{salary}}' }],
    });
    await expect(
      createTemplateVersion({
        db: f.db,
        actor: 'm',
        templateId: 'mail',
        ...clean,
        channel: 'email',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await createTemplateVersion({ db: f.db, actor: 'm', templateId: 'chan', ...clean });
    await expect(
      createTemplateVersion({
        db: f.db,
        actor: 'm',
        templateId: 'chan',
        ...clean,
        channel: 'wechat',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps approved versions immutable in the database itself', async () => {
    await createTemplateVersion({ db: f.db, actor: 'maker-1', templateId: 'frozen', ...clean });
    await transitionTemplateVersion({
      audit: stamp,
      db: f.db,
      actor: 'maker-1',
      templateId: 'frozen',
      version: 1,
      action: 'submit',
    });
    // pending: its text is already frozen
    await expect(
      f.db.execute(
        `UPDATE message_template_versions SET body = 'changed' WHERE template_id = 'frozen'`,
      ),
    ).rejects.toThrow(/immutable/);
    await transitionTemplateVersion({
      audit: stamp,
      db: f.db,
      actor: 'checker',
      templateId: 'frozen',
      version: 1,
      action: 'approve',
    });
    for (const sql of [
      `UPDATE message_template_versions SET body = 'Pay now' WHERE template_id = 'frozen'`,
      `UPDATE message_template_versions SET subject = 'x' WHERE template_id = 'frozen'`,
      `UPDATE message_template_versions SET status = 'draft' WHERE template_id = 'frozen'`,
      `UPDATE message_template_versions SET decided_by = 'maker-1' WHERE template_id = 'frozen'`,
      `DELETE FROM message_template_versions WHERE template_id = 'frozen'`,
    ])
      await expect(f.db.execute(sql), sql).rejects.toThrow(/immutable|cannot be deleted/);
    // the maker-checker rule also holds in the table: nobody approves their own text
    await expect(
      f.db.execute(
        `INSERT INTO message_template_versions (template_id, version, body, status, created_by, decided_by)
         VALUES ('frozen', 2, 'x', 'approved', 'a', 'a')`,
      ),
    ).rejects.toThrow();
    const [row] = await listTemplateVersions({ db: f.db, templateId: 'frozen' });
    expect(row).toMatchObject({ status: 'approved', body: clean.body });
  });

  it('seeds the demo library once, approved, and message lint accepts only its renderings', async () => {
    expect(await f.db.transaction((tx) => seedDemoTemplates({ tx }))).toEqual({
      inserted: demoTemplates.length,
    });
    expect(await f.db.transaction((tx) => seedDemoTemplates({ tx }))).toEqual({ inserted: 0 });
    const approved = await listTemplateVersions({ db: f.db, status: 'approved' });
    for (const t of demoTemplates)
      expect(approved.some((v) => v.template_id === t.templateId && v.locale === t.locale)).toBe(
        true,
      );
    expect(
      await lintText({
        db: f.db,
        mode: 'message',
        text: '【示例银行】李四您好，我们已于2026年11月20日收到您尾号8888账户的还款¥500.00，感谢您的配合。咨询请致电95555。',
      }),
    ).toEqual([]);
    const free = await lintText({ db: f.db, mode: 'message', text: '李四，快还钱' });
    expect(free.map((x) => x.rule)).toEqual(['free_text']);
    // each in its family
    for (const t of demoTemplates)
      expect(approved.find((v) => v.template_id === t.templateId)?.family).toBe(t.family);
  });

  it('puts a template in a family: one per locale, one channel, never moved', async () => {
    const write = (
      templateId: string,
      over: Partial<Omit<CreateTemplateVersionOptions, 'db' | 'actor' | 'templateId'>> = {},
    ) => createTemplateVersion({ db: f.db, actor: 'maker-1', templateId, ...clean, ...over });
    expect((await write('notice-en')).family).toBe('notice');
    expect((await write('notice-zh', { locale: 'zh-CN' })).family).toBe('notice');
    expect((await write('chosen-name', { family: 'kind-words' })).family).toBe('kind-words');
    // the family already has its en template
    await expect(write('notice-en-2', { family: 'notice' })).rejects.toMatchObject({
      code: 'conflict',
      details: {
        family: 'notice',
        locale: 'en',
        template_id: 'notice-en',
        reason: 'family_locale_taken',
      },
    });
    // a family is on one channel
    await expect(
      write('kind-words-zh', {
        family: 'kind-words',
        locale: 'zh-CN',
        channel: 'letter',
        subject: 'x',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: { channel: 'sms', reason: 'family_channel_mismatch' },
    });
    // a next version stays in its family
    await expect(write('notice-en', { family: 'other' })).rejects.toMatchObject({
      code: 'conflict',
      details: { family: 'notice', reason: 'template_family_fixed' },
    });
    expect((await write('notice-en', { family: 'notice' })).version).toBe(2);
    const family = await listTemplateVersions({ db: f.db, family: 'notice' });
    expect(family.map((v) => [v.template_id, v.version, v.locale])).toEqual([
      ['notice-en', 1, 'en'],
      ['notice-en', 2, 'en'],
      ['notice-zh', 1, 'zh-CN'],
    ]);
    // SQL that predates families gets the same default family, and the same uniqueness
    await f.db.execute(
      `INSERT INTO message_templates (template_id, locale, channel, created_by)
       VALUES ('legacy-letter-zh', 'zh-CN', 'letter', 'maker')`,
    );
    const [legacy] = await f.db.query<{ family: string }>(
      "SELECT family FROM message_templates WHERE template_id = 'legacy-letter-zh'",
    );
    expect(legacy).toEqual({ family: 'legacy-letter' });
    await expect(
      f.db.execute(
        `INSERT INTO message_templates (template_id, family, locale, channel, created_by)
         VALUES ('again', 'legacy-letter', 'zh-CN', 'letter', 'maker')`,
      ),
    ).rejects.toThrow(/message_templates_family_locale/);
  });
});
