/**
 * The web page in a real browser: the real server on an ephemeral port over the fixture
 * database, loaded by Debian's Chromium at the two sizes the page must work at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentDebtors } from '../../src/modules/strategy/index.js';
import { bucketCounts, fixtureApp, piiMarker, type FixtureApp } from '../support/api-fixture.js';

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

describe('web page', () => {
  let f: FixtureApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    f = await fixtureApp('pglite', { bulk });
    await f.db.transaction((tx) => segmentDebtors({ tx, asOf: '2026-11-25' }));
    base = await f.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  async function open(viewport: { width: number; height: number }): Promise<{
    page: Page;
    problems: string[];
  }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { page, problems };
  }

  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  it.each(viewports)(
    'shows the fixture by bucket and risk class at $width x $height',
    async (viewport) => {
      const { page, problems } = await open(viewport);
      const expected = bucketCounts();
      for (const id of bucketIds)
        expect(await text(page, `[data-testid="bucket-count-${id}"]`), id).toBe(
          String(expected[id] ?? 0),
        );
      expect(await text(page, '[data-testid="bucket-count-pre_due"]')).toBe('2');
      expect(await text(page, '[data-testid="bucket-count-not_aged"]')).toBe(String(1 + bulk));
      expect(await text(page, '[data-testid="bucket-count-total"]')).toBe(String(16 + bulk));
      expect(await text(page, '[data-testid="risk-count-substandard"]')).toBe('4');
      expect(await text(page, '#kpi-npl')).toBe('6');
      expect(await text(page, '#latest-cycle')).toBe('2026-11-25');
      const segments = (await f.app.inject('/api/v1/segments')).json() as {
        by_segment: { segment: string; debtors: number; share_bps: number }[];
      };
      expect(segments.by_segment.some((g) => g.debtors > 0)).toBe(true);
      for (const g of segments.by_segment)
        expect(await text(page, `[data-segment="${g.segment}"]`)).toContain(
          `${g.debtors} · ${(g.share_bps / 100).toFixed(1)}%`,
        );
      expect(await page.locator('#accounts-table tbody tr').count()).toBe(50);
      expect(await page.content()).not.toContain(piiMarker);
      const name = `web-${viewport.width}x${viewport.height}`;
      await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
      await page.screenshot({ path: path.join(artifacts, `${name}-full.png`), fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, 'no horizontal page scroll').toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('pages through the accounts and filters them by bucket and by portfolio', async () => {
    const { page, problems } = await open(viewports[0]!);
    const rows = page.locator('#accounts-table tbody tr');
    await page.click('#load-more');
    await expect.poll(() => rows.count()).toBe(16 + bulk);
    expect(await page.locator('#load-more').isHidden()).toBe(true);
    await page.click('[data-filter="M7+"]');
    await expect.poll(() => rows.count()).toBe(3);
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account-id'))),
    ).toEqual(['A-011', 'A-012', 'A-013']);
    await page.click('[data-filter="pre_due"]');
    await expect.poll(() => rows.count()).toBe(2);
    await page.click('[data-filter="M1"]');
    await expect.poll(() => rows.count()).toBe(3);
    await page.selectOption('#portfolio-select', 'beta');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => text(page, '[data-testid="bucket-count-M1"]')).toBe('1');
    await page.screenshot({ path: path.join(artifacts, 'web-1280x800-filtered.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
