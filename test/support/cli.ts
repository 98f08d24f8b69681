/** Runs the real `recourse` command in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(repoRoot, 'bin/recourse.js');

export type CliResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

export function startCli(args: string[], env: Record<string, string | undefined>): ChildProcess {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env }))
    if (
      (v !== undefined && !['DATABASE_URL', 'RECOURSE_DATA_DIR'].includes(k)) ||
      (k in env && v !== undefined)
    )
      childEnv[k] = v as string;
  return spawn(process.execPath, [bin, ...args], {
    env: childEnv,
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  return finished(startCli(args, env));
}
