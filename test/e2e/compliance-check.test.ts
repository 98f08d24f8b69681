/**
 * `recourse compliance check` (shared/formats/contact-check.md), run as a user runs it: the real
 * command in a child process, no database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/contact-check/events.jsonl');
const line = (id: string, ...violations: string[]) =>
  JSON.stringify({ id, allowed: violations.length === 0, violations });

describe('recourse compliance check', () => {
  let dir: string;
  // no database: point both at places that must stay untouched
  const env = () => ({ RECOURSE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' });
  const file = (name: string, lines: string[]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, lines.join('\n') + '\n');
    return p;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-contact-check-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one decision per attempt, in input order (cn)', async () => {
    const r = await runCli(['compliance', 'check', '--pack', 'cn', '--events', fixture], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      line('t1'),
      line('t2', 'hours'),
      line('t3', 'template'),
      line('t4', 'third_party'),
      line('t5', 'anonymous'),
      line('t6'),
      line('t7'),
      line('t8', 'frequency'),
      line('t9', 'arrangement_active'),
      line('t10'),
      line('t11'),
      line('t12'),
      line('t13'),
      '',
    ]);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('applies the us pack to the same events', async () => {
    const r = await runCli(['compliance', 'check', '--pack', 'us', '--events', fixture], env());
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      line('t1'),
      line('t2', 'hours', 'post_conversation'),
      line('t3', 'template'),
      line('t4', 'third_party'),
      line('t5', 'post_conversation', 'anonymous'),
      line('t6', 'post_conversation'),
      line('t7', 'post_conversation'),
      line('t8', 'post_conversation'),
      line('t9', 'arrangement_active'),
      line('t10'),
      line('t11', 'post_conversation'),
      line('t12'),
      line('t13', 'hours'),
    ]);
  });

  it('exits 2 naming the line and field of a malformed line, printing no decisions', async () => {
    const good = fs.readFileSync(fixture, 'utf8').trimEnd().split('\n');
    const bad = [...good.slice(0, 4), good[4]!.replace('"channel":"call"', '"channel":"fax"')];
    const r = await runCli(
      [
        'compliance',
        'check',
        '--pack',
        'cn',
        '--events',
        file('bad.jsonl', [...bad, ...good.slice(5)]),
      ],
      env(),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'recourse: bad.jsonl: line 5, channel: expected one of call, sms, wechat, email, letter, visit\n',
    );
  });

  it.each([
    [
      'a missing field',
      '{"type":"flag","debtor_id":"D1","flag":"dispute","value":true}',
      /^recourse: .*: line 2, at: missing\n$/,
    ],
    [
      'an unknown field',
      '{"type":"debtor","debtor_id":"D2","timezone":"UTC","country":"GB","name":"x"}',
      /line 2, name: unknown field\n$/,
    ],
    ['broken JSON', '{"type":"attempt",', /line 2: not valid JSON\n$/],
  ])('exits 2 on %s', async (_name, text, message) => {
    const p = file('one.jsonl', [
      '{"type":"debtor","debtor_id":"D1","timezone":"UTC","country":"GB"}',
      text,
    ]);
    const r = await runCli(['compliance', 'check', '--pack', 'uk', '--events', p], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('exits 2 on an unknown pack', async () => {
    const r = await runCli(['compliance', 'check', '--pack', 'fr', '--events', fixture], env());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('recourse: unknown rule pack "fr" (known: cn, us, uk)\n');
  });

  it('exits 2 on a missing events file', async () => {
    const p = path.join(dir, 'nope.jsonl');
    const r = await runCli(['compliance', 'check', '--pack', 'cn', '--events', p], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`recourse: cannot read ${p}: no such file\n`);
  });

  it('prints nothing for a file without attempts', async () => {
    const p = file('empty.jsonl', [
      '{"type":"debtor","debtor_id":"D1","timezone":"UTC","country":"GB"}',
    ]);
    const r = await runCli(['compliance', 'check', '--pack', 'uk', '--events', p], env());
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});
