import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintTemplateText } from './lint.js';
import {
  decideTransition,
  formatDate,
  formatMoney,
  renderTemplate,
  type TemplateAction,
  type TemplateStatus,
} from './template.js';
import { placeholderProblems, variablesUsed } from './template-text.js';

describe('decideTransition (maker-checker)', () => {
  const finding = lintTemplateText('老赖')[0]!;
  // status, action, actor, findings, expected status or refusal reason
  const cases: Array<[TemplateStatus, TemplateAction, string, boolean, string]> = [
    ['draft', 'submit', 'maker', false, 'pending_approval'],
    ['draft', 'submit', 'checker', false, 'not_maker'],
    ['draft', 'approve', 'checker', false, 'wrong_status'],
    ['pending_approval', 'approve', 'checker', false, 'approved'],
    ['pending_approval', 'approve', 'maker', false, 'self_approval'],
    ['pending_approval', 'reject', 'maker', false, 'self_approval'],
    ['pending_approval', 'approve', 'checker', true, 'lint_findings'],
    ['pending_approval', 'reject', 'checker', true, 'rejected'],
    ['approved', 'approve', 'checker', false, 'wrong_status'],
    ['approved', 'submit', 'maker', false, 'wrong_status'],
    ['approved', 'retire', 'checker', false, 'retired'],
    ['rejected', 'approve', 'checker', false, 'wrong_status'],
    ['retired', 'retire', 'checker', false, 'wrong_status'],
  ];
  it.each(cases)('%s + %s by %s (findings %s) -> %s', (status, action, actor, dirty, expected) => {
    const r = decideTransition(
      { status, createdBy: 'maker' },
      action,
      actor,
      dirty ? [finding] : [],
    );
    expect(r.ok ? r.status : r.reason).toBe(expected);
    if (!r.ok) expect(r.code).toBe('conflict');
  });
});

describe('template text', () => {
  it('lists used variables once and names unknown ones', () => {
    expect(variablesUsed('{{debtor_name}} {{amount_due}} {{ debtor_name }}')).toEqual([
      'debtor_name',
      'amount_due',
    ]);
    expect(placeholderProblems('{{debtor_name}} {{salary}} {{Amount_Due}} }}')).toEqual([
      { kind: 'unknown_variable', text: '{{salary}}', start: 16, end: 26 },
      { kind: 'unknown_variable', text: '{{Amount_Due}}', start: 27, end: 41 },
      { kind: 'malformed_placeholder', text: '}}', start: 42, end: 44 },
    ]);
  });
});

describe('renderTemplate', () => {
  const zh = {
    locale: 'zh-CN' as const,
    subject: '提醒',
    body: '{{debtor_name}}，应还{{amount_due}}，到期日{{due_date}}',
  };
  const en = {
    locale: 'en' as const,
    subject: 'Due {{due_date}}',
    body: '{{debtor_name}}: {{amount_due}}',
  };

  it('formats money and dates per locale', () => {
    const vars = {
      debtor_name: '张三',
      amount_due: { minor: 123456n, currency: 'CNY' },
      due_date: '2026-12-01',
    };
    expect(renderTemplate(zh, vars)).toEqual({
      ok: true,
      subject: '提醒',
      body: '张三，应还¥1,234.56，到期日2026年12月1日',
    });
    expect(renderTemplate(en, { ...vars, debtor_name: 'Ann' })).toEqual({
      ok: true,
      subject: 'Due December 1, 2026',
      body: 'Ann: CN¥1,234.56',
    });
  });

  it.each([
    ['USD', 'en', 5n, '$0.05'],
    ['JPY', 'en', 5000n, '¥5,000'],
    ['KWD', 'en', 1234567n, 'KWD 1,234.567'],
    ['HKD', 'zh-CN', 100000n, 'HK$1,000.00'],
    ['CNY', 'zh-CN', 900719925474099312n, '¥9,007,199,254,740,993.12'],
  ] as const)('%s in %s: %s minor -> %s', (currency, locale, minor, text) => {
    expect(formatMoney({ minor, currency }, locale).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('refuses unknown, missing and mistyped variables, naming each', () => {
    const r = renderTemplate(zh, {
      debtor_name: '张三',
      amount_due: 100 as unknown as bigint,
      salary: '1',
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { variable: 'amount_due', message: 'must be an amount in minor units with a currency' },
        { variable: 'salary', message: 'unknown variable' },
        { variable: 'due_date', message: 'missing' },
      ],
    });
  });

  it('refuses an unknown currency and an impossible date', () => {
    const r = renderTemplate(zh, {
      debtor_name: 'x',
      amount_due: { minor: 1n, currency: 'XYZ' },
      due_date: '2026-02-30',
    });
    expect(r.ok ? [] : r.problems.map((p) => p.variable)).toEqual(['amount_due', 'due_date']);
  });

  it('money keeps every minor unit: the digits of the rendering are the digits of the amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.constantFrom('CNY', 'USD', 'JPY', 'KWD', 'HKD'),
        fc.constantFrom('zh-CN' as const, 'en' as const),
        (minor, currency, locale) => {
          const digits = formatMoney({ minor, currency }, locale).replace(/[^0-9]/g, '');
          expect(BigInt(digits)).toBe(minor);
        },
      ),
    );
  });

  it('dates render the same calendar day in both locales', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split('-').map(Number);
          expect(formatDate(iso, 'zh-CN')).toBe(`${y}年${m}月${day}日`);
          expect(formatDate(iso, 'en')).toContain(String(y));
        },
      ),
    );
  });
});
