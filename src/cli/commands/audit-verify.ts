import { verifyEvidence } from '../../modules/audit/index.js';
import { openContext } from '../../shared/context.js';
import type { Io } from '../output.js';

/**
 * `recourse audit verify`: recomputes the evidence chain and every checkpoint. Exits 0 when the
 * log is intact, 1 naming the first bad entry (altered, deleted or reordered) or checkpoint.
 */
export async function auditVerifyCommand(opts: { json: boolean }, io: Io): Promise<number> {
  const ctx = await openContext();
  try {
    const v = await verifyEvidence({ db: ctx.db });
    if (opts.json) io.out(JSON.stringify(v) + '\n');
    else if (v.ok)
      io.out(
        `Evidence log intact: ${v.entries_checked} entries, ${v.checkpoints_checked} checkpoints ` +
          `verified; tree head ${v.tree_size} ${v.root_hash}.\n`,
      );
    else
      io.out(
        `Evidence log NOT intact after ${v.entries_checked} good entries: ${v.first_bad!.message}.\n`,
      );
    if (!v.ok) {
      const bad = v.first_bad!;
      const what =
        bad.seq !== null ? `entry ${bad.seq}` : `checkpoint ${bad.checkpoint_id ?? '(head)'}`;
      io.err(`recourse: evidence log tampered: ${what} ${bad.reason}\n`);
    }
    return v.ok ? 0 : 1;
  } finally {
    await ctx.close();
  }
}
