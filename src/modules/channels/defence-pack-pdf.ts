/**
 * The defence pack as a PDF for people (the JSON is for machines): a summary, then every attempt
 * with its gate decision, outcome and message text, then every evidence entry with its hash, the
 * tree head it is proven against and the audit path.
 */
import PDFDocument from 'pdfkit';
import { findCjkFont } from './adapters/letter.js';
import type { DefencePack } from './use-cases/build-defence-pack.js';

export function renderDefencePackPdf(pack: DefencePack): Promise<Buffer> {
  const font = findCjkFont();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `Defence pack ${pack.portfolio}/${pack.debtor_id}`, Producer: 'Recourse' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (font) {
      if (font.family) doc.registerFont('body', font.path, font.family);
      else doc.registerFont('body', font.path);
      doc.font('body');
    }
    const line = (label: string, value: unknown) =>
      doc
        .fontSize(9)
        .text(`${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);

    doc.fontSize(16).text('Complaint defence pack').moveDown(0.5);
    line('Portfolio', pack.portfolio);
    line('Debtor', pack.debtor_id);
    line('Generated at', pack.generated_at);
    line('Contact attempts', String(pack.attempts.length));
    line('Evidence entries', String(pack.evidence.length));
    doc.moveDown();

    doc.fontSize(13).text('Contact attempts').moveDown(0.3);
    for (const a of pack.attempts) {
      doc.fontSize(11).text(`Attempt ${a.attempt_id} · ${a.channel} · ${a.attempted_at}`);
      line('Account', a.account_id);
      line('By', a.collector_id ?? (a.agency_id ? `agency ${a.agency_id}` : 'automated'));
      line('Recipient', a.recipient);
      line('Identity disclosed', a.identity_disclosed ? 'yes' : 'no');
      line('Gate decision', a.gate);
      line('Outcome', a.outcome ?? '(none recorded)');
      if (a.message) {
        const m = a.message;
        line('Template', `${m.template_id} v${m.template_version} (${m.locale})`);
        line('Message status', `${m.status}${m.sent_at ? ` at ${m.sent_at}` : ''}`);
        if (m.provider_message_id) line('Provider id', m.provider_message_id);
        if (m.delivery_status) line('Delivery receipt', m.delivery_status);
        if (m.subject) line('Subject', m.subject);
        doc.fontSize(9).text('Text:').text(m.body, { indent: 12 });
      }
      doc.moveDown(0.6);
    }

    doc.fontSize(13).text('Evidence entries and inclusion proofs').moveDown(0.3);
    for (const p of pack.evidence) {
      doc.fontSize(11).text(`Entry ${p.entry.seq} · ${p.entry.kind} · ${p.entry.occurred_at}`);
      line('Actor', p.entry.actor);
      line('Payload', p.entry.payload);
      line('Entry hash', p.entry.entry_hash);
      line(
        'Proven against',
        p.checkpoint
          ? `checkpoint ${p.checkpoint.checkpoint_id}, tree size ${p.tree_size}, root ${p.root_hash}`
          : `chain head, tree size ${p.tree_size}, root ${p.root_hash}`,
      );
      line('Leaf index', String(p.leaf_index));
      line('Audit path', p.audit_path.join(' '));
      doc.moveDown(0.6);
    }
    doc.fontSize(8).text(`Algorithm: ${pack.evidence[0]?.algorithm ?? 'RFC 9162 Merkle tree'}`);
    doc.end();
  });
}
