/**
 * Personal data over HTTP: masked to readers, unmasked only with a purpose and logged first,
 * refused to roles without the permission and outside the user's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureApp,
  sealAlphaPersonalData,
  type FixtureApp,
} from '../../../test/support/api-fixture.js';
import { tokenFor } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';

const person = {
  national_id: '110101199001011234',
  phone: '13800138000',
  email: 'zhang.san@example.com',
  address: '上海市浦东新区世纪大道100号',
};

describe.each(engines)('personal data routes on %s', (engine) => {
  let f: FixtureApp;
  let alpha: bigint;
  const token = new Map<string, string>();

  beforeAll(async () => {
    f = await fixtureApp(engine);
    alpha = await sealAlphaPersonalData(f.db, 'A-004', person);
    for (const role of ['supervisor', 'auditor', 'analyst', 'collector'])
      token.set(role, await tokenFor(f.db, { role }));
  });
  afterAll(() => f.close());

  const url = () => `/api/v1/portfolios/${alpha}/accounts/A-004/personal-data`;
  const as = (role: string) => ({ authorization: `Bearer ${token.get(role)}` });

  it('shows masked data to a reader, and logs nothing for it', async () => {
    const res = await f.app.inject({ url: url(), headers: as('auditor') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      debtor_id: 'D-A-004',
      masked: {
        national_id: '110101********1234',
        phone: '138****8000',
        email: 'z****@example.com',
        address: '上海市浦东**********',
      },
      revealed: {},
      read_id: null,
    });
    const [n] = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM personal_data_reads');
    expect(n!.n).toBe(0n);
  });

  it('reveals fields for a stated purpose, after logging who, when, which and why', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: `${url()}/reveal`,
      headers: as('supervisor'),
      payload: { fields: ['phone'], purpose: 'contact_debtor', note: 'callback asked for' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ revealed: Record<string, string>; read_id: string }>();
    expect(body.revealed).toEqual({ phone: '13800138000' });
    const [logged] = await f.db.query<Record<string, unknown>>(
      'SELECT account_id, debtor_id, fields, purpose, note FROM personal_data_reads WHERE read_id = $1',
      [BigInt(body.read_id)],
    );
    expect(logged).toEqual({
      account_id: 'A-004',
      debtor_id: 'D-A-004',
      fields: ['phone'],
      purpose: 'contact_debtor',
      note: 'callback asked for',
    });
    await expect(f.db.query('DELETE FROM personal_data_reads')).rejects.toThrow(/append-only/);
  });

  it('refuses to reveal without a purpose, to a read-only role, and outside the scope', async () => {
    const noPurpose = await f.app.inject({
      method: 'POST',
      url: `${url()}/reveal`,
      headers: as('supervisor'),
      payload: { fields: ['phone'] },
    });
    expect(noPurpose.statusCode).toBe(400);
    const auditor = await f.app.inject({
      method: 'POST',
      url: `${url()}/reveal`,
      headers: as('auditor'),
      payload: { fields: ['phone'], purpose: 'verify_identity' },
    });
    expect(auditor.json()).toMatchObject({
      error: { code: 'forbidden', details: { permission: 'personal_data.reveal' } },
    });
    expect((await f.app.inject({ url: url(), headers: as('analyst') })).statusCode).toBe(403);
    // a collector without this debtor in their cases: as if it did not exist
    const collector = await f.app.inject({
      method: 'POST',
      url: `${url()}/reveal`,
      headers: as('collector'),
      payload: { fields: ['phone'], purpose: 'contact_debtor' },
    });
    expect(collector.statusCode).toBe(404);
    expect(collector.body).not.toContain('138');
  });
});
