/**
 * Letters as PDF (pdfkit), written to the print room's directory, one file per message named by
 * its idempotency key: a redelivery finds the file and does not print a second letter. Chinese
 * text needs a CJK font (WenQuanYi Micro Hei where installed); without one, a Chinese letter is
 * refused rather than printed as empty boxes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import {
  DeliveryError,
  type ChannelAdapter,
  type Delivery,
  type OutboundMessage,
} from '../adapter.js';

export const defaultCjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export type LetterFont = { path: string; family?: string };

export type LetterContent = {
  /** Postal address, one line per address line. */
  to: string;
  subject: string | null;
  body: string;
  /** The date line, already formatted for the locale. */
  dateLine?: string;
};

/** The CJK font to use: the given one, else the default when installed, else none. */
export function findCjkFont(given?: string): LetterFont | null {
  const file = given ?? defaultCjkFont;
  if (!fs.existsSync(file)) return null;
  return file.endsWith('.ttc') ? { path: file, family: 'WenQuanYiMicroHei' } : { path: file };
}

const needsCjk = (s: string) => /[^\n\r\t\u0020-\u024f\u2000-\u206f\u20a0-\u20cf]/.test(s);

/** Renders a letter to PDF bytes: address block, date, subject, body (A4, 2.5 cm margins). */
export function renderLetterPdf(content: LetterContent, font: LetterFont | null): Promise<Buffer> {
  const all = `${content.to}\n${content.subject ?? ''}\n${content.body}\n${content.dateLine ?? ''}`;
  if (needsCjk(all) && !font)
    return Promise.reject(
      new DeliveryError('letter: the text needs a CJK font and none is installed', false),
    );
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 71,
      info: { Title: content.subject ?? 'Letter', Producer: 'Recourse', Creator: 'Recourse' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (font) {
      if (font.family) doc.registerFont('body', font.path, font.family);
      else doc.registerFont('body', font.path);
      doc.font('body');
    } else doc.font('Helvetica');
    doc.fontSize(11).text(content.to, { lineGap: 2 });
    doc.moveDown(2);
    if (content.dateLine) doc.text(content.dateLine, { align: 'right' }).moveDown();
    if (content.subject) doc.fontSize(14).text(content.subject).moveDown().fontSize(11);
    doc.text(content.body, { lineGap: 3, paragraphGap: 6 });
    doc.end();
  });
}

export type LetterAdapterOptions = { dir: string; fontPath?: string };

export function createLetterAdapter(opts: LetterAdapterOptions): ChannelAdapter {
  const font = findCjkFont(opts.fontPath);
  return {
    async send(m: OutboundMessage): Promise<Delivery> {
      if (!/^[A-Za-z0-9._-]{1,200}$/.test(m.messageId))
        throw new DeliveryError('letter: message id is not a safe file name', true);
      fs.mkdirSync(opts.dir, { recursive: true });
      const file = path.join(opts.dir, `${m.messageId}.pdf`);
      if (!fs.existsSync(file)) {
        const pdf = await renderLetterPdf({ to: m.to, subject: m.subject, body: m.body }, font);
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, pdf);
        fs.renameSync(tmp, file);
      }
      const digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      return { providerMessageId: `letter:${path.basename(file)}:${digest.slice(0, 16)}` };
    },
  };
}
