import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { anonymous } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { insertCollector } from '../queues/testing.js';

describe.each(engines)('template routes on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
    for (const id of ['c-maker', 'c-checker']) await insertCollector(f.db, { id });
  });
  afterAll(() => f.close());

  const post = (url: string, payload: unknown, collector?: string) =>
    f.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers:
        collector === 'anonymous' ? anonymous : collector ? { 'x-collector-id': collector } : {},
    });

  const draft = {
    template_id: 'route-reminder',
    locale: 'zh-CN',
    channel: 'sms',
    body: '【{{bank_name}}】{{debtor_name}}您好，本期应还{{amount_due}}，到期日{{due_date}}。',
  };

  it('requires a signed-in user to write', async () => {
    const r = await post('/api/v1/templates', draft, 'anonymous');
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toMatchObject({ code: 'unauthenticated' });
  });

  it('runs maker-checker over HTTP: self-approval 409, another person approves', async () => {
    const created = await post('/api/v1/templates', draft, 'c-maker');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ version: 1, status: 'draft', lint_findings: [] });
    const base = '/api/v1/templates/route-reminder/versions/1';
    expect((await post(`${base}/submit`, {}, 'c-maker')).json().status).toBe('pending_approval');
    const self = await post(`${base}/approve`, {}, 'c-maker');
    expect(self.statusCode).toBe(409);
    expect(self.json().error.details.reason).toBe('self_approval');
    const ok = await post(`${base}/approve`, { note: 'checked' }, 'c-checker');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decided_by: 'c-checker' });
    const again = await post(`${base}/approve`, {}, 'c-checker');
    expect(again.statusCode).toBe(409);
    const list = await f.app.inject({ url: '/api/v1/templates?status=approved' });
    expect(list.json().items.map((v: { template_id: string }) => v.template_id)).toContain(
      'route-reminder',
    );
  });

  it('writes a template into a named family, lists by family, and sets the fallback locale', async () => {
    const created = await post(
      '/api/v1/templates',
      { ...draft, template_id: 'route-courtesy', family: 'courtesy-sms' },
      'c-maker',
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ template_id: 'route-courtesy', family: 'courtesy-sms' });
    const clash = await post(
      '/api/v1/templates',
      { ...draft, template_id: 'route-courtesy-2', family: 'courtesy-sms' },
      'c-maker',
    );
    expect(clash.statusCode).toBe(409);
    const list = await f.app.inject({ url: '/api/v1/templates?family=courtesy-sms' });
    expect(list.json().items.map((v: { template_id: string }) => v.template_id)).toEqual([
      'route-courtesy',
    ]);
    const put = (payload: unknown) =>
      f.app.inject({
        method: 'PUT',
        url: '/api/v1/templates/fallback-locale',
        payload: payload as object,
      });
    const bank = await put({ portfolio_id: null, locale: 'zh-CN' });
    expect(bank.statusCode).toBe(200);
    expect(bank.json()).toEqual({ portfolio_id: null, locale: 'zh-CN' });
    expect((await put({ portfolio_id: '999999', locale: 'en' })).statusCode).toBe(404);
    expect((await put({ portfolio_id: null, locale: 'fr' })).statusCode).toBe(400);
    const [row] = await f.db.query<{ locale: string }>(
      'SELECT locale FROM message_locale_fallbacks',
    );
    expect(row).toEqual({ locale: 'zh-CN' });
    expect((await put({ portfolio_id: null, locale: null })).json()).toEqual({
      portfolio_id: null,
      locale: null,
    });
    expect(await f.db.query('SELECT locale FROM message_locale_fallbacks')).toEqual([]);
  });

  it('blocks approval of a text with findings and shows them', async () => {
    const created = await post(
      '/api/v1/templates',
      { ...draft, template_id: 'route-threat', body: '{{debtor_name}}，不还钱就报警抓你' },
      'c-maker',
    );
    expect(
      created.json().lint_findings.map((x: { rule: string; phrase: string }) => [x.rule, x.phrase]),
    ).toEqual([
      ['arrest_or_criminal', '报警'],
      ['arrest_or_criminal', '抓你'],
    ]);
    await post('/api/v1/templates/route-threat/versions/1/submit', {}, 'c-maker');
    const r = await post('/api/v1/templates/route-threat/versions/1/approve', {}, 'c-checker');
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details.reason).toBe('lint_findings');
  });

  it('answers 404 for an unknown version and 400 for unknown variables', async () => {
    const r = await post('/api/v1/templates/nope/versions/1/submit', {}, 'c-maker');
    expect(r.statusCode).toBe(404);
    const v = await post(
      '/api/v1/templates',
      { ...draft, template_id: 'route-vars', body: '{{debtor_name}} {{id_number}}' },
      'c-maker',
    );
    expect(v.statusCode).toBe(400);
  });

  it('lints arbitrary text with offsets and sources', async () => {
    const text = '你这个ＬＯＳＥＲ老 赖';
    const r = await post('/api/v1/templates/lint', { text });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.clean).toBe(false);
    expect(body.findings.map((x: { phrase: string }) => x.phrase)).toEqual(['ＬＯＳＥＲ', '老 赖']);
    for (const x of body.findings) {
      expect(text.slice(x.start, x.end)).toBe(x.phrase);
      expect(x.source).toContain('REGULATIONS.md');
    }
    const message = await post('/api/v1/templates/lint', { text: 'pay now', mode: 'message' });
    expect(message.json().findings.map((x: { rule: string }) => x.rule)).toEqual(['free_text']);
    const clean = await post('/api/v1/templates/lint', { text: '{{bank_name}} thanks you.' });
    expect(clean.json()).toEqual({ clean: true, findings: [] });
  });
});
