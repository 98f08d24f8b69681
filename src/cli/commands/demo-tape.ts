import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { syntheticTapeStream } from '../../modules/portfolio/index.js';
import { demoSeed } from '../../modules/portfolio/index.js';
import type { Io } from '../output.js';

export type DemoTapeOptions = { accounts: number; seed: number; asOf: string; out?: string };

/** `recourse demo tape`: writes a deterministic synthetic loan tape (CSV). */
export async function demoTapeCommand(o: DemoTapeOptions, io: Io): Promise<number> {
  const source = syntheticTapeStream({ seed: o.seed, count: o.accounts, asOf: o.asOf });
  if (o.out) {
    await pipeline(source, fs.createWriteStream(o.out));
    io.err(`Wrote ${o.accounts} accounts as of ${o.asOf} to ${o.out}\n`);
  } else {
    await pipeline(source, process.stdout);
  }
  return 0;
}

export { demoSeed };
