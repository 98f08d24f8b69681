import { linkEvidence } from '../../modules/audit/index.js';
import { sendDueActions } from '../../modules/channels/index.js';
import type { CalendarDate } from '../../shared/calendar.js';
import { messageChannelsOf } from '../../shared/config.js';
import { openContext } from '../../shared/context.js';
import type { Io } from '../output.js';

/**
 * `recourse outbox send-due [--as-of D] [--at INSTANT]`: the due automated actions (SMS, WeChat,
 * email, letter) of the channels that have settings, through the compliance gate into the outbox
 * (then `recourse outbox dispatch` delivers them). A run with the same as-of date and minute is
 * not run again.
 */
export async function outboxSendDueCommand(
  opts: { asOf: CalendarDate; at: Date; json: boolean },
  io: Io,
): Promise<number> {
  const ctx = await openContext();
  try {
    const channels = messageChannelsOf(ctx.config.channels);
    const s = await sendDueActions({
      db: ctx.db,
      cipher: ctx.cipher,
      asOf: opts.asOf,
      at: opts.at,
      channels,
      sender: ctx.config.sender,
      timeZone: ctx.config.timeZone,
    });
    await linkEvidence({ db: ctx.db });
    if (opts.json) io.out(JSON.stringify(s) + '\n');
    else
      io.out(
        `Send-due ${s.run_id}${s.replayed ? ' (already run: nothing done now)' : ''}: ` +
          `${s.considered} due, ${s.queued} queued, ${s.deferred} deferred, ${s.closed} closed` +
          `${channels.length === 0 ? ' (no channel has settings: nothing is sent)' : ''}.\n`,
      );
    return 0;
  } finally {
    await ctx.close();
  }
}
