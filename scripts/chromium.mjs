// How the tests and the benchmark start Chromium: Debian's build, headless, without the
// background traffic (updates, sync, QUIC) that would add requests to the network log.
import { chromium } from 'playwright-core';

/** The Chromium executable (`CHROMIUM` overrides the Debian path). */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Command-line switches for every launch. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium with those settings. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}
