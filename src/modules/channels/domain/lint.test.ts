import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoTemplates } from './demo-templates.js';
import { isRenderingOf, lintMessage, lintTemplateText } from './lint.js';
import { lintRules, type LintRuleId } from './lint-rules.js';

// rule, text, the phrase the finding must name
const table: Array<[LintRuleId, string, string]> = [
  ['violence', '再不还钱就打断你的腿', '打断你'],
  ['violence', '小心你的人身安全', '小心你的'],
  ['violence', '不还钱后果自负', '后果自负'],
  ['violence', 'Pay now or we will break your legs', 'break your legs'],
  ['violence', 'We know where you live, {{debtor_name}}.', 'We know where you live'],
  ['arrest_or_criminal', '您已涉嫌诈骗罪，将被逮捕', '诈骗罪'],
  ['arrest_or_criminal', '三天内不还款将追究刑事责任', '刑事'],
  ['arrest_or_criminal', '你要坐牢了', '坐牢'],
  ['arrest_or_criminal', 'You will be arrested tomorrow', 'arrested'],
  ['arrest_or_criminal', 'We will file criminal charges', 'criminal'],
  ['arrest_or_criminal', 'You could go to jail', 'jail'],
  ['impersonation', '我们是公安局经侦大队', '公安'],
  ['impersonation', '法院传票已发出', '法院'],
  ['impersonation', '这是政府部门的通知', '政府'],
  ['impersonation', 'This is the police department', 'police'],
  ['impersonation', 'A court summons has been issued', 'court'],
  ['impersonation', 'Message from the Government debt office', 'Government'],
  ['third_party_pressure', '我们将联系您的家人和单位', '家人'],
  ['third_party_pressure', '会把你的欠款发到你的通讯录', '通讯录'],
  ['third_party_pressure', '在朋友圈曝光你', '朋友圈'],
  ['third_party_pressure', 'We will call your employer today', 'your employer'],
  ['third_party_pressure', 'Your contacts will hear about this', 'Your contacts'],
  ['third_party_pressure', 'We will post it on social media', 'social media'],
  ['blacklist_or_penalty', '您已被列入黑名单', '黑名单'],
  ['blacklist_or_penalty', '将影响子女上学', '影响子女'],
  ['blacklist_or_penalty', '逾期将处以罚款', '罚款'],
  ['blacklist_or_penalty', 'You have been blacklisted by all banks', 'blacklisted'],
  ['blacklist_or_penalty', 'A penalty of double the fees applies', 'penalty'],
  ['blacklist_or_penalty', 'Your credit will be ruined forever', 'forever'],
  ['insult', '你这个老赖', '老赖'],
  ['insult', '不要脸的骗子', '不要脸'],
  ['insult', 'Pay up, you deadbeat', 'deadbeat'],
  ['insult', 'Only an idiot ignores this', 'idiot'],
  ['literal_amount', '您欠款5000元，请立即还款', '5000元'],
  ['literal_amount', '请还款¥1,234.56', '¥1'],
  ['literal_amount', '您需还款五千元', '五千元'],
  ['literal_amount', 'You owe $250 today', '$2'],
  ['literal_amount', 'Pay 300 dollars now', '300 dollars'],
  ['literal_amount', 'Balance: USD 1,200.00', 'USD 1'],
  ['unknown_variable', '您好{{debtor_nickname}}', '{{debtor_nickname}}'],
  ['unknown_variable', 'Hello {{debtor_name}, pay', '{{'],
];

// Trivial evasion: the same texts written to slip past a naive filter.
const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const spaced = (s: string) => [...s].join(' ');
const zeroWidth = (s: string) => [...s].join('\u200b');
const dotted = (s: string) => [...s].join('.');
const upper = (s: string) => s.toUpperCase();

/** Applies an evasion to the phrase inside the text only (placeholders stay intact). */
function evade(text: string, phrase: string, f: (s: string) => string): [string, string] {
  const i = text.indexOf(phrase);
  const evaded = f(phrase);
  return [text.slice(0, i) + evaded + text.slice(i + phrase.length), evaded];
}

