/**
 * Paged work on one connection, overlapped: while this process computes a page, the server
 * reads the next one. A cycle's pages are alternately server work and JavaScript work;
 * overlapped, each waits less for the other. The writes of a page are done before the next read
 * is sent: a connection runs one statement at a time, and a COPY waits for its data, which this
 * process could not send while it computes.
 */

/** A statement sent now and awaited later: a failure surfaces where it is awaited. */
function sent<T>(p: Promise<T>): Promise<T> {
  // handled here so that a failure while a page is computed is not an unhandled rejection; the
  // caller still sees it when it awaits p
  p.catch(() => undefined);
  return p;
}

export type PagedRun<Row, Key> = {
  /** Reads the page after `key` (undefined: the first page). */
  read: (key: Key | undefined) => Promise<Row[]>;
  /** The key of a page's last row, to read the next page from. */
  keyOf: (last: Row) => Key;
  /** A full page has this many rows; a shorter one is the last. */
  pageSize: number;
  /**
   * Computes a page (synchronously) and returns what writes its results, called once the next
   * page is read.
   */
  compute: (page: Row[]) => () => Promise<unknown>;
};

/** Runs every page in order; the next page is read while this one is computed. */
export async function runPages<Row, Key>(run: PagedRun<Row, Key>): Promise<void> {
  let next: Promise<Row[]> | null = run.read(undefined);
  while (next !== null) {
    const page: Row[] = await next;
    if (page.length === 0) break;
    next = page.length < run.pageSize ? null : sent(run.read(run.keyOf(page[page.length - 1]!)));
    const write = run.compute(page);
    // the read first: a failed read is the error to report, and nothing more is written
    if (next !== null) await next;
    await write();
  }
}
