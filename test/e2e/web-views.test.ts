/**
 * The views beyond the morning's work, in a real browser against the real server (live gate,
 * evidence log, arrangements, payments) over a real database: the account's ledger, payments,
 * plans and evidence; the supervisor's queues, activity, approvals and strategies; the
 * compliance console; the war room's trends. At 1280x800 and 768x1024, in English and Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../../src/modules/audit/index.js';
import { createUser } from '../../src/modules/auth/index.js';
import { testCipher } from '../../src/modules/compliance/testing.js';
import { insertActions } from '../../src/modules/queues/testing.js';
import { exampleStrategyInput } from '../../src/modules/strategy/domain/testing.js';
import { segmentDebtors } from '../../src/modules/strategy/index.js';
import { buildServer } from '../../src/server.js';
import { piiMarker, seedFixture } from '../support/api-fixture.js';
import { signInContext, signInInjections } from '../support/auth.js';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';

const artifacts = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-artifacts',
);
const viewports = [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
];

describe('web views: account money and evidence, supervisor, compliance, trends', () => {
  let fresh: FreshDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let alpha: number;
  const clock = new Date('2026-11-25T02:00:00Z'); // 10:00 in Shanghai

  const call = async (
    method: string,
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
    status = 201,
  ) => {
    const r = await app.inject({
      method: method as 'POST',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(status);
    return r.json<Record<string, unknown>>();
  };
  const maker = { 'x-collector-id': 'C-LI' };
  const checker = { 'x-collector-id': 'S-WU', 'x-collector-role': 'supervisor' };
  const password = 'correct horse battery staple 1';

  beforeAll(async () => {
    fresh = await freshDatabase('pglite');
    await seedFixture(fresh.db);
    await fresh.db.transaction((tx) => segmentDebtors({ tx, asOf: '2026-11-25' }));
    const [p] = await fresh.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    alpha = Number(p!.portfolio_id);
    await insertActions(fresh.db, p!.portfolio_id, [
      {
        accountId: 'A-010',
        debtorId: 'D-A-010',
        unit: 'phone',
        channel: 'call',
        dueOn: '2026-11-25',
      },
    ]);
    // month ends for the roll rates (A-008 is M2 then M3 in the fixture)
    await fresh.db.exec(`
      INSERT INTO month_end_snapshots (portfolio_id, account_id, month_end, currency, dpd, bucket,
        risk_class, overdue_amount_minor, balance_minor)
      SELECT p.portfolio_id, v.account_id, v.month_end::date, 'CNY', 10, v.bucket, 'normal',
        v.overdue, 100000
      FROM portfolios p,
        (VALUES ('A-004', '2026-09-30', 'M1', 1000), ('A-004', '2026-10-31', 'current', 0),
                ('A-006', '2026-09-30', 'M1', 2000), ('A-006', '2026-10-31', 'M2', 100000),
                ('A-009', '2026-09-30', 'M2', 4000)) AS v (account_id, month_end, bucket, overdue)
      WHERE p.name = 'alpha'`);
    app = await buildServer({ db: fresh.db, logger: false, cipher: testCipher, now: () => clock });
    await signInInjections(app, fresh.db);
    for (const [id, name, role] of [
      ['C-LI', 'Li Lei 李雷', 'phone_collector'],
      ['S-ZHANG', 'Zhang Wei 张伟', 'supervisor'],
      ['S-WU', 'Wu Min 吴敏', 'supervisor'],
      ['C-MA', 'Ma Li 马丽', 'phone_collector'],
    ] as const)
      await call('POST', '/api/v1/collectors', {
        collector_id: id,
        display_name: name,
        role,
        unit: 'phone',
        languages: ['zh-CN', 'en'],
        capacity: 10,
        currency: 'CNY',
        monthly_target_minor: '1000000',
      });
    // payments on A-006: two posted, the second bounced
    for (const [key, paid_on, amount] of [
      ['pay-1', '2026-11-03', '20000'],
      ['pay-2', '2026-11-20', '5000'],
    ] as const)
      await call(
        'POST',
        '/api/v1/payments',
        {
          portfolio_id: alpha,
          account_id: 'A-006',
          amount_minor: amount,
          currency: 'CNY',
          paid_on,
          reference: key,
        },
        { 'idempotency-key': key },
      );
    const payments = await fresh.db.query<{ payment_id: bigint }>(
      "SELECT payment_id FROM payments WHERE reference = 'pay-2'",
    );
    await call(
      'POST',
      `/api/v1/payments/${payments[0]!.payment_id}/reversal`,
      { reversed_on: '2026-11-22', reason: 'bounced' },
      { 'idempotency-key': 'rev-2' },
      200,
    );
    // plans: A-006 agreed and approved, A-009 waiting; settlements: A-008 within a supervisor's
    // authority, A-010 beyond it
    const plan = (account_id: string) =>
      call(
        'POST',
        '/api/v1/installment-plans',
        {
          portfolio_id: alpha,
          account_id,
          agreed_on: '2026-11-25',
          installment_count: 3,
          first_due_on: '2026-12-25',
          fees: 'waive',
        },
        maker,
      );
    const agreed = await plan('A-006');
    await call(
      'POST',
      `/api/v1/installment-plans/${agreed.plan_id}/decision`,
      { decision: 'approve', decided_on: '2026-11-25' },
      checker,
      200,
    );
    await plan('A-009');
    for (const [account_id, discount_bps] of [
      ['A-008', 1000],
      ['A-010', 2500],
    ] as const)
      await call(
        'POST',
        '/api/v1/settlements',
        {
          portfolio_id: alpha,
          account_id,
          offered_on: '2026-11-25',
          expires_on: '2026-12-25',
          discount_bps,
        },
        maker,
      );
    // templates waiting: one clean, one that threatens arrest
    for (const [id, body] of [
      [
        'reminder-clean',
        '{{debtor_name}}，您的账单 {{amount_due}} 已于 {{due_date}} 到期，请致电 {{bank_hotline}}。',
      ],
      ['reminder-threat', '{{debtor_name}}，再不还款将被逮捕。'],
    ] as const) {
      await call(
        'POST',
        '/api/v1/templates',
        { template_id: id, locale: 'zh-CN', channel: 'sms', body },
        maker,
      );
      await call('POST', `/api/v1/templates/${id}/versions/1/submit`, {}, maker, 200);
    }
    // the gate: one call allowed, one to a third party blocked; then a checkpoint
    for (const [recipient, status] of [
      ['debtor', 201],
      ['unrelated_third_party', 422],
    ] as const)
      await call(
        'POST',
        '/api/v1/contact-attempts',
        {
          portfolio_id: alpha,
          account_id: 'A-006',
          debtor_id: 'D-A-006',
          channel: 'call',
          recipient,
          identity_disclosed: true,
        },
        maker,
        status,
      );
    await createCheckpoint({ db: fresh.db });
    const retail = exampleStrategyInput();
    delete retail.version;
    delete retail.status;
    await call(
      'POST',
      '/api/v1/strategies',
      JSON.parse(
        JSON.stringify(retail, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      ) as object,
    );

    // who signs in: a supervisor with a supervisor's approval authority, a compliance officer,
    // a phone collector
    // roles are data: a message checker who may both write and approve templates (the template
    // steps' route asks for templates.write, and templates.approve to approve; no built-in role
    // holds both)
    await fresh.db.exec(`
      INSERT INTO roles (role, description) VALUES ('message_checker', 'approves templates');
      INSERT INTO role_permissions (role, permission)
      SELECT 'message_checker', p FROM unnest(ARRAY['queues.read', 'compliance.read',
        'templates.read', 'templates.write', 'templates.approve']) AS p`);
    for (const [username, displayName, role, collectorId, approvalAuthority] of [
      ['zhang', 'Zhang Wei 张伟', 'supervisor', 'S-ZHANG', 'supervisor'],
      ['chen', 'Chen Jing 陈静', 'compliance_officer', null, null],
      ['ma', 'Ma Li 马丽', 'collector', 'C-MA', null],
      ['lin', 'Lin Tao 林涛', 'message_checker', null, null],
    ] as const)
      await createUser({
        db: fresh.db,
        actor: 'system:test',
        now: new Date(),
        username,
        displayName,
        role,
        collectorId,
        approvalAuthority,
        password,
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

  async function open(
    url: string,
    user: string | null,
    viewport = viewports[0]!,
    locale: 'en' | 'zh-CN' = 'en',
  ) {
    const context = await browser.newContext({ viewport, locale });
    if (user) await signInContext(context, base, user, password);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // a refused request (a 409 the page explains) is logged by the browser: expected
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
  const overflow = (page: Page) =>
    page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  const rows = (page: Page, testId: string, attr: string) =>
    page
      .locator(`[data-testid="${testId}"] tbody tr`)
      .evaluateAll((trs, a) => trs.map((tr) => tr.getAttribute(a)), attr);

  it.each(viewports)(
    "account view: the ledger's balances, payments, postings, plan schedule and evidence at $width x $height",
    async (viewport) => {
      const { page, problems } = await open('/accounts/alpha/A-006', 'chen', viewport);
      await page.waitForSelector('[data-testid="ledger-summary"] dl');
      // opened from the imported balance; paid 200.00 (the 50.00 bounced)
      expect(await text(page, '[data-testid="ledger-paid"]')).toBe('CN¥200.00');
      const ledger = (await app.inject(`/api/v1/portfolios/${alpha}/accounts/A-006/ledger`)).json<{
        summary: { balance_minor: string };
      }>();
      expect(await text(page, '[data-testid="ledger-balance"]')).toBe(
        `CN¥${(Number(ledger.summary.balance_minor) / 100).toLocaleString('en', { minimumFractionDigits: 2 })}`,
      );
      const payments = await page.locator('[data-testid="payments"] tbody tr').allInnerTexts();
      expect(payments).toEqual([
        expect.stringMatching(/Nov 3, 2026\s+CN¥200\.00\s+Posted/),
        expect.stringMatching(/Nov 20, 2026\s+CN¥50\.00\s+Reversed/),
      ]);
      expect(await rows(page, 'postings', 'data-kind')).toEqual([
        'charge',
        'payment',
        'payment',
        'reversal',
      ]);
      // entries open from the keyboard
      await page.locator('[data-testid="postings"] summary').first().focus();
      await page.keyboard.press('Enter');
      expect(await text(page, '[data-testid="postings"] details[open]')).toMatch(
        /Receivable · principal/,
      );
      // the plan's schedule
      const plan = page.locator('[data-testid="arrangements"] [data-plan-id]');
      expect(await plan.locator('[data-status]').getAttribute('data-status')).toBe('active');
      expect(await plan.locator('tbody tr').count()).toBe(3);
      // the evidence: the blocked call and the allowed one, both in the checkpoint
      await page.waitForSelector('[data-testid="evidence"] tbody tr[data-seq]');
      expect(await rows(page, 'evidence', 'data-verification')).toEqual([
        'checkpointed',
        'checkpointed',
      ]);
      expect(await text(page, '[data-testid="evidence"] tbody tr:first-child')).toContain(
        'Blocked · Call: Third party',
      );
      await page.waitForSelector('[data-testid="history-chart"][data-rendered="true"] svg');
      await shot(page, `web-account-ledger-${viewport.width}x${viewport.height}`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(await page.content()).not.toContain(piiMarker);
      if (viewport.width === 1280) {
        await page.selectOption('#language-select', 'zh-CN');
        await expect.poll(() => text(page, '#ledger-title')).toBe('账务余额');
        expect(await text(page, '[data-testid="evidence"] tbody tr:first-child')).toContain(
          '拦截 · 电话：第三方',
        );
        expect(await text(page, '[data-testid="payments"]')).toContain('已冲正');
        await shot(page, 'web-account-ledger-zh-CN-1280x800');
        expect(await overflow(page)).toBeLessThanOrEqual(0);
      }
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it.each(viewports)(
    'supervisor: queues, activity, approvals and strategies at $width x $height',
    async (viewport) => {
      const { page, problems } = await open('/supervisor', 'zhang', viewport);
      await page.waitForSelector('[data-testid="pending-plans"]');
      expect(await rows(page, 'pending-settlements', 'data-settlement-id')).toHaveLength(2);
      expect(await page.locator('[data-testid="queues"] [data-unit="phone"]').count()).toBe(1);
      await page.fill('#kpi-from', '2026-11-01');
      await page.fill('#kpi-to', '2026-11-30');
      await page.waitForSelector('[data-testid="collector-kpis"] [data-collector="C-LI"]');
      expect(await text(page, '[data-testid="collector-kpis"] [data-collector="C-LI"]')).toContain(
        'Li Lei 李雷',
      );
      expect(await rows(page, 'strategies', 'data-strategy')).toEqual(['default', 'retail']);
      await page.fill('#results-from', '2026-11-20');
      await page.fill('#results-to', '2026-11-25');
      await page.waitForSelector('[data-testid="strategy-results"] [data-arm="champion"]');
      // a supervisor decides plans and settlements, not message templates
      expect(await page.isDisabled('[data-testid="pending-plans"] button')).toBe(false);
      expect(await page.isDisabled('[data-testid="pending-templates"] button')).toBe(true);
      await shot(page, `web-supervisor-${viewport.width}x${viewport.height}`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('supervisor approves and rejects, and is told why when the authority or the linter refuses', async () => {
    const { page, problems } = await open('/supervisor', 'zhang');
    // the plan on A-009: approve, from the keyboard
    const planRow = page.locator('[data-testid="pending-plans"] tbody tr', { hasText: 'A-009' });
    await planRow.getByRole('button', { name: /^Approve Plan/ }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => text(page, '[data-testid="decision-message"]'))
      .toMatch(/Plan \d+: decision recorded/);
    await expect
      .poll(() => page.locator('[data-testid="pending-plans"] tbody tr').innerText())
      .toBe('Nothing waiting.');
    // the settlement beyond a supervisor's limits: refused, saying who must approve and why
    await page
      .locator('[data-testid="pending-settlements"] tbody tr', { hasText: 'A-010' })
      .getByRole('button', { name: /^Approve/ })
      .click();
    await expect
      .poll(() => text(page, '[data-testid="decision-message"]'))
      .toMatch(
        /^A settlement forgiving CN¥[\d,.]+ is above what a Supervisor may approve: it needs a Manager or above\.$/,
      );
    // reject the one on A-008 with a note
    await page.fill('#decision-note', 'debtor can pay in full');
    await page
      .locator('[data-testid="pending-settlements"] tbody tr', { hasText: 'A-008' })
      .getByRole('button', { name: /^Reject/ })
      .click();
    await expect
      .poll(() => rows(page, 'pending-settlements', 'data-settlement-id'))
      .toHaveLength(1);
    const [offer] = await fresh.db.query<{ status: string; decision_reason: string }>(
      "SELECT status, decision_reason FROM settlements WHERE account_id = 'A-008'",
    );
    expect(offer).toEqual({ status: 'rejected', decision_reason: 'debtor can pay in full' });
    await shot(page, 'web-supervisor-decided-1280x800');
    await page.selectOption('#language-select', 'zh-CN');
    await expect.poll(() => text(page, 'h1')).toBe('主管视图');
    expect(await text(page, '[data-testid="approvals"]')).toContain('待审批');
    await shot(page, 'web-supervisor-zh-CN-1280x800');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a message checker approves templates, never one with lint findings', async () => {
    const { page, problems } = await open('/supervisor', 'lin');
    await page.waitForSelector('[data-testid="pending-templates"]');
    expect(await page.isDisabled('[data-testid="pending-templates"] button')).toBe(false);
    // plans and settlements are not this role's to see
    expect(await page.locator('[data-testid="pending-settlements"]').count()).toBe(0);
    await page
      .locator('[data-template="reminder-threat/1"]')
      .getByRole('button', { name: /^Approve/ })
      .click();
    // the finding named by its rule, in the user's words, and the phrase as written
    await expect
      .poll(() => text(page, '[data-testid="decision-message"]'))
      .toBe(
        'Cannot approve while the text breaks a rule: Threat of arrest or criminal charges (“逮捕”).',
      );
    await page
      .locator('[data-template="reminder-clean/1"]')
      .getByRole('button', { name: /^Approve/ })
      .click();
    await expect
      .poll(() => rows(page, 'pending-templates', 'data-template'))
      .toEqual(['reminder-threat/1']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(viewports)(
    'compliance console: blocked attempts by rule, templates, lint, rule pack at $width x $height',
    async (viewport) => {
      const { page, problems } = await open('/compliance', 'chen', viewport);
      await page.fill('#blocked-from', '2026-11-01');
      await page.fill('#blocked-to', '2026-11-30');
      await expect
        .poll(() => text(page, '[data-testid="blocked-total"]'))
        .toContain('1 of 2 contact attempts blocked');
      expect(await text(page, '[data-testid="blocked-by-rule"] [data-rule="third_party"]')).toMatch(
        /Third party\s+1/,
      );
      await page.waitForSelector('[data-testid="blocked-chart"][data-rendered="true"] svg');
      expect(await rows(page, 'templates', 'data-template')).toEqual(
        expect.arrayContaining(['reminder-threat/1']),
      );
      expect(await text(page, '[data-template="reminder-threat/1"]')).toMatch(/1 finding/);
      await page.fill('#lint-text', '请还款，否则通知你的单位。');
      await page.click('#lint-run');
      await page.waitForSelector('[data-testid="lint-result"] [data-rule]');
      expect(await page.locator('[data-testid="lint-result"] mark').count()).toBeGreaterThan(0);
      await page.selectOption('#pack-portfolio', { label: 'alpha' });
      await expect
        .poll(() => text(page, '[data-testid="pack-current"]'))
        .toContain('settings version 0');
      await shot(page, `web-compliance-${viewport.width}x${viewport.height}`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('compliance console tightens a rule pack and is refused a loosening, in Chinese too', async () => {
    // a supervisor reads the settings but may not change them
    const supervisor = await open('/compliance', 'zhang');
    await supervisor.page.waitForSelector('#pack-save');
    expect(await supervisor.page.isDisabled('#pack-save')).toBe(true);
    await supervisor.page.context().close();
    const { page, problems } = await open('/compliance', 'chen');
    await page.selectOption('#pack-portfolio', { label: 'alpha' });
    await page.fill('#hours-end', '21:00');
    await page.fill('#pack-reason', 'bank policy');
    await page.click('#pack-save');
    await expect
      .poll(() => text(page, '[data-testid="pack-current"]'))
      .toContain('settings version 1');
    expect(await text(page, '[data-testid="effective-rules"] [data-rule="hours"]')).toContain(
      '08:00–21:00',
    );
    expect(await text(page, '[data-testid="pack-history"]')).toContain('bank policy');
    await page.fill('#hours-end', '23:00');
    await page.click('#pack-save');
    await expect
      .poll(() => text(page, '[data-testid="pack-error"]'))
      .toBe(
        'Contact until: 23:00 would loosen the law’s 22:00. A configuration may only tighten the rule pack.',
      );
    await page.selectOption('#language-select', 'zh-CN');
    await expect.poll(() => text(page, 'h1')).toBe('合规控制台');
    await page.fill('#blocked-from', '2026-11-01');
    await page.fill('#blocked-to', '2026-11-30');
    await expect.poll(() => text(page, '[data-testid="blocked-by-rule"]')).toContain('第三方');
    await shot(page, 'web-compliance-zh-CN-1280x800');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(viewports)(
    'war room trends: roll rates and recovery beside the buckets at $width x $height',
    async (viewport) => {
      const { page, problems } = await open('/', 'zhang', viewport);
      await page.waitForSelector('[data-testid="roll-rates"]');
      expect(
        await text(page, '[data-testid="roll-rates"] [data-month="2026-10"][data-bucket="M1"]'),
      ).toMatch(/Oct 2026\s+M1\s+2\s+50\.00%\s+50\.00%/);
      expect(
        await text(page, '[data-testid="recovery"] [data-month="2026-11"][data-currency="CNY"]'),
      ).toMatch(/Nov 2026\s+CN¥200\.00\s+CN¥3,500\.00\s+5\.71%/);
      await page.waitForSelector('[data-testid="roll-chart"][data-rendered="true"] svg');
      await page.waitForSelector('[data-testid="recovery-chart"][data-rendered="true"] svg');
      await shot(page, `web-war-room-trends-${viewport.width}x${viewport.height}`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      if (viewport.width === 768) {
        await page.selectOption('#language-select', 'zh-CN');
        await expect.poll(() => text(page, '#roll-title')).toBe('逐月迁徙率');
        await shot(page, 'web-war-room-trends-zh-CN-768x1024');
      }
      // the navigation reaches the new pages
      for (const name of ['Supervisor', 'Compliance', '主管', '合规'])
        if ((await page.locator('header nav a', { hasText: name }).count()) > 0)
          expect(
            await page.locator('header nav a', { hasText: name }).getAttribute('href'),
          ).toMatch(/^\/(supervisor|compliance)$/);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it.each(viewports)(
    'signs in, shows only what the role may see, signs out at $width x $height',
    async (viewport) => {
      const { page, problems } = await open('/supervisor', null, viewport);
      await page.waitForSelector('#login-username');
      expect(await page.locator('header nav').count()).toBe(0);
      await shot(page, `web-login-${viewport.width}x${viewport.height}`);
      await page.fill('#login-username', 'ma');
      await page.fill('#login-password', 'wrong password');
      await page.click('#login-submit');
      await expect
        .poll(() => text(page, '[data-testid="login-error"]'))
        .toContain('Wrong user name or password');
      await page.fill('#login-password', password);
      await page.keyboard.press('Enter');
      // a collector: the workbench and the accounts, not the supervisor's page
      await page.waitForSelector('[data-testid="forbidden"]');
      expect(await page.locator('header nav a').allInnerTexts()).toEqual(['Workbench', 'Accounts']);
      expect(await text(page, '[data-testid="signed-in-as"]')).toContain('Ma Li 马丽 · Collector');
      await page.click('header nav >> text=Workbench');
      await expect.poll(() => text(page, '[data-testid="acting"]')).toContain('Ma Li 马丽');
      // the landing page opens the first page the role may see
      await page.goto(`${base}/`);
      await page.waitForSelector('#workbench-title');
      expect(new URL(page.url()).pathname).toBe('/workbench');
      if (viewport.width === 768) {
        await page.selectOption('#language-select', 'zh-CN');
        await expect.poll(() => text(page, 'header nav')).toContain('工作台');
        await shot(page, 'web-signed-in-collector-zh-CN-768x1024');
        await page.selectOption('#language-select', 'en');
      }
      await page.click('#sign-out');
      await page.waitForSelector('#login-username');
      // the session is gone on the server too
      await page.reload();
      await page.waitForSelector('#login-username');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});
