#!/usr/bin/env node
// The `recourse` command. Runs the TypeScript sources through tsx, so a checkout works after
// `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
// A closed pipe (`recourse accounts list | head`) ends the command quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
