import { exportCheckpoints } from '../../modules/audit/index.js';
import { openContext } from '../../shared/context.js';
import { cliActor } from '../cli-actor.js';
import type { Io } from '../output.js';

/** `recourse audit export`: every checkpoint as JSON, for publishing outside the database. */
export async function auditExportCommand(opts: { consistency: boolean }, io: Io): Promise<number> {
  const ctx = await openContext();
  try {
    const e = await exportCheckpoints({
      db: ctx.db,
      withConsistencyProofs: opts.consistency,
      audit: { actor: cliActor(), at: new Date() },
    });
    io.out(JSON.stringify(e, null, 2) + '\n');
    return 0;
  } finally {
    await ctx.close();
  }
}
