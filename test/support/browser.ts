/**
 * Debian's Chromium for the browser tests (`.ci/run` installs it with apt): headless, no sandbox
 * (CI runs as root), nothing fetched from the network on its own.
 */
import { chromium, type Browser } from 'playwright-core';

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
