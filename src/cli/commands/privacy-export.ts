import fs from 'node:fs';
import { resolveCliUser } from '../../modules/auth/index.js';
import { exportPersonalData } from '../../modules/privacy/index.js';
import { listPortfolios, type RevealPurpose } from '../../modules/portfolio/index.js';
import { openContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import type { Io } from '../output.js';

/**
 * `recourse privacy export --portfolio P --debtor D --purpose X --user U [--note N] [--out F]`:
 * everything held about one person as JSON, logged as a read by user U (who must hold
 * personal_data.export) with the purpose. To F (created, mode 0600) or stdout.
 */
export async function privacyExportCommand(
  opts: {
    portfolio: string;
    debtor: string;
    purpose: RevealPurpose;
    user: string;
    note?: string | undefined;
    out?: string | undefined;
  },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    const actor = await resolveCliUser({
      db: ctx.db,
      username: opts.user,
      permission: 'personal_data.export',
    });
    const portfolio = (await listPortfolios({ db: ctx.db })).find((p) => p.name === opts.portfolio);
    if (!portfolio) throw new AppError('not_found', `no portfolio named ${opts.portfolio}`);
    const doc = await exportPersonalData({
      db: ctx.db,
      cipher: ctx.cipher,
      actor,
      portfolioId: BigInt(portfolio.portfolio_id),
      debtorId: opts.debtor,
      purpose: opts.purpose,
      note: opts.note ?? null,
      at: new Date(),
    });
    const text = JSON.stringify(doc, null, 2) + '\n';
    if (opts.out) {
      fs.writeFileSync(opts.out, text, { mode: 0o600, flag: 'wx' });
      io.err(`wrote ${opts.out} (read ${doc.read_id})\n`);
    } else io.out(text);
    return 0;
  } finally {
    await ctx.close();
  }
}
