/**
 * A background task of the server: `run` every `intervalMs` (never two runs at once; a run that
 * fails is logged and the next goes on). `stop` ends the loop and waits for a run in progress.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../shared/log.js';

export type Loop = { stop: () => Promise<void> };

export function every(
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  logger: Pick<Logger, 'error'>,
): Loop {
  const abort = new AbortController();
  const done = (async () => {
    while (!abort.signal.aborted) {
      await sleep(intervalMs, undefined, { signal: abort.signal }).catch(() => undefined);
      if (abort.signal.aborted) return;
      try {
        await run();
      } catch (e) {
        logger.error({ err: e }, `${name} failed; it runs again in ${intervalMs} ms`);
      }
    }
  })();
  return {
    async stop() {
      abort.abort();
      await done;
    },
  };
}
