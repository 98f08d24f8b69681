/**
 * Paged work on one connection, overlapped: while this process computes a page, the server
 * reads the next one and writes the previous page's results (statements on one connection run
 * in the order they were sent). A cycle's pages are alternately server work and JavaScript work;
 * overlapped, each waits less for the other.
 */

/** A statement sent now and awaited later: a failure surfaces where it is awaited. */
function sent<T>(p: Promise<T>): Promise<T> {
  // handled here so that a failure while another page is computed is not an unhandled
  // rejection; the caller still sees it when it awaits p
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
   * Computes a page (synchronously) and returns what sends its writes, called once the previous
   * page's writes are done; its promise settles when these are done.
   */
  compute: (page: Row[]) => () => Promise<unknown>;
};

/** Runs every page; the next read and the previous writes overlap with each computation. */
export async function runPages<Row, Key>(run: PagedRun<Row, Key>): Promise<void> {
  let next: Promise<Row[]> | null = sent(run.read(undefined));
  let writing: Promise<unknown> = Promise.resolve();
  while (next !== null) {
    const page: Row[] = await next;
    if (page.length === 0) break;
    next = page.length < run.pageSize ? null : sent(run.read(run.keyOf(page[page.length - 1]!)));
    const send = run.compute(page);
    // at most one page's writes in flight
    await writing;
    writing = sent(send());
  }
  await writing;
}
