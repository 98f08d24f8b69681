/**
 * Data scopes over HTTP: what each kind of user sees of the same portfolio. A collector sees the
 * debtors of the cases they hold and of their own queue, never another collector's case nor an
 * account placed with an agency; an agency's users see only what is placed with their agency now
 * (a recall takes it away at once); an analyst sees rows under pseudonyms; a supervisor sees all.
 * Out-of-scope reads answer 404 (they must not tell that the debtor exists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, fixtureAccounts, type FixtureApp } from '../../../test/support/api-fixture.js';
import { tokenFor } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { insertActions, insertCollector } from '../queues/testing.js';

type AccountsBody = {
  items: { account_id: string; portfolio: string }[];
  next_cursor: string | null;
};

describe.each(engines)('data scopes on %s', (engine) => {
  let f: FixtureApp;
  let alpha: bigint;
  const token = new Map<string, string>();

  beforeAll(async () => {
    f = await fixtureApp(engine);
    const [p] = await f.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    alpha = p!.portfolio_id;
    await f.db.exec(
      `INSERT INTO agencies (agency_id, name) VALUES ('AG-1', 'One'), ('AG-2', 'Two')`,
    );
    await insertCollector(f.db, { id: 'C-OWN' });
    await insertCollector(f.db, { id: 'C-OTHER' });
    await insertCollector(f.db, { id: 'AC-1', agencyId: 'AG-1' });
    const due = '2026-11-20';
    const work = (n: string) => ({ accountId: `A-${n}`, debtorId: `D-A-${n}`, dueOn: due });
    await insertActions(f.db, alpha, ['004', '005', '006', '007', '008'].map(work));
    // A-004 held by C-OWN, A-005 by C-OTHER, A-008 open in the in-house phone queue;
    // A-006 placed with AG-1 (its work in AG-1's queue), A-007 placed with AG-2
    await f.db.query(
      `UPDATE actions SET status = 'claimed', claimed_by = CASE account_id WHEN 'A-004'
         THEN 'C-OWN' ELSE 'C-OTHER' END, claimed_at = now(),
         claim_expires_at = now() + interval '30 minutes'
       WHERE portfolio_id = $1 AND account_id IN ('A-004', 'A-005')`,
      [alpha],
    );
    await f.db.query(
      `UPDATE actions SET agency_id = CASE account_id WHEN 'A-006' THEN 'AG-1' ELSE 'AG-2' END
       WHERE portfolio_id = $1 AND account_id IN ('A-006', 'A-007')`,
      [alpha],
    );
    await f.db.query(
      `INSERT INTO placements (portfolio_id, account_id, agency_id, placed_on)
       VALUES ($1, 'A-006', 'AG-1', '2026-11-01'), ($1, 'A-007', 'AG-2', '2026-11-01')`,
      [alpha],
    );
    const users: [string, Parameters<typeof tokenFor>[1]][] = [
      ['own', { role: 'collector', collectorId: 'C-OWN' }],
      ['other', { role: 'collector', collectorId: 'C-OTHER' }],
      ['agency-collector', { role: 'agency_collector', collectorId: 'AC-1', agencyId: 'AG-1' }],
      ['agency-1', { role: 'agency_manager', agencyId: 'AG-1' }],
      ['agency-2', { role: 'agency_manager', agencyId: 'AG-2' }],
      ['analyst', { role: 'analyst' }],
      ['supervisor', { role: 'supervisor' }],
      ['collector-without-collector', { role: 'collector' }],
    ];
    for (const [name, u] of users) token.set(name, await tokenFor(f.db, u));
  });
  afterAll(() => f.close());

  const get = (who: string, url: string) =>
    f.app.inject({ url, headers: { authorization: `Bearer ${token.get(who)}` } });

  async function seen(who: string): Promise<string[]> {
    const res = await get(who, '/api/v1/accounts?portfolio=alpha&limit=1000');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AccountsBody>().items.map((a) => a.account_id);
  }

  it.each([
    ['own', ['A-004', 'A-008']],
    ['other', ['A-005', 'A-008']],
    ['agency-collector', ['A-006']],
    ['agency-1', ['A-006']],
    ['agency-2', ['A-007']],
    ['collector-without-collector', []],
  ])('lists for %s only %j', async (who, expected) => {
    expect(await seen(who)).toEqual(expected);
  });

  it('lists everything for a supervisor', async () => {
    expect(await seen('supervisor')).toHaveLength(
      fixtureAccounts.filter((a) => a.portfolio === 'alpha').length,
    );
  });

  it('lists pseudonyms for an analyst, stable, with a cursor that carries no id', async () => {
    const ids = await seen('analyst');
    expect(ids).toHaveLength(fixtureAccounts.filter((a) => a.portfolio === 'alpha').length);
    for (const id of ids) expect(id).toMatch(/^ps_[0-9a-f]{16}$/);
    expect(await seen('analyst')).toEqual(ids);
    const page = await get('analyst', '/api/v1/accounts?portfolio=alpha&limit=2');
    const cursor = page.json<AccountsBody>().next_cursor!;
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/A-0/);
    const next = await get('analyst', `/api/v1/accounts?portfolio=alpha&limit=2&cursor=${cursor}`);
    expect(next.json<AccountsBody>().items.map((a) => a.account_id)).toEqual(ids.slice(2, 4));
    expect((await get('analyst', '/api/v1/accounts/A-004?portfolio=alpha')).statusCode).toBe(404);
  });

  it('answers 404 for another collector’s debtor, on every read that names one', async () => {
    for (const url of [
      '/api/v1/accounts/A-005?portfolio=alpha',
      `/api/v1/portfolios/${alpha}/accounts/A-005/ledger`,
      `/api/v1/portfolios/${alpha}/debtors/D-A-005/contact-check?channel=call`,
    ]) {
      const res = await get('own', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404);
    }
    expect((await get('own', '/api/v1/accounts/A-004?portfolio=alpha')).statusCode).toBe(200);
    expect((await get('other', '/api/v1/accounts/A-005?portfolio=alpha')).statusCode).toBe(200);
    const cases = await get('own', '/api/v1/collectors/C-OTHER/cases');
    expect(cases.statusCode).toBe(403);
    expect((await get('own', '/api/v1/collectors/C-OWN/cases')).statusCode).toBe(200);
    expect((await get('supervisor', '/api/v1/collectors/C-OTHER/cases')).statusCode).toBe(200);
  });

  it('takes a recalled account away from the agency at once', async () => {
    expect((await get('agency-2', '/api/v1/accounts/A-007?portfolio=alpha')).statusCode).toBe(200);
    await f.db.query(
      `UPDATE placements SET recalled_on = '2026-11-25', recalled_at = now()
       WHERE portfolio_id = $1 AND account_id = 'A-007'`,
      [alpha],
    );
    expect(await seen('agency-2')).toEqual([]);
    expect((await get('agency-2', '/api/v1/accounts/A-007?portfolio=alpha')).statusCode).toBe(404);
  });
});