describe('lintTemplateText', () => {
  it.each(table)('%s: %s', (rule, text, phrase) => {
    const findings = lintTemplateText(text);
    const f = findings.find((x) => x.rule === rule);
    expect(f, JSON.stringify(findings)).toBeDefined();
    expect(f!.phrase).toBe(text.slice(f!.start, f!.end));
    expect(f!.phrase).toContain(phrase.slice(0, Math.min(phrase.length, f!.phrase.length)));
    expect(text.slice(f!.start, f!.end).length).toBeGreaterThan(0);
    expect(f!.source).toMatch(/REGULATIONS\.md|house rule/);
  });

  const evasions: Array<[string, (s: string) => string]> = [
    ['full-width', fullWidth],
    ['spaced', spaced],
    ['zero-width', zeroWidth],
    ['dotted', dotted],
    ['upper case', upper],
  ];
  const contentRows = table.filter(([rule]) => rule !== 'unknown_variable');
  for (const [name, f] of evasions)
    it.each(contentRows)(`${name} evasion still caught: %s: %s`, (rule, text, phrase) => {
      const [evadedText, evadedPhrase] = evade(text, phrase, f);
      const found = lintTemplateText(evadedText).filter((x) => x.rule === rule);
      // a finding points into the evaded phrase as written
      const at = evadedText.indexOf(evadedPhrase);
      expect(
        found.some((x) => x.start >= at && x.end <= at + evadedPhrase.length),
        `${evadedText} ${JSON.stringify(found)}`,
      ).toBe(true);
    });

  it('every content rule has a case in each language', () => {
    for (const r of lintRules.filter((x) => x.zh.length > 0 || x.en.length > 0)) {
      const rows = table.filter(([rule]) => rule === r.id);
      expect(
        rows.some(([, t]) => /\p{Script=Han}/u.test(t)),
        r.id,
      ).toBe(true);
      expect(
        rows.some(([, t]) => /^[\x20-\x7e]+$/.test(t)),
        r.id,
      ).toBe(true);
    }
  });

  it.each(demoTemplates.map((t) => [t.templateId, t] as const))('clean: %s', (_id, t) => {
    expect(lintTemplateText(t.body)).toEqual([]);
    if (t.subject) expect(lintTemplateText(t.subject)).toEqual([]);
  });

  it.each([
    '您的账户{{account_ref}}本期账单已出，应还{{amount_due}}。',
    '请于{{due_date}}前还款，客服热线{{bank_hotline}}（95555）。',
    'Thank you for your courtesy. Our skilled team is here to help.',
    'Please call us at {{bank_hotline}} between 9 and 17 on weekdays.',
    'You may define a payment date that suits you; we are fine with weekly payments.',
    'Dear {{debtor_name}}, your statement for {{due_date}} is ready.',
  ])('clean text passes: %s', (text) => {
    expect(lintTemplateText(text)).toEqual([]);
  });

  it('names every finding in a text with several problems, in order', () => {
    const text = '老赖，不还5000元就通知你的家人并报警';
    const rules = lintTemplateText(text).map((f) => f.rule);
    expect(rules).toEqual([
      'insult',
      'literal_amount',
      'third_party_pressure',
      'arrest_or_criminal',
    ]);
  });
});

describe('lintMessage', () => {
  const approved = demoTemplates.map((t) => t.body);

  it('a rendering of an approved template passes', () => {
    const text =
      '【示例银行】尊敬的张三，您尾号1234的账户本期应还¥1,234.56，到期日为2026年12月1日。如已还款请忽略。咨询请致电95555。回复TD退订';
    expect(isRenderingOf(text, approved[0]!)).toBe(true);
    expect(lintMessage(text, approved)).toEqual([]);
  });

  it('free text is refused', () => {
    const f = lintMessage('Hi, please pay us back soon.', approved);
    expect(f.map((x) => x.rule)).toEqual(['free_text']);
    expect(f[0]!.start).toBe(0);
  });

  it('an edited rendering is free text', () => {
    const text =
      '【示例银行】尊敬的张三，您尾号1234的账户本期应还¥1,234.56，到期日为2026年12月1日。咨询请致电95555。回复TD退订';
    expect(lintMessage(text, approved).map((x) => x.rule)).toEqual(['free_text']);
  });
});

describe('linter properties', () => {
  const banned = table.filter(([r]) => r !== 'unknown_variable' && r !== 'literal_amount');
  const safeWords = ['您好', '账户', '还款', 'please', 'account', 'thank you', '谢谢', '，', '. '];

  it('a banned phrase split by any separators inside clean text is found, at its place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...banned),
        fc.array(fc.constantFrom(...safeWords), { maxLength: 6 }),
        fc.array(fc.constantFrom(...safeWords), { maxLength: 6 }),
        fc.array(fc.constantFrom(' ', '\u200b', '-', '*', '·', '\u3000', ''), {
          minLength: 1,
          maxLength: 4,
        }),
        ([rule, , phrase], before, after, seps) => {
          const evaded = [...phrase]
            .map((c, i) => (i === 0 ? c : (seps[i % seps.length] ?? '') + c))
            .join('');
          const prefix = before.join('') + ' ';
          const text = prefix + evaded + ' ' + after.join('');
          const found = lintTemplateText(text).filter((f) => f.rule === rule);
          expect(found.length).toBeGreaterThan(0);
          expect(
            found.some((f) => f.start >= prefix.length && f.end <= prefix.length + evaded.length),
          ).toBe(true);
        },
      ),
    );
  });

  it('texts of clean words and placeholders have no findings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(...safeWords, '{{amount_due}}', '{{due_date}}', '{{bank_hotline}}', '12'),
        ),
        (parts) => {
          expect(lintTemplateText(parts.join(' '))).toEqual([]);
        },
      ),
    );
  });

  it('every finding names a phrase that is exactly the text at its offsets', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        for (const f of lintTemplateText(s)) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(s.length);
          expect(f.start).toBeLessThan(f.end);
          expect(f.phrase).toBe(s.slice(f.start, f.end));
        }
      }),
    );
  });
});
