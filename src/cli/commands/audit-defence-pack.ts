import fs from 'node:fs';
import path from 'node:path';
import { buildDefencePack, renderDefencePackPdf } from '../../modules/channels/index.js';
import { openContext } from '../../shared/context.js';
import { cliActor } from '../cli-actor.js';
import type { Io } from '../output.js';

/**
 * `recourse audit defence-pack --portfolio P --debtor D --out DIR`: writes the debtor's complaint
 * defence pack as JSON and PDF into DIR and prints the two file names.
 */
export async function auditDefencePackCommand(
  opts: { portfolio: string; debtor: string; out: string },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    const pack = await buildDefencePack({
      db: ctx.db,
      portfolio: opts.portfolio,
      debtorId: opts.debtor,
      generatedAt: new Date(),
      actor: cliActor(),
    });
    const pdf = await renderDefencePackPdf(pack);
    fs.mkdirSync(opts.out, { recursive: true });
    const base = `defence-pack-${opts.portfolio}-${opts.debtor}`.replace(/[^A-Za-z0-9._-]/g, '_');
    const json = path.join(opts.out, `${base}.json`);
    const pdfFile = path.join(opts.out, `${base}.pdf`);
    fs.writeFileSync(json, JSON.stringify(pack, null, 2) + '\n');
    fs.writeFileSync(pdfFile, pdf);
    io.out(`${json}\n${pdfFile}\n`);
    return 0;
  } finally {
    await ctx.close();
  }
}
