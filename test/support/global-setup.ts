/**
 * Once per test run: a migrated, empty PGlite database dumped to a tarball (cached by the
 * migrations' checksums), so that each suite's fresh database loads in ~2 s instead of the ~7 s
 * of a new initdb.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrate, readMigrations } from '../../src/shared/db/migrate.js';
import { pgliteDb } from '../../src/shared/db/pglite.js';
import { buildWebIfStale } from '../../web/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  const key = createHash('sha256')
    .update(
      readMigrations()
        .map((m) => m.checksum)
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
  const file = path.join(os.tmpdir(), `recourse-pglite-template-${key}.tar`);
  if (!fs.existsSync(file)) {
    const raw = await PGlite.create();
    await migrate(pgliteDb(raw));
    const blob = await raw.dumpDataDir('none');
    await raw.close();
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  project.provide('pgliteTemplate', file);
  // The browser and server tests serve dist/web: rebuild it when web/ changed.
  await buildWebIfStale();
}
