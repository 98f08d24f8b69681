/**
 * The web app in a real browser: the real server on an ephemeral port over the fixture
 * database, the app Vite built (test/support/global-setup.ts rebuilds it when web/ changed),
 * loaded by Debian's Chromium at the two sizes it must work at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCipher } from '../../src/modules/compliance/testing.js';
import { segmentDebtors } from '../../src/modules/strategy/index.js';
import { buildServer } from '../../src/server.js';
import {
  bucketCounts,
  piiMarker,
  seedBulk,
  seedFixture,
  type FixtureApp,
} from '../support/api-fixture.js';
import { passwordUser, signInContext, signInInjections } from '../support/auth.js';
import { freshDatabase } from '../support/databases.js';

const artifacts = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-artifacts',
);
const viewports = [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
];
const bulk = 60; // unaged accounts of portfolio gamma, to page through
const bucketIds = ['current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'];

type Briefing = {
  as_of: string;
  new_delinquencies: { accounts: number };
  segments: { by_segment: { segment: string; debtors: number; share_bps: number }[] };
  top_red_accounts: { account_id: string }[];
};

describe('web app', () => {
  let f: FixtureApp;
  let browser: Browser;
  let base: string;
  let briefing: Briefing;
  let password: string;

  beforeAll(async () => {
    // the compliance routes (the account view's evidence log) need the PII cipher, as in `npm start`
    const fresh = await freshDatabase('pglite');
    await seedFixture(fresh.db);
    await seedBulk(fresh.db, bulk);
    const app = await buildServer({ db: fresh.db, logger: false, cipher: testCipher });
    await signInInjections(app, fresh.db);
    f = {
      app,
      db: fresh.db,
      close: async () => {
        await app.close();
        await fresh.drop();
      },
    };
    await f.db.transaction((tx) => segmentDebtors({ tx, asOf: '2026-11-25' }));
    briefing = (await f.app.inject('/api/v1/briefing')).json();
    password = await passwordUser(f.db, { username: 'supervisor', role: 'supervisor' });
    base = await f.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  async function open(
    url: string,
    viewport: { width: number; height: number } = viewports[0]!,
    locale: 'en' | 'zh-CN' = 'en',
  ): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const context = await browser.newContext({ viewport, locale });
    await signInContext(context, base, 'supervisor', password);
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}${url}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { page, problems, requests };
  }

  const text = (page: Page, selector: string) => page.locator(selector).innerText();
  const shot = (page: Page, name: string, fullPage = false) =>
    page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });
  const overflow = (page: Page) =>
    page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );

  it.each(viewports)(
    'war room shows the briefing, bucket counts and segment shares at $width x $height',
    async (viewport) => {
      const { page, problems, requests } = await open('/', viewport);
      const expected = bucketCounts();
      for (const id of bucketIds)
        expect(await text(page, `[data-testid="bucket-count-${id}"]`), id).toBe(
          String(expected[id] ?? 0),
        );
      expect(await text(page, '[data-testid="bucket-count-pre_due"]')).toBe('2');
      expect(await text(page, '[data-testid="bucket-count-not_aged"]')).toBe(String(1 + bulk));
      expect(await text(page, '[data-testid="bucket-count-total"]')).toBe(String(16 + bulk));
      expect(await text(page, '[data-testid="bucket-count-npl"]')).toBe('6');
      expect(await text(page, '[data-testid="briefing-as-of"]')).toContain('Nov 25, 2026');
      expect(await page.inputValue('#as-of')).toBe(briefing.as_of);
      expect(await text(page, '[data-testid="card-new-delinquencies"] .big')).toBe(
        String(briefing.new_delinquencies.accounts),
      );
      expect(briefing.segments.by_segment.some((g) => g.debtors > 0)).toBe(true);
      for (const g of briefing.segments.by_segment)
        expect(await text(page, `[data-segment="${g.segment}"]`)).toContain(
          `${g.debtors} · ${(g.share_bps / 100).toFixed(2)}%`,
        );
      const red = await page
        .locator('[data-testid="top-red"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account-id')));
      expect(red).toEqual(briefing.top_red_accounts.map((a) => a.account_id));
      expect(await text(page, '[data-testid="no-kpis"]')).toContain('No KPI data yet');
      // the charts drew (SVG from ECharts, loaded on demand)
      await page.waitForSelector('[data-testid="bucket-chart"][data-rendered="true"] svg');
      await page.waitForSelector('[data-testid="segment-chart"][data-rendered="true"] svg');
      expect(await page.getAttribute('#export-csv', 'href')).toBe(
        `/api/v1/briefing?as_of=${briefing.as_of}&format=csv`,
      );
      expect(await page.getAttribute('#export-pdf', 'href')).toBe(
        `/api/v1/briefing?as_of=${briefing.as_of}&format=pdf`,
      );
      const csv = await page.evaluate(
        (href) => fetch(href).then((r) => r.headers.get('content-type')),
        (await page.getAttribute('#export-csv', 'href'))!,
      );
      expect(csv).toBe('text/csv; charset=utf-8');
      expect(await page.content()).not.toContain(piiMarker);
      const name = `web-war-room-${viewport.width}x${viewport.height}`;
      await shot(page, name);
      await shot(page, `${name}-full`, true);
      expect(await overflow(page), 'no horizontal page scroll').toBeLessThanOrEqual(0);
      expect(
        requests.every((u) => u.startsWith(base)),
        'no request leaves the server',
      ).toBe(true);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('switches the language to Chinese, formats per locale and remembers the choice', async () => {
    const { page, problems } = await open('/');
    expect(await text(page, 'h1')).toBe('Morning briefing');
    await page.selectOption('#language-select', 'zh-CN');
    await expect.poll(() => text(page, 'h1')).toBe('晨会简报');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await text(page, 'header nav')).toContain('作战室');
    expect(await text(page, '[data-testid="briefing-as-of"]')).toContain('2026年11月25日');
    expect(await text(page, '[data-testid="no-kpis"]')).toContain('暂无 KPI 数据');
    // the Chinese text is drawn with a CJK font, not as boxes: a Chinese glyph is wider than
    // the replacement box and about as wide as the font size
    const widths = await page.evaluate(() => {
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.font = getComputedStyle(document.querySelector('h1')!).font;
      return {
        han: canvas.measureText('晨会简报').width,
        box: canvas.measureText('\u{10FFFF}').width,
      };
    });
    expect(widths.han).toBeGreaterThan(widths.box * 2);
    await page.waitForSelector('[data-testid="bucket-chart"][data-rendered="true"] svg');
    await shot(page, 'web-war-room-zh-CN-1280x800', true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await text(page, 'h1')).toBe('晨会简报');
    await page.click('header nav >> text=账户');
    await page.waitForSelector('#accounts-table');
    // money per locale from decimal strings: A-013 owes KWD 1234.567
    await page.click('[data-filter="M7+"]');
    await expect.poll(() => page.locator('#accounts-table tbody tr').count()).toBe(3);
    expect(await text(page, '[data-account-id="A-013"]')).toMatch(/KWD\s1,234\.567/);
    expect(await text(page, '[data-account-id="A-012"]')).toMatch(/US\$6,000\.00/);
    await shot(page, 'web-accounts-zh-CN-1280x800');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('pages through the accounts and filters them by bucket, risk class and portfolio', async () => {
    const { page, problems } = await open('/accounts');
    const rows = page.locator('#accounts-table tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    await page.click('#load-more');
    await expect.poll(() => rows.count()).toBe(16 + bulk);
    expect(await page.locator('#load-more').count()).toBe(0);
    await page.click('[data-filter="M7+"]');
    await expect.poll(() => rows.count()).toBe(3);
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account-id'))),
    ).toEqual(['A-011', 'A-012', 'A-013']);
    expect(await text(page, '[data-account-id="A-012"]')).toContain('$6,000.00');
    expect(await text(page, '[data-account-id="A-013"]')).toContain('KWD');
    await page.selectOption('#risk-select', 'loss');
    await expect.poll(() => rows.count()).toBe(1);
    await page.selectOption('#risk-select', '');
    await page.click('[data-filter="pre_due"]');
    await expect.poll(() => rows.count()).toBe(2);
    await page.click('[data-filter="M1"]');
    await expect.poll(() => rows.count()).toBe(3);
    await page.selectOption('#portfolio-select', 'beta');
    await expect.poll(() => rows.count()).toBe(1);
    await shot(page, 'web-accounts-filtered-1280x800');
    expect(await page.content()).not.toContain(piiMarker);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(viewports)(
    'account view shows balances, segment and bucket history at $width x $height',
    async (viewport) => {
      const { page, problems } = await open('/accounts', viewport);
      await page.click('[data-filter="M4"]');
      await page.locator('#accounts-table a', { hasText: 'A-008' }).click();
      await page.waitForSelector('[data-testid="bucket-events"]');
      expect(new URL(page.url()).pathname).toBe('/accounts/alpha/A-008');
      expect(await text(page, 'h1')).toBe('Account A-008');
      expect(await text(page, '[data-testid="overdue-amount"]')).toBe('CN¥2,500.00');
      expect(await text(page, '[data-testid="account-bucket"]')).toBe('M4');
      const events = await page.locator('[data-testid="bucket-events"] tbody tr').allInnerTexts();
      expect(events).toEqual([
        expect.stringMatching(/Oct 1, 2026\s+—\s+M3/),
        expect.stringMatching(/Oct 20, 2026\s+M3\s+M4/),
      ]);
      expect(await page.locator('[data-testid="snapshots"] tbody tr').count()).toBe(2);
      const detail = (await f.app.inject('/api/v1/accounts/A-008?portfolio=alpha')).json() as {
        segment: { segment: string; rule: string } | null;
      };
      expect(detail.segment).not.toBeNull();
      expect(
        await page.getAttribute('[data-testid="account-segment"] [data-segment]', 'data-segment'),
      ).toBe(detail.segment!.segment);
      expect(await text(page, '[data-testid="segment-rule"]')).toBe(detail.segment!.rule);
      await page.waitForSelector('[data-testid="history-chart"][data-rendered="true"] svg');
      await shot(page, `web-account-${viewport.width}x${viewport.height}`, true);
      expect(await page.content()).not.toContain(piiMarker);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      // back and forward through the browser's history
      await page.goBack();
      await page.waitForSelector('#accounts-table');
      expect(new URL(page.url()).pathname).toBe('/accounts');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('reaches the main controls with the keyboard, with a visible focus', async () => {
    const { page, problems } = await open('/');
    const reached: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        const outline = getComputedStyle(el).outlineStyle;
        return `${el.id || el.textContent?.trim() || el.tagName}|${outline}`;
      });
      reached.push(id);
    }
    const ids = reached.map((r) => r.split('|')[0]);
    expect(ids[0]).toBe('Skip to content');
    for (const want of [
      'War room',
      'Accounts',
      'Supervisor',
      'Compliance',
      'language-select',
      'sign-out',
      'portfolio-select',
      'as-of',
      'export-csv',
      'export-pdf',
    ])
      expect(ids, want).toContain(want);
    for (const r of reached) expect(r.split('|')[1], r).not.toBe('none');
    // Enter on a focused link navigates
    await page.locator('header nav a', { hasText: 'Accounts' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#accounts-table');
    await page.locator('[data-filter="M7+"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#accounts-table tbody tr').count()).toBe(3);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
