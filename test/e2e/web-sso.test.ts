/**
 * Single sign-on in a real browser: Debian's Chromium presses "Sign in with ..." on the login
 * page, signs in at a real OpenID provider (oidc-provider) on another site, and comes back signed
 * in, or refused. The app is reached as http://recourse.test (mapped to 127.0.0.1 in the browser)
 * and the provider as http://127.0.0.1, so the callback is a cross-site navigation, as with a
 * bank's provider: the Lax sign-in cookie must come back, the Strict session cookie must still work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server.js';
import { oidcCallbackPath } from '../../src/shared/config.js';
import { seedFixture } from '../support/api-fixture.js';
import { passwordUser } from '../support/auth.js';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';
import { reserveAppServer, startTestProvider, type TestProvider } from '../support/oidc.js';

const artifacts = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-artifacts',
);

describe('single sign-on in the browser', () => {
  let f: FreshDatabase;
  let idp: TestProvider;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    f = await freshDatabase('pglite');
    await seedFixture(f.db);
    await passwordUser(f.db, { username: 'alice', role: 'supervisor' });
    const server = await reserveAppServer();
    base = server.base.replace('127.0.0.1', 'recourse.test');
    idp = await startTestProvider({
      redirectUri: `${base}${oidcCallbackPath}`,
      accounts: {
        'idp-alice': { preferred_username: 'alice' },
        'idp-ghost': { preferred_username: 'ghost' },
      },
    });
    const app = await buildServer({ db: f.db, oidc: idp.settings({ label: 'Bank SSO' }) });
    await server.attach(app);
    close = async () => {
      await server.close();
      await app.close();
    };
    browser = await launchChromium([
      // the app's own site name, so that the provider's callback crosses sites
      '--host-resolver-rules=MAP recourse.test 127.0.0.1',
    ]);
    fs.mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await idp?.close();
    await f?.drop();
  });

  async function signInWithProvider(
    context: BrowserContext,
    subject: string,
  ): Promise<{ page: Awaited<ReturnType<BrowserContext['newPage']>>; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/login`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#login-sso');
    await page.waitForURL(`${idp.issuer}/**`);
    await page.fill('#idp-login', subject);
    await page.click('#idp-submit');
    await page.waitForURL(`${base}/**`);
    return { page, problems };
  }

  it('signs in through the provider from the login page, with the same session as a password', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const { page, problems } = await signInWithProvider(context, 'idp-alice');
    await page.waitForSelector('[data-testid="signed-in-as"]');
    expect(await page.locator('[data-testid="signed-in-as"]').innerText()).toContain('alice');
    expect(new URL(page.url()).pathname).toBe('/');
    const cookies = await context.cookies(base);
    const session = cookies.find((c) => c.name === 'recourse_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies.find((c) => c.name === 'recourse_oidc')).toBeUndefined();
    // a change from the page carries the session's CSRF token: sign-out works, and is final
    await page.click('#sign-out');
    await page.waitForSelector('#login-sso');
    const after = await page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.status));
    expect(after).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the button with the provider’s label, and a refusal in the user’s language', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#login-sso').innerText()).toBe('使用 Bank SSO 登录');
    await page.close();
    const refused = await signInWithProvider(context, 'idp-ghost');
    await refused.page.waitForSelector('[data-testid="login-error"]');
    expect(new URL(refused.page.url()).search).toBe('?error=sso_refused');
    expect(await refused.page.locator('[data-testid="login-error"]').innerText()).toContain(
      '未关联任何有效的 Recourse 用户',
    );
    expect((await context.cookies(base)).map((c) => c.name)).not.toContain('recourse_session');
    await refused.page.screenshot({ path: path.join(artifacts, 'web-sso-refused-zh.png') });
    await context.close();
  });
});
