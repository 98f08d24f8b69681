/**
 * The collector's morning in a real browser: choose who you are, claim the next case, see what
 * the compliance gate allows, record a contact attempt and a promise to pay, release the case,
 * and find the promise in the war room. Real server (with the live gate), real database.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCipher } from '../../src/modules/compliance/testing.js';
import { insertActions } from '../../src/modules/queues/testing.js';
import { segmentDebtors } from '../../src/modules/strategy/index.js';
import { buildServer } from '../../src/server.js';
import { piiMarker, seedFixture } from '../support/api-fixture.js';
import { passwordUser, signInContext, signInInjections } from '../support/auth.js';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';

const artifacts = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-artifacts',
);

describe('web workbench', () => {
  let fresh: FreshDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let password: string;
  // 10:00 in Shanghai on a Wednesday: within contact hours
  let clock = new Date('2026-11-25T02:00:00Z');

  beforeAll(async () => {
    fresh = await freshDatabase('pglite');
    await seedFixture(fresh.db);
    await fresh.db.transaction((tx) => segmentDebtors({ tx, asOf: '2026-11-25' }));
    const [alpha] = await fresh.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    await insertActions(fresh.db, alpha!.portfolio_id, [
      {
        accountId: 'A-008',
        debtorId: 'D-A-008',
        unit: 'phone',
        channel: 'call',
        dueOn: '2026-11-20',
      },
    ]);
    app = await buildServer({ db: fresh.db, logger: false, cipher: testCipher, now: () => clock });
    await signInInjections(app, fresh.db);
    for (const [id, name, unit] of [
      ['C-LI', 'Li Lei 李雷', 'phone'],
      ['F-WANG', 'Wang Fang 王芳', 'field'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/collectors',
        payload: {
          collector_id: id,
          display_name: name,
          role: unit === 'phone' ? 'phone_collector' : 'field_collector',
          unit,
          languages: ['zh-CN', 'en'],
          capacity: 10,
          currency: 'CNY',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Li Lei signs in; a supervisor working cases, so the war room is his to see as well
    password = await passwordUser(fresh.db, {
      username: 'lilei',
      role: 'supervisor',
      collectorId: 'C-LI',
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fresh?.drop();
  });

  async function open(url: string, viewport = { width: 1280, height: 800 }) {
    const context = await browser.newContext({ viewport, locale: 'en' });
    await signInContext(context, base, 'lilei', password);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // a refused request is logged by the browser as a failed resource: expected below
      if (m.type() === 'error' && !m.text().includes('the server responded with a status'))
        problems.push(m.text());
    });
    await page.goto(`${base}${url}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { page, problems };
  }

  const text = (page: Page, selector: string) => page.locator(selector).innerText();
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  it('claims a case, records a promise to pay, releases it and shows it in the war room', async () => {
    const { page, problems } = await open('/workbench');
    // the session names the collector: no picker
    expect(await page.locator('#collector-select').count()).toBe(0);
    await expect
      .poll(() => text(page, '[data-testid="acting"]'))
      .toContain('Li Lei 李雷, Phone unit.');
    await page.click('#next-case');
    await page.waitForSelector('[data-testid="case"]');
    expect(await text(page, '#case-title')).toContain('D-A-008');
    const accounts = await page
      .locator('[data-testid="case-accounts"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account-id')));
    expect(accounts).toEqual(['A-008']);
    expect(await text(page, '[data-account-id="A-008"]')).toContain('CN¥2,500.00');
    const detail = (await app.inject('/api/v1/accounts/A-008?portfolio=alpha')).json() as {
      segment: { segment: string; rule: string };
    };
    expect(
      await page.getAttribute('[data-testid="case-segment"] [data-segment]', 'data-segment'),
    ).toBe(detail.segment.segment);
    expect(await text(page, '[data-testid="case-segment"]')).toContain(detail.segment.rule);
    // the gate's dry run for a call now
    await page.waitForSelector('[data-testid="gate-check"] [data-allowed]');
    expect(
      await page.getAttribute('[data-testid="gate-check"] [data-allowed]', 'data-allowed'),
    ).toBe('true');
    await shot(page, 'web-workbench-case-1280x800');
    // the outcome waits for an attempt
    expect(await page.isDisabled('#record-outcome')).toBe(true);
    await page.click('#contact');
    await page.waitForSelector('[data-testid="attempt"]');
    // a promise to pay: a bad amount is refused in the page, a good one recorded
    await page.selectOption('#outcome-select', 'promise_to_pay');
    await page.fill('#promise-amount', '12.345');
    await page.fill('#promise-date', '2026-11-26');
    await page.click('#record-outcome');
    expect(await text(page, '[data-testid="outcome-error"]')).toContain('at most 2 decimals');
    await page.fill('#promise-amount', '1,234.5');
    await page.click('#record-outcome');
    await page.waitForSelector('[data-testid="recorded"] [data-outcome="promise_to_pay"]');
    expect(await text(page, '[data-testid="recorded"]')).toMatch(/Promise to pay · promise \d+/);
    const promises = await fresh.db.query<{ amount_minor: bigint; promised_on: string }>(
      'SELECT amount_minor, promised_on FROM promises',
    );
    expect(promises).toEqual([{ amount_minor: 123_450n, promised_on: '2026-11-26' }]);
    await shot(page, 'web-workbench-recorded-1280x800');
    // release: the case goes back; the queue has nothing else due
    await page.click('#release-case');
    await page.waitForSelector('[data-testid="case"]', { state: 'detached' });
    await expect.poll(() => text(page, '[data-testid="acting"]')).toContain('Holding 0 cases');
    await page.click('#next-case');
    await page.waitForSelector('[data-testid="queue-empty"]');
    expect(await page.content()).not.toContain(piiMarker);
    // the war room of the promised day: due today, and yesterday's outcome
    await page.click('header nav >> text=War room');
    await page.waitForSelector('[data-testid="card-promises-due"]');
    await page.fill('#as-of', '2026-11-26');
    await expect
      .poll(() => text(page, '[data-testid="card-promises-due"] .big'), { timeout: 10_000 })
      .toBe('1');
    expect(await text(page, '[data-testid="card-promises-due"]')).toContain('CN¥1,234.50');
    expect(await text(page, '[data-testid="promises-due"]')).toContain('A-008');
    expect(await text(page, '[data-testid="promises-due"]')).toContain('C-LI');
    expect(await text(page, '[data-testid="outcomes"] [data-key="promise_to_pay"]')).toContain('1');
    // the queues' load for the supervisor: the phone queue's one case is done
    expect(await text(page, '[data-testid="queues"]')).toBe('No work is due in any queue.');
    await shot(page, 'web-war-room-promise-1280x800');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says why the gate blocks a contact and keeps the open case over a reload', async () => {
    clock = new Date('2026-11-25T14:30:00Z'); // 22:30 in Shanghai
    const [alpha] = await fresh.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    await insertActions(fresh.db, alpha!.portfolio_id, [
      {
        accountId: 'A-009',
        debtorId: 'D-A-009',
        unit: 'phone',
        channel: 'call',
        dueOn: '2026-11-21',
      },
    ]);
    const { page, problems } = await open('/workbench', { width: 768, height: 1024 });
    await expect.poll(() => text(page, '[data-testid="acting"]')).toContain('Li Lei 李雷');
    await page.click('#next-case');
    await page.waitForSelector('[data-testid="case"]');
    await page.waitForSelector('[data-testid="gate-check"] [data-allowed="false"]');
    const why = await text(page, '[data-testid="gate-check"]');
    expect(why).toContain('Not allowed now.');
    expect(why).toMatch(/Allowed again at .+/);
    await page.click('#contact');
    await page.waitForSelector('[data-testid="attempt-blocked"]');
    // the open case survives a reload
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getAttribute('[data-testid="case"]', 'data-case-id')).toMatch(/:D-A-009$/);
    await page.waitForSelector('[data-testid="gate-check"] [data-allowed="false"]');
    await page.click('#contact');
    await page.waitForSelector('[data-testid="attempt-blocked"]');
    expect(await page.isDisabled('#record-outcome')).toBe(true);
    await shot(page, 'web-workbench-blocked-768x1024');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // the supervisor sees the held case in the queues' load
    const war = await page.context().newPage();
    await war.goto(`${base}/`);
    await war.waitForSelector('[data-testid="queues"] [data-unit="phone"]');
    const phone = await war
      .locator('[data-testid="queues"] [data-unit="phone"] td')
      .allInnerTexts();
    // held, so not open any more
    expect(phone).toEqual(['0', '0', '1', '0', '—']);
    await war.close();
    // in Chinese
    await page.selectOption('#language-select', 'zh-CN');
    await expect.poll(() => text(page, 'h1')).toBe('催收员工作台');
    expect(await text(page, '[data-testid="gate-check"]')).toContain('现在不允许联系。');
    await shot(page, 'web-workbench-blocked-zh-CN-768x1024');
    await page.selectOption('#language-select', 'en');
    // the keyboard reaches the workbench's controls
    const reached: string[] = [];
    await page.locator('#release-case').focus();
    for (let i = 0; i < 9; i++) {
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      await page.keyboard.press('Tab');
    }
    expect([...new Set(reached.filter((id) => id !== ''))]).toEqual([
      'release-case',
      'contact-account',
      'contact-channel',
      'contact-recipient',
      'identity-disclosed',
      'contact',
      'document-file',
      'plan-account',
    ]);
    await page.locator('#release-case').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="case"]', { state: 'detached' });
    await expect.poll(() => text(page, '[data-testid="acting"]')).toContain('Holding 0 cases');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('uploads a hardship document, records the claim with it, proposes a plan, and errs in Chinese', async () => {
    clock = new Date('2026-11-25T02:00:00Z');
    const [alpha] = await fresh.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    await insertActions(fresh.db, alpha!.portfolio_id, [
      {
        accountId: 'A-010',
        debtorId: 'D-A-010',
        unit: 'phone',
        channel: 'call',
        dueOn: '2026-11-22',
      },
    ]);
    // the earlier tests' cases are worked elsewhere: this debtor is the one due
    await fresh.db.execute(
      `UPDATE actions SET status = 'cancelled', cancel_reason = 'superseded'
       WHERE debtor_id <> 'D-A-010' AND status IN ('open', 'claimed')`,
    );
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 1280, height: 800 },
    ]) {
      const size = `${viewport.width}x${viewport.height}`;
      const { page, problems } = await open('/workbench', viewport);
      await expect.poll(() => text(page, '[data-testid="acting"]')).toContain('Phone unit');
      if ((await page.locator('[data-testid="case"]').count()) === 0) {
        await page.click('#next-case');
        await page.waitForSelector('[data-testid="case"]');
      }
      expect(await text(page, '#case-title')).toContain('D-A-010');
      await page.waitForSelector('[data-testid="documents"]');
      await shot(page, `web-workbench-documents-plan-${size}`);
      // a file that is not what its type says: refused, in English, then in Chinese
      const fake = {
        name: 'payslip.png',
        mimeType: 'image/png',
        buffer: Buffer.from('MZ not a png'),
      };
      await page.setInputFiles('#document-file', fake);
      await page.click('#upload-document');
      await expect
        .poll(() => text(page, '[data-testid="upload-error"]'))
        .toBe('The file is not what its type says: choose a real PDF, JPEG or PNG.');
      await page.selectOption('#language-select', 'zh-CN');
      await page.setInputFiles('#document-file', fake);
      await page.click('#upload-document');
      await expect
        .poll(() => text(page, '[data-testid="upload-error"]'))
        .toBe('文件内容与其类型不符：请选择真实的 PDF、JPEG 或 PNG 文件。');
      // a plan the rules refuse: the error beside its field, in Chinese
      await page.fill('#plan-agreed-on', '2026-11-25');
      await page.fill('#plan-count', '61');
      await page.fill('#plan-first-due', '2026-12-25');
      await page.click('#plan-preview');
      await expect
        .poll(() => text(page, '[data-field-error="plan-count"]'))
        .toBe('期数须为 1 到 60 期，且每期金额大于零。');
      expect(await page.getAttribute('#plan-count', 'aria-invalid')).toBe('true');
      expect(await text(page, '[data-testid="plan-error"]')).toBe('请检查：期数。');
      await shot(page, `web-workbench-errors-zh-CN-${size}`);
      await page.selectOption('#language-select', 'en');
      if (viewport.width === 768) {
        expect(
          await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
        ).toBeLessThanOrEqual(0);
        // given back, for the wider screen to work it
        await page.click('#release-case');
        await page.waitForSelector('[data-testid="case"]', { state: 'detached' });
        expect(problems).toEqual([]);
        await page.context().close();
        continue;
      }
      // a real PDF: uploaded, listed and ticked for the claim
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096, 0x20)]);
      await page.setInputFiles('#document-file', {
        name: '工资单.pdf',
        mimeType: 'application/pdf',
        buffer: pdf,
      });
      await page.click('#upload-document');
      await expect
        .poll(() => text(page, '[data-testid="upload-done"]'))
        .toBe('工资单.pdf uploaded.');
      await page.waitForSelector('[data-testid="document-list"] input[type="checkbox"]:checked');
      await page.click('#contact');
      await page.waitForSelector('[data-testid="attempt"]');
      await page.selectOption('#outcome-select', 'hardship_claimed');
      expect(await text(page, '[data-testid="hardship-documents"]')).toBe(
        'Documents attached: 工资单.pdf',
      );
      await page.fill('#outcome-note', 'lost job in October');
      await page.click('#record-outcome');
      await page.waitForSelector('[data-testid="recorded"] [data-outcome="hardship_claimed"]');
      const [claim] = await fresh.db.query<{ outcome_details: { documents: unknown[] } }>(
        "SELECT outcome_details FROM contact_attempts WHERE outcome = 'hardship_claimed'",
      );
      expect(claim!.outcome_details.documents).toEqual([
        expect.objectContaining({
          file_name: '工资单.pdf',
          media_type: 'application/pdf',
          sha256: createHash('sha256').update(pdf).digest('hex'),
        }),
      ]);
      // a plan: previewed, then proposed for approval, its hardship claim backed by the same
      // ticked document
      await page.fill('#plan-count', '6');
      await page.selectOption('#plan-hardship', 'unemployment');
      expect(await text(page, '[data-testid="plan-hardship-documents"]')).toBe(
        'Documents attached: 工资单.pdf',
      );
      await page.click('#plan-preview');
      await page.waitForSelector('[data-testid="plan-preview"] tbody tr');
      expect(await page.locator('[data-testid="plan-preview"] tbody tr').count()).toBe(6);
      expect(await page.locator('[data-field-error]').count()).toBe(0);
      expect(await text(page, '[data-testid="plan-preview"]')).toMatch(/Plan total: CN¥/);
      await shot(page, `web-workbench-plan-preview-${size}`);
      await page.click('#plan-propose');
      await expect
        .poll(() => text(page, '[data-testid="plan-proposed"]'))
        .toMatch(/^Plan \d+ proposed: it waits for approval by a /);
      const plans = await fresh.db.query<{
        plan_id: bigint;
        account_id: string;
        installment_count: number;
        hardship: { kind: string; documents: unknown[] };
      }>(
        `SELECT plan_id, account_id, installment_count, hardship
         FROM installment_plans WHERE status = 'proposed'`,
      );
      expect(plans).toEqual([
        {
          plan_id: expect.anything(),
          account_id: 'A-010',
          installment_count: 6,
          hardship: {
            kind: 'unemployment',
            documents: [
              expect.objectContaining({
                file_name: '工资单.pdf',
                sha256: createHash('sha256').update(pdf).digest('hex'),
              }),
            ],
          },
        },
      ]);
      await shot(page, `web-workbench-hardship-plan-${size}`);
      // the maker cannot approve their own plan: refused in the user's language, not the server's
      await page.goto(`${base}/supervisor`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.selectOption('#language-select', 'zh-CN');
      const row = `[data-testid="pending-plans"] [data-plan-id="${plans[0]!.plan_id}"]`;
      await page.waitForSelector(row);
      await page.click(`${row} button:not(.secondary)`);
      await expect
        .poll(() => text(page, '[data-testid="decision-message"]'))
        .toBe('你没有审批权限：请管理员在你的用户上授予。');
      await fresh.db.execute(
        "UPDATE users SET approval_authority = 'supervisor' WHERE username = 'lilei'",
      );
      await page.click(`${row} button:not(.secondary)`);
      await expect
        .poll(() => text(page, '[data-testid="decision-message"]'))
        .toBe('该分期计划由你提交：须由另一人审批。');
      await shot(page, `web-supervisor-maker-is-checker-zh-CN-${size}`);
      await page.selectOption('#language-select', 'en');
      expect(await page.content()).not.toContain(piiMarker);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });
});
