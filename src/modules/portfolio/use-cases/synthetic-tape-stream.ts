import { Readable } from 'node:stream';
import { syntheticTape, tapeCsvHeader, tapeCsvLine } from '../domain/synthetic-tape.js';

export type SyntheticTapeStreamOptions = { seed: number; count: number; asOf: string };

/** A synthetic loan tape as a stream of CSV bytes, produced lazily in chunks of rows. */
export function syntheticTapeStream(o: SyntheticTapeStreamOptions): Readable {
  function* chunks(): Generator<Buffer> {
    let text = tapeCsvHeader();
    let n = 0;
    for (const r of syntheticTape(o)) {
      text += tapeCsvLine(r);
      if (++n % 2000 === 0) {
        yield Buffer.from(text, 'utf8');
        text = '';
      }
    }
    if (text) yield Buffer.from(text, 'utf8');
  }
  return Readable.from(chunks(), { objectMode: false });
}
