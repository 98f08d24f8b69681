import os from 'node:os';

/**
 * Who runs a command, for the evidence log's administration trail: `cli:<the operating system
 * user>` (a command runs on the server, with no signed-in user; the database login may be shared).
 */
export function cliActor(): string {
  let name: string;
  try {
    name = os.userInfo().username || 'unknown';
  } catch {
    name = 'unknown';
  }
  return `cli:${name}`.slice(0, 200);
}
