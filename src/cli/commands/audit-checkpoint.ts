import { createCheckpoint } from '../../modules/audit/index.js';
import { openContext } from '../../shared/context.js';
import type { Io } from '../output.js';

/**
 * `recourse audit checkpoint`: links every committed evidence entry into the chain, then records
 * the tree head of the whole log and prints it.
 */
export async function auditCheckpointCommand(
  opts: { json: boolean; publishedRef?: string },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    const c = await createCheckpoint({ db: ctx.db, publishedRef: opts.publishedRef ?? null });
    if (opts.json) io.out(JSON.stringify(c) + '\n');
    else
      io.out(
        `Checkpoint ${c.checkpoint_id}${c.created ? '' : ' (unchanged since the last)'}: ` +
          `tree size ${c.tree_size}, root ${c.root_hash}, at ${c.created_at}.\n`,
      );
    return 0;
  } finally {
    await ctx.close();
  }
}
