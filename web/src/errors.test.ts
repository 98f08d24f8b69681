/**
 * Every refusal reason the server can send has words in zh-CN and en. The reasons are read from
 * the server itself: each module's exported list (src/modules/<module>/domain/refusals.ts) and
 * every `reason: '<code>'` written into an AppError('conflict' | 'validation_failed') call, so a
 * new server reason without a translation fails here.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { errorMessage } from './errors';
import { resources } from './i18n';

const refusalModules = import.meta.glob<Record<string, unknown>>(
  '../../src/modules/*/domain/refusals.ts',
  { eager: true },
);
const serverSources = import.meta.glob<string>(['../../src/**/*.ts', '!../../src/**/*.test.ts'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

/** The exported reason lists of every module. */
function listedReasons(): Set<string> {
  const out = new Set<string>();
  for (const mod of Object.values(refusalModules))
    for (const v of Object.values(mod))
      if (Array.isArray(v)) for (const r of v) if (typeof r === 'string') out.add(r);
  return out;
}

/** The text of a call from its opening parenthesis to the one that closes it. */
function callText(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

/** Reason literals written into refusals (conflict, validation_failed) anywhere in the server. */
function literalReasons(): Set<string> {
  const out = new Set<string>();
  const call = /AppError\(\s*'(conflict|validation_failed)'/g;
  for (const source of Object.values(serverSources))
    for (const m of source.matchAll(call)) {
      const text = callText(source, m.index + 'AppError'.length);
      for (const r of text.matchAll(/reason: '([a-z_]+)'/g)) out.add(r[1]!);
    }
  return out;
}

const listed = listedReasons();
const literal = literalReasons();
const serverReasons = [...new Set([...listed, ...literal])].sort();

/** Every fact some refusal names, so that each message has all it interpolates. */
const facts = {
  status: 'active',
  action: 'approve',
  held_by: ['C1'],
  channel: 'call',
  outcome: 'paid',
  made_by: 'C2',
  held: 3,
  capacity: 3,
  collector_id: 'C9',
  unit: 'phone',
  agency_id: 'AG1',
  count: 2,
  username: 'li.lei',
  reversed_on: '2026-11-23',
  portfolios: ['alpha', 'beta'],
  setting: 'hours.end',
  value: '23:00',
  limit: '22:00',
  start: '20:00',
  end: '09:00',
  pack: 'xx',
  known: ['cn', 'us', 'uk'],
  family: 'notice',
  locale: 'en',
  template_id: 'notice-en',
  path: ['rules', 1, 'treatment'],
  strategy: 'retail',
  version: 2,
  required_role: 'manager',
  checker_role: 'supervisor',
  installment_count: 12,
  waived_minor: '200000',
  forgiven_minor: '37500',
  currency: 'CNY',
  findings: [{ rule: 'third_party_pressure', phrase: '家人' }],
};

const serverWords = 'THE SERVER’S ENGLISH';
const cjk = /[\u4e00-\u9fff]/;

async function say(lng: string, code: string, details: unknown): Promise<string> {
  await i18next.changeLanguage(lng);
  return errorMessage(new ApiError(409, code, serverWords, details), i18next.t);
}

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    fallbackLng: 'en',
    resources,
    interpolation: { escapeValue: false },
  });
});

describe('refusal reasons the server sends', () => {
  it('are found: listed by the modules and written into refusals', () => {
    expect(listed).toContain('maker_is_checker');
    expect(listed).toContain('loosens_law');
    expect(listed).toContain('lint_findings');
    // modules without a list of their own are read from the calls
    expect(literal).toContain('strategy_immutable');
    expect(literal).toContain('nothing_to_checkpoint');
    expect(serverReasons.length).toBeGreaterThan(40);
  });

  it.each(serverReasons)('%s has words in zh-CN and en', async (reason) => {
    for (const context of [{ plan_id: '1' }, { settlement_id: '1' }]) {
      const details = { ...facts, ...context, reason };
      const zh = await say('zh-CN', 'conflict', details);
      const en = await say('en', 'conflict', details);
      for (const said of [zh, en]) {
        expect(said).not.toContain(serverWords);
        expect(said).not.toMatch(/\{\{|\}\}|undefined|errors\./);
      }
      expect(zh).toMatch(cjk);
      expect(en).not.toMatch(/[\u4e00-\u9fff](?![^“]*”)/);
      expect(zh).not.toBe(en);
    }
  });
});

