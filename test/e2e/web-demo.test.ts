/**
 * The demo as `npm start` seeds it, in a real browser: a supervisor opens the war room on the
 * first start and the trends charts have data (roll rates and recovery from the demo's past month
 * ends), in both languages and at both sizes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCipher } from '../../src/modules/compliance/testing.js';
import { seedDemoDay } from '../../src/modules/demo/index.js';
import { seedDemoPortfolio } from '../../src/modules/portfolio/index.js';
import { buildServer } from '../../src/server.js';
import { passwordUser, signInContext } from '../support/auth.js';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';

const artifacts = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-artifacts',
);

describe('web app over the demo', () => {
  let fresh: FreshDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let password: string;

  beforeAll(async () => {
    fresh = await freshDatabase('pglite');
    await seedDemoPortfolio({
      db: fresh.db,
      cipher: testCipher,
      accounts: 400,
      asOf: '2026-11-25',
    });
    await seedDemoDay({
      db: fresh.db,
      cipher: testCipher,
      today: '2026-11-25',
      casesPerCollector: 3,
    });
    app = await buildServer({
      db: fresh.db,
      logger: false,
      cipher: testCipher,
      now: () => new Date('2026-11-25T02:00:00Z'),
    });
    password = await passwordUser(fresh.db, { username: 'lead', role: 'supervisor' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fresh?.drop();
  });

  it.each([
    { width: 1280, height: 800, locale: 'en' },
    { width: 768, height: 1024, locale: 'zh-CN' },
  ])('the war room trends have data on the first start ($width x $height, $locale)', async (v) => {
    const context = await browser.newContext({
      viewport: { width: v.width, height: v.height },
      locale: v.locale,
    });
    await signInContext(context, base, 'lead', password);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="roll-chart"][data-rendered="true"] svg');
    await page.waitForSelector('[data-testid="recovery-chart"][data-rendered="true"] svg');
    expect(await page.locator('[data-testid="no-roll-rates"]').count()).toBe(0);
    expect(await page.locator('[data-testid="no-recovery-rate"]').count()).toBe(0);
    // five months of roll rates and six of recovery behind the charts
    const months = await page
      .locator('[data-testid="roll-rates"] [data-month]')
      .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-month')))]);
    expect(months.length).toBeGreaterThanOrEqual(5);
    const recovered = await page
      .locator('[data-testid="recovery"] [data-month]')
      .evaluateAll((rows) => new Set(rows.map((r) => r.getAttribute('data-month'))).size);
    expect(recovered).toBeGreaterThanOrEqual(6);
    // the charts draw bars and lines, not an empty frame
    expect(await page.locator('[data-testid="roll-chart"] svg path').count()).toBeGreaterThan(10);
    await page.screenshot({
      path: path.join(artifacts, `web-demo-war-room-${v.locale}-${v.width}x${v.height}.png`),
      fullPage: true,
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});
