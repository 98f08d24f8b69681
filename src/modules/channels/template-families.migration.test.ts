/**
 * Migration 0021 over a database that already has templates, a default strategy version 1 and
 * champion/challenger splits naming it: existing ids join families, version 2 replaces version 1,
 * and the splits in force from today name version 2 while those of the past stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, engines } from '../../../test/support/databases.js';
import { migrate, readMigrations } from '../../shared/db/migrate.js';
import { openPglite } from '../../shared/db/pglite.js';
import { openPostgres } from '../../shared/db/postgres.js';
import type { Db } from '../../shared/db/types.js';

const v1 = { id: 'default', version: 1 };
const split = (champion: object, challengers: object[] = []) =>
  JSON.stringify({ experiment: 'e1', champion, challengers });

describe.each(engines)('migration 0021 over existing data on %s', (engine) => {
  let db: Db;
  let drop = async (): Promise<void> => undefined;
  let today: string;

  beforeAll(async () => {
    if (engine === 'pglite') db = await openPglite(undefined);
    else {
      const pg = await createPostgresDatabase();
      db = await openPostgres(pg.url);
      drop = pg.drop;
    }
    const all = readMigrations();
    await migrate(
      db,
      all.filter((m) => m.version < 21),
    );
    [{ today }] = (await db.query<{ today: string }>('SELECT current_date::text AS today')) as [
      { today: string },
    ];
    await db.exec(`
      INSERT INTO message_templates (template_id, locale, channel, created_by) VALUES
        ('reminder-sms-zh', 'zh-CN', 'sms', 'm'), ('reminder-sms-en', 'en', 'sms', 'm'),
        ('plain', 'en', 'letter', 'm'), ('odd-zh', 'en', 'sms', 'm'),
        ('twice', 'en', 'email', 'm'), ('twice-en', 'en', 'email', 'm');
      INSERT INTO strategy_versions (strategy_id, version, status, definition, activated_at)
        SELECT 'trial', 1, 'active', definition, now() FROM strategy_versions
        WHERE strategy_id = 'default';
      INSERT INTO portfolios (name) VALUES ('p1'), ('p2'), ('p3');`);
    const ids = (
      await db.query<{ portfolio_id: bigint }>('SELECT portfolio_id FROM portfolios ORDER BY name')
    ).map((r) => r.portfolio_id);
    const trial = { id: 'trial', version: 1 };
    const insert = (p: bigint, from: string, s: string) =>
      db.execute(
        `INSERT INTO strategy_splits (portfolio_id, effective_from, split)
         VALUES ($1, $2::date, $3::jsonb)`,
        [p, from, s],
      );
    // p1: default@1 champion since the past, and a later change still to come
    await insert(ids[0]!, '2026-01-01', split(v1, [{ strategy: trial, shareBps: 2000 }]));
    await insert(ids[0]!, '2999-01-01', split(trial, [{ strategy: v1, shareBps: 1000 }]));
    // p2: trial champion, default@1 challenger
    await insert(ids[1]!, '2026-01-01', split(trial, [{ strategy: v1, shareBps: 3000 }]));
    // p3: no default at all
    await insert(ids[2]!, '2026-01-01', split(trial));
    await migrate(db, all);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it('puts existing templates in families by their id, without clashing', async () => {
    const rows = await db.query<{ template_id: string; family: string }>(
      'SELECT template_id, family FROM message_templates ORDER BY template_id',
    );
    expect(rows).toEqual([
      { template_id: 'odd-zh', family: 'odd-zh' }, // -zh on an en template: no suffix to drop
      { template_id: 'plain', family: 'plain' },
      { template_id: 'reminder-sms-en', family: 'reminder-sms' },
      { template_id: 'reminder-sms-zh', family: 'reminder-sms' },
      { template_id: 'twice', family: 'twice' },
      { template_id: 'twice-en', family: 'twice-en' }, // 'twice' holds family twice in en
    ]);
  });

  it('retires default version 1 and activates version 2', async () => {
    const rows = await db.query<{ version: number; status: string }>(
      "SELECT version, status FROM strategy_versions WHERE strategy_id = 'default' ORDER BY version",
    );
    expect(rows).toEqual([
      { version: 1, status: 'retired' },
      { version: 2, status: 'active' },
    ]);
  });

  it('renames default@1 in the splits in force from today on, and leaves the past alone', async () => {
    const rows = await db.query<{ name: string; effective_from: string; split: unknown }>(
      `SELECT p.name, s.effective_from::text AS effective_from, s.split
       FROM strategy_splits s JOIN portfolios p USING (portfolio_id)
       ORDER BY p.name, s.effective_from`,
    );
    const v2 = { id: 'default', version: 2 };
    const trial = { id: 'trial', version: 1 };
    const parsed = (s: string) => JSON.parse(s) as unknown;
    expect(rows).toEqual([
      {
        name: 'p1',
        effective_from: '2026-01-01',
        split: parsed(split(v1, [{ strategy: trial, shareBps: 2000 }])),
      },
      {
        name: 'p1',
        effective_from: today,
        split: parsed(split(v2, [{ strategy: trial, shareBps: 2000 }])),
      },
      {
        name: 'p1',
        effective_from: '2999-01-01',
        split: parsed(split(trial, [{ strategy: v2, shareBps: 1000 }])),
      },
      {
        name: 'p2',
        effective_from: '2026-01-01',
        split: parsed(split(trial, [{ strategy: v1, shareBps: 3000 }])),
      },
      {
        name: 'p2',
        effective_from: today,
        split: parsed(split(trial, [{ strategy: v2, shareBps: 3000 }])),
      },
      { name: 'p3', effective_from: '2026-01-01', split: parsed(split(trial)) },
    ]);
  });
});
