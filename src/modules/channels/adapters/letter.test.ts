import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTemplates } from '../domain/demo-templates.js';
import { renderTemplate } from '../domain/template.js';
import { createLetterAdapter, defaultCjkFont, findCjkFont, renderLetterPdf } from './letter.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-letters-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The PDF as poppler reads it: page count and text. */
function readPdf(file: string): { pages: number; text: string } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return { pages, text: text.replace(/\s+/g, '') };
}

const vars = {
  debtor_name: '张三',
  account_ref: '1234',
  amount_due: { minor: 1_234_56n, currency: 'CNY' },
  installment_count: 12,
  installment_amount: { minor: 10_288n, currency: 'CNY' },
  offer_expires_on: '2026-12-31',
  bank_hotline: '95555',
  bank_name: '示例银行',
  collector_id: 'c-17',
};

describe('letter adapter (PDF)', () => {
  it('the CJK font is installed here', () => {
    expect(fs.existsSync(defaultCjkFont)).toBe(true);
  });

  it('writes a Chinese installment offer as a PDF that parses with its text', async () => {
    const t = demoTemplates.find((x) => x.templateId === 'installment-offer-letter-zh')!;
    const r = renderTemplate(t, vars);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const a = createLetterAdapter({ dir });
    const d = await a.send({
      messageId: 'recourse-1-77',
      channel: 'letter',
      locale: 'zh-CN',
      to: '张三\n上海市浦东新区世纪大道100号\n200120',
      subject: r.subject,
      body: r.body,
    });
    const file = path.join(dir, 'recourse-1-77.pdf');
    expect(d.providerMessageId).toMatch(/^letter:recourse-1-77\.pdf:[0-9a-f]{16}$/);
    const pdf = readPdf(file);
    expect(pdf.pages).toBe(1);
    for (const s of [
      '分期还款方案',
      '尊敬的张三',
      '¥1,234.56',
      '每期¥102.88',
      '2026年12月31日',
      '世纪大道100号',
    ])
      expect(pdf.text).toContain(s.replace(/\s+/g, ''));
    // a redelivery does not print a second letter
    const mtime = fs.statSync(file).mtimeMs;
    const again = await a.send({
      messageId: 'recourse-1-77',
      channel: 'letter',
      locale: 'zh-CN',
      to: 'x',
      subject: 'x',
      body: 'x',
    });
    expect(again.providerMessageId).toBe(d.providerMessageId);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('recourse-1-77'))).toEqual([
      'recourse-1-77.pdf',
    ]);
  });

  it('writes a long English letter over several pages', async () => {
    const body = Array.from({ length: 120 }, (_, i) => `Paragraph ${i + 1} of the letter.`).join(
      '\n',
    );
    const file = path.join(dir, 'long.pdf');
    fs.writeFileSync(
      file,
      await renderLetterPdf({ to: 'Ann Lee\n1 High St', subject: 'Your account', body }, null),
    );
    const pdf = readPdf(file);
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.text).toContain('Paragraph120oftheletter.');
  });

  it('refuses Chinese text without a CJK font rather than printing boxes', async () => {
    expect(findCjkFont('/nonexistent/font.ttf')).toBeNull();
    await expect(
      renderLetterPdf({ to: '张三', subject: null, body: '您好' }, null),
    ).rejects.toMatchObject({
      name: 'DeliveryError',
    });
  });
});
