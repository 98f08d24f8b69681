import { linkEvidence, proveInclusion } from '../../modules/audit/index.js';
import { openContext } from '../../shared/context.js';
import type { Io } from '../output.js';

/**
 * `recourse audit proof ENTRY_ID`: the RFC 9162 inclusion proof of one evidence entry (by its
 * seq) against the latest checkpoint covering it, or the current tree head, as JSON; the entries
 * committed since the linker last ran are linked first.
 */
export async function auditProofCommand(
  opts: { seq: bigint; against: 'checkpoint' | 'head' },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    await linkEvidence({ db: ctx.db });
    const proof = await proveInclusion({ db: ctx.db, seq: opts.seq, against: opts.against });
    io.out(JSON.stringify(proof, null, 2) + '\n');
    return 0;
  } finally {
    await ctx.close();
  }
}