describe('errorMessage for refusals', () => {
  it.each([
    [
      'zh-CN',
      {
        reason: 'above_authority',
        plan_id: '7',
        required_role: 'manager',
        checker_role: 'supervisor',
        installment_count: 30,
        waived_minor: '200000',
        currency: 'CNY',
      },
      '30 期、减免 ¥2,000.00 的分期计划超出主管的审批权限：需要经理或以上审批。',
    ],
    [
      'en',
      {
        reason: 'above_authority',
        settlement_id: '3',
        required_role: 'manager',
        checker_role: 'supervisor',
        forgiven_minor: '37500',
        currency: 'CNY',
      },
      'A settlement forgiving CN¥375.00 is above what a Supervisor may approve: it needs a Manager or above.',
    ],
    ['zh-CN', { reason: 'maker_is_checker', plan_id: '7' }, '该分期计划由你提交：须由另一人审批。'],
    [
      'zh-CN',
      { reason: 'already_decided', settlement_id: '3', status: 'approved' },
      '该和解方案已处理：当前状态为已批准。',
    ],
    [
      'en',
      { reason: 'held_by_other', held_by: ['C1', 'C2'] },
      'Another collector holds this case (C1, C2).',
    ],
    [
      'zh-CN',
      { reason: 'at_capacity', held: 5, capacity: 5 },
      '你已持有 5/5 个案件：请先完成或释放一个案件。',
    ],
    [
      'zh-CN',
      {
        reason: 'lint_findings',
        findings: [
          { rule: 'third_party_pressure', phrase: '家人' },
          { rule: 'arrest_or_criminal', phrase: 'arrest' },
        ],
      },
      '文本违反规则，无法批准：威胁联系或羞辱家人、单位或通讯录联系人（“家人”）、以逮捕或刑事追诉相威胁（“arrest”）。',
    ],
    [
      'en',
      { reason: 'already_reversed', reversed_on: '2026-11-23' },
      'This payment was reversed already (on Nov 23, 2026).',
    ],
  ])('%s: %j', async (lng, details, expected) => {
    expect(await say(lng, 'conflict', details)).toBe(expected);
  });

  it('names a loosening of the law with the setting in the user’s words', async () => {
    const details = {
      reason: 'loosens_law',
      pack: 'cn',
      setting: 'hours.end',
      value: '23:00',
      limit: '22:00',
      source: 'CBA 2026',
    };
    expect(await say('zh-CN', 'validation_failed', details)).toBe(
      '联系结束：23:00 会放宽法规限值 22:00。配置只能收紧规则包。',
    );
    expect(
      await say('en', 'validation_failed', {
        reason: 'loosens_law',
        pack: 'cn',
        setting: 'hours.consentOverrides',
      }),
    ).toBe(
      'Consent lifting contact hours would loosen the rule pack (the law). A configuration may only tighten it.',
    );
  });

  it('says a checker without approval authority is refused for that', async () => {
    const refused = new ApiError(403, 'forbidden', serverWords, {
      reason: 'no_approval_authority',
    });
    await i18next.changeLanguage('zh-CN');
    expect(errorMessage(refused, i18next.t)).toBe('你没有审批权限：请管理员在你的用户上授予。');
  });

  it('keeps the server’s words only for a reason the app does not know', async () => {
    expect(await say('zh-CN', 'conflict', { reason: 'a_reason_from_tomorrow' })).toBe(
      `被拒绝：${serverWords}`,
    );
    expect(await say('en', 'conflict', null)).toBe(`Refused: ${serverWords}`);
  });
});
