import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {
  createEventParser,
  createReplay,
  resolvePack,
  type ContactEvent,
} from '../../modules/compliance/index.js';
import { isAppError } from '../../shared/errors.js';
import { describeError, type Io } from '../output.js';

export type ComplianceCheckOptions = { pack: string; events: string };

/** Bad input (unknown pack, unreadable or malformed events file). */
export const badInputExit = 2;

/**
 * `recourse compliance check --pack PACK --events FILE` (shared/formats/contact-check.md): one
 * JSON line per attempt on stdout. The whole file is parsed before the first decision, so a
 * malformed line (exit 2) prints no decisions. Touches no database.
 */
export async function complianceCheckCommand(o: ComplianceCheckOptions, io: Io): Promise<number> {
  const name = path.basename(o.events);
  const fail = (message: string): number => {
    io.err(`recourse: ${message}\n`);
    return badInputExit;
  };
  let pack;
  try {
    pack = resolvePack(o.pack);
  } catch (e) {
    return fail(describeError(e));
  }
  try {
    if (!fs.statSync(o.events).isFile()) return fail(`${o.events} is not a file`);
  } catch {
    return fail(`cannot read ${o.events}: no such file`);
  }

  const parser = createEventParser();
  const events: ContactEvent[] = [];
  const lines = readline.createInterface({
    input: fs.createReadStream(o.events, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const e = parser.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text, line);
      if (e) events.push(e);
    }
  } catch (e) {
    lines.close();
    if (isAppError(e)) return fail(`${name}: ${e.message}`);
    return fail(`cannot read ${o.events}: ${describeError(e)}`);
  }

  const replay = createReplay(pack);
  let chunk = '';
  for (const e of events) {
    const d = replay.apply(e);
    if (!d) continue;
    chunk += `{"id":${JSON.stringify(d.id)},"allowed":${d.allowed},"violations":${JSON.stringify(d.violations)}}\n`;
    if (chunk.length > 1 << 16) {
      io.out(chunk);
      chunk = '';
    }
  }
  if (chunk) io.out(chunk);
  return 0;
}
