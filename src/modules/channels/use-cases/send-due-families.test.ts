/**
 * Automated sends naming a template family: the debtor's language picks the member, through the
 * real store and the live gate. Debtors D1 (zh-CN) and D2 (en) have a phone and an address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSender } from '../../../shared/config.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedDebtors, testCipher } from '../../compliance/testing.js';
import { insertActions } from '../../queues/testing.js';
import { createTemplateVersion } from './create-template-version.js';
import { seedDemoTemplates } from './seed-demo-templates.js';
import { sendDueActions } from './send-due-actions.js';
import { setFallbackLocale } from './set-fallback-locale.js';
import { transitionTemplateVersion } from './transition-template-version.js';

const shanghai = 'Asia/Shanghai';
const sender = { bankName: 'Example Bank', bankHotline: '95555', optOut: 'Reply STOP to opt out' };
type Sender = Parameters<typeof sendDueActions>[0]['sender'];

describe.each(engines)('sendDueActions with template families on %s', (engine) => {
  let f: FreshDatabase;
  let portfolioId: bigint;
  let day = 0;

  beforeAll(async () => {
    f = await freshDatabase(engine);
    await f.db.transaction((tx) => seedDemoTemplates({ tx }));
    portfolioId = await seedDebtors(
      f.db,
      'retail',
      ['D1', 'D2'].map((d) => ({
        debtorId: d,
        timeZone: shanghai,
        country: 'CN',
        accounts: [`A${d.slice(1)}`],
      })),
    );
    await f.db.execute(
      "UPDATE debtors SET language = 'zh-CN', name = '王芳' WHERE portfolio_id = $1 AND debtor_id = 'D1'",
      [portfolioId],
    );
    for (const n of ['1', '2'])
      await f.db.execute(
        'UPDATE accounts SET pii_sealed = $3 WHERE portfolio_id = $1 AND account_id = $2',
        [
          portfolioId,
          `A${n}`,
          testCipher.encrypt(JSON.stringify({ phone: `+86138001380${n}0`, address: 'Road 1' })),
        ],
      );
    // a family with only a zh-CN member approved: its en member is written and pending
    const write = (templateId: string, locale: 'zh-CN' | 'en', body: string) =>
      createTemplateVersion({
        db: f.db,
        actor: 'maker',
        templateId,
        family: 'courtesy-sms',
        locale,
        channel: 'sms',
        subject: null,
        body,
      });
    await write(
      'courtesy-sms-zh',
      'zh-CN',
      '【{{bank_name}}】{{debtor_name}}您好，请致电{{bank_hotline}}。',
    );
    await write(
      'courtesy-sms-en',
      'en',
      '{{bank_name}}: Dear {{debtor_name}}, please call {{bank_hotline}}.',
    );
    const step = (templateId: string, actor: string, action: 'submit' | 'approve' | 'retire') =>
      transitionTemplateVersion({
        db: f.db,
        actor,
        templateId,
        version: 1,
        action,
        audit: { actor: `user:${actor}`, at: new Date() },
      });
    await step('courtesy-sms-zh', 'maker', 'submit');
    await step('courtesy-sms-zh', 'checker', 'approve');
    await step('courtesy-sms-en', 'maker', 'submit');
  });
  afterAll(() => f.drop());

  /** One run over actions naming `template`, one per debtor; each action's outcome and text. */
  async function send(template: string, channel: 'sms' | 'letter' = 'sms', from: Sender = sender) {
    day++;
    const dueOn = `2026-12-${String(day).padStart(2, '0')}`;
    const ids = await insertActions(f.db, portfolioId, [
      { accountId: 'A1', debtorId: 'D1', channel, dueOn },
      { accountId: 'A2', debtorId: 'D2', channel, dueOn },
    ]);
    await f.db.execute('UPDATE actions SET template_id = $1 WHERE action_id = ANY($2::int8[])', [
      template,
      ids.map(String),
    ]);
    await sendDueActions({
      db: f.db,
      cipher: testCipher,
      channels: ['sms', 'letter'],
      sender: from,
      timeZone: shanghai,
      asOf: dueOn,
      at: new Date(`${dueOn}T02:00:00Z`), // 10:00 in Shanghai
    });
    const out: Record<string, string> = {};
    for (const [i, id] of ids.entries()) {
      const [row] = await f.db.query<{
        status: string;
        reason: string | null;
        body: string | null;
      }>(
        `SELECT s.status, s.reason, s.template_id || ': ' || m.body AS body
         FROM automated_sends s LEFT JOIN message_outbox m
           ON m.portfolio_id = s.portfolio_id AND m.message_id = s.message_id
         WHERE s.action_id = $1`,
        [id],
      );
      out[`D${i + 1}`] = row!.status === 'queued' ? row!.body! : `${row!.status}: ${row!.reason}`;
    }
    return out;
  }

  it('sends the zh-CN member to a zh-CN debtor and the en member to an en debtor', async () => {
    const sent = await send('pre-due-reminder-sms');
    expect(sent.D1).toMatch(/^pre-due-reminder-sms-zh: 【Example Bank】尊敬的王芳，/);
    expect(sent.D2).toMatch(/^pre-due-reminder-sms-en: Example Bank: Dear Test Debtor, /);
    const letters = await send('overdue-notice-letter', 'letter');
    expect(letters.D1).toMatch(/^overdue-notice-letter-zh: 尊敬的王芳：/);
    expect(letters.D2).toMatch(/^overdue-notice-letter-en: Dear Test Debtor,/);
  });

  it('sends the default strategy’s families signed by the demo’s fictional sender; with none, closes them', async () => {
    const sent = await send('overdue-reminder-sms', 'sms', demoSender);
    expect(sent.D1).toMatch(/^overdue-reminder-sms-zh: 【Recourse Demo Bank】尊敬的王芳，/);
    expect(sent.D2).toMatch(/^overdue-reminder-sms-en: Recourse Demo Bank: Dear Test Debtor, /);
    for (const text of Object.values(sent)) {
      expect(text).toContain(demoSender.bankHotline);
      expect(text).toContain(demoSender.optOut);
    }
    // outside `serve --demo` nothing is defaulted: an unset sender refuses the send
    expect(await send('overdue-reminder-sms', 'sms', {})).toEqual({
      D1: 'closed: cannot_fill:bank_name,bank_hotline,opt_out',
      D2: 'closed: cannot_fill:bank_name,bank_hotline,opt_out',
    });
  });

  it('closes the action when the debtor’s language has no approved member (pending is not sent)', async () => {
    expect(await send('courtesy-sms')).toEqual({
      D1: expect.stringMatching(/^courtesy-sms-zh: 【Example Bank】王芳您好/),
      D2: 'closed: no_approved_template_for_locale',
    });
  });

  it('falls back to another language only where the bank configured it, portfolio over bank', async () => {
    const fallBack = (scope: bigint | null, locale: 'zh-CN' | 'en' | null) =>
      setFallbackLocale({
        db: f.db,
        actor: 'officer',
        portfolioId: scope,
        locale,
        audit: { actor: 'user:officer', at: new Date() },
      });
    await fallBack(null, 'zh-CN');
    expect((await send('courtesy-sms')).D2).toMatch(
      /^courtesy-sms-zh: 【Example Bank】Test Debtor您好/,
    );
    // the portfolio's own choice (here: none besides English itself) overrides the bank's
    await fallBack(portfolioId, 'en');
    expect((await send('courtesy-sms')).D2).toBe('closed: no_approved_template_for_locale');
    await fallBack(portfolioId, null);
    await fallBack(null, null);
    expect((await send('courtesy-sms')).D2).toBe('closed: no_approved_template_for_locale');
  });

  it('never sends a retired member', async () => {
    await transitionTemplateVersion({
      db: f.db,
      actor: 'checker',
      audit: { actor: 'user:checker', at: new Date() },
      templateId: 'courtesy-sms-zh',
      version: 1,
      action: 'retire',
    });
    expect((await send('courtesy-sms')).D1).toBe('closed: no_approved_template_for_locale');
  });

  it('closes an action whose family is on another channel, or that names nothing known', async () => {
    expect(await send('pre-due-reminder-sms', 'letter')).toEqual({
      D1: 'closed: template_channel_mismatch',
      D2: 'closed: template_channel_mismatch',
    });
    expect((await send('no-such-family')).D1).toBe('closed: no_approved_template');
  });

  it('sends an exact template id as named, whatever the debtor reads (as before families)', async () => {
    const sent = await send('pre-due-reminder-sms-en');
    expect(sent.D1).toMatch(/^pre-due-reminder-sms-en: Example Bank: Dear 王芳/);
    expect(sent.D2).toMatch(/^pre-due-reminder-sms-en: /);
  });
});
