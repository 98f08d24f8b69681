/**
 * The briefing as a printable PDF (A4, one section after another). Labels are bilingual when a
 * CJK font is installed (Debian's fonts-wqy-microhei), English otherwise: a PDF with missing
 * glyphs would print boxes.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Amount, Briefing, PromiseLine, AccountLine } from './domain/briefing.js';
import { major } from './domain/briefing.js';

const cjkFonts = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

function label(en: string, zh: string, cjk: boolean): string {
  return cjk ? `${zh} ${en}` : en;
}

const money = (a: readonly Amount[]) =>
  a.length === 0 ? '-' : a.map((x) => `${major(x.currency, x.minor)} ${x.currency}`).join(', ');
const pct = (bps: number | null) => (bps === null ? 'n/a' : `${(bps / 100).toFixed(2)}%`);

/** Renders the briefing; resolves with the PDF bytes. */
export function briefingPdf(b: Briefing): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Recourse war-room briefing ${b.as_of}`, Author: 'Recourse' },
  });
  const font = cjkFonts.find((f) => fs.existsSync(f.path));
  if (font) {
    doc.registerFont('body', font.path, font.family);
    doc.font('body');
  } else doc.font('Helvetica');
  const cjk = font !== undefined;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (en: string, zh: string) => {
    doc
      .moveDown(0.8)
      .fontSize(13)
      .fillColor('#1f3a5f')
      .text(label(en, zh, cjk));
    doc.fontSize(10).fillColor('#000000');
  };
  const line = (text: string) => doc.text(text, { indent: 12 });
  const accounts = (rows: readonly AccountLine[]) => {
    for (const a of rows)
      line(
        `${a.portfolio}/${a.account_id}  ${a.bucket} ${a.dpd} DPD  ${major(a.currency, a.amount_minor)} ${a.currency}  (debtor ${a.debtor_id})`,
      );
  };
  const promises = (rows: readonly PromiseLine[]) => {
    for (const p of rows)
      line(
        `#${p.promise_id} ${p.portfolio}/${p.account_id}  ${major(p.currency, p.amount_minor)} ${p.currency}, paid ${major(p.currency, p.paid_minor)}` +
          (p.collector_id ? `  collector ${p.collector_id}` : ''),
      );
  };

  doc.fontSize(18).text(label('War-room briefing', '晨会简报', cjk));
  doc
    .fontSize(10)
    .fillColor('#555555')
    .text(`${b.as_of} · ${b.portfolio ?? label('all portfolios', '全部资产包', cjk)}`)
    .fillColor('#000000');

  heading('Segments', '分层');
  for (const s of b.segments.by_segment) line(`${s.segment}: ${s.debtors} (${pct(s.share_bps)})`);

  heading('New delinquencies (1-30 DPD)', '新增逾期');
  line(`${b.new_delinquencies.accounts} accounts, overdue ${money(b.new_delinquencies.overdue)}`);
  accounts(b.new_delinquencies.largest);

  heading(`Yesterday (${b.yesterday.date})`, '昨日');
  line(
    `actions done: ${b.yesterday.actions_done.map((c) => `${c.key} ${c.count}`).join(', ') || '-'}`,
  );
  line(
    `attempts: ${b.yesterday.attempts}; outcomes: ${b.yesterday.outcomes.map((c) => `${c.key} ${c.count}`).join(', ') || '-'}`,
  );

  heading('Promises due today', '今日到期承诺');
  line(
    `${b.promises_due_today.count} promises, ${money(b.promises_due_today.amount)}; paid so far ${money(b.promises_due_today.paid)}`,
  );
  promises(b.promises_due_today.items);

  heading('Broken promises', '违约承诺');
  line(`${b.broken_promises.count} promises, ${money(b.broken_promises.amount)}`);
  promises(b.broken_promises.items);

  heading('Escalations triggered', '升级触发');
  line(
    `${b.escalations.count}: ${b.escalations.by_rule.map((c) => `${c.key} ${c.count}`).join(', ') || '-'}`,
  );
  heading('Actions planned today', '今日计划行动');
  line(
    `${b.actions_planned.count}: ${b.actions_planned.by_unit.map((c) => `${c.key} ${c.count}`).join(', ') || '-'}`,
  );

  heading('Largest balances in red', '红色分层最大余额');
  accounts(b.top_red_accounts);

  heading('KPIs by unit, month to date', '各组本月指标');
  if (b.kpis_by_unit.length === 0) line('-');
  for (const k of b.kpis_by_unit)
    line(
      `${k.unit}: recovered ${money(k.recovered)} of target ${money(k.target)} (${pct(k.recovery_rate_bps)}); ` +
        `contact rate ${pct(k.contact_rate_bps)}; promises kept ${pct(k.promise_kept_rate_bps)}; ` +
        `${k.attempts} attempts by ${k.collectors} collectors`,
    );
  doc.end();
  return done;
}
