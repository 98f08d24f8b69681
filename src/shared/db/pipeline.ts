/**
 * Paged work on one connection, overlapped: while this process computes a page, the server
 * reads the next one, and runs what the previous page left for it (`after`). A cycle's pages are
 * alternately server work and JavaScript work; overlapped, each waits less for the other. The
 * writes of a page are done before the next read is sent: a connection runs one statement at a
 * time, and a COPY waits for its data, which this process could not send while it computes.
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
  /**
   * Sent once a page's writes are done, and run by the server while the next page is computed:
   * statements that need nothing more from this process (no COPY), such as moving what a page
   * staged into its tables.
   */
  after?: () => Promise<unknown>;
};

/**
 * Runs every page in order; the next page is read, and the previous page's `after` run, while
 * this one is computed. Resolves once the last page's `after` is done.
 */
export async function runPages<Row, Key>(run: PagedRun<Row, Key>): Promise<void> {
  let next: Promise<Row[]> | null = run.read(undefined);
  let trailing: Promise<unknown> | null = null;
  while (next !== null) {
    const page: Row[] = await next;
    if (page.length === 0) break;
    next = page.length < run.pageSize ? null : sent(run.read(run.keyOf(page[page.length - 1]!)));
    const write = run.compute(page);
    // what was sent first fails first: a failed `after` is the error to report (the read behind
    // it then fails too), then a failed read; nothing more is written after either
    if (trailing !== null) await trailing;
    if (next !== null) await next;
    await write();
    trailing = run.after ? sent(run.after()) : null;
  }
  if (trailing !== null) await trailing;
}
