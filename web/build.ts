/**
 * Builds the web app into dist/web when its sources changed: the build is keyed by a hash of
 * every file under web/ (and the lock of the packages it bundles), written beside the output, so
 * `npm start` and the test run rebuild only what is stale and never serve a missing build.
 * Run: `tsx web/build.ts [--force]`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(webRoot, '../dist/web');
const stampFile = path.join(outDir, '.source-hash');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
      return e.isFile() ? [full] : [];
    })
    .sort();
}

/** A hash of web/'s files (names and contents) and of the installed bundle inputs. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(webRoot)) {
    hash.update(path.relative(webRoot, file)).update('\0');
    hash.update(fs.readFileSync(file)).update('\0');
  }
  const lock = path.resolve(webRoot, '../package-lock.json');
  if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
  return hash.digest('hex').slice(0, 16);
}

/** Builds dist/web unless it is already built from the current sources; true when it built. */
export async function buildWebIfStale(options: { force?: boolean } = {}): Promise<boolean> {
  const key = webSourceHash();
  const built = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  if (!options.force && built === key && fs.existsSync(path.join(outDir, 'index.html')))
    return false;
  const { build } = await import('vite');
  // A production bundle even when called from the test runner (which sets NODE_ENV=test).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(webRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(stampFile, `${key}\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const built = await buildWebIfStale({ force: process.argv.includes('--force') });
  if (built) console.log(`web app built into dist/web in ${Date.now() - started} ms`);
}
