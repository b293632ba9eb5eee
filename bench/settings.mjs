// Settings the benchmark's modules share: the browser's viewport, how long a page view may take
// and when it is over, where Consentry keeps the manifest's compact form; and sleep().

export const VIEWPORT = { width: 1280, height: 800 };
/** Longest wait for one navigation to reach its target. */
export const NAV_TIMEOUT = 20_000;
/** The network must be idle this long before a navigation's measurement is closed. */
export const QUIET_MS = 500;

/** Where the loader keeps the manifest's compact form (cookie name + ":manifest"). */
export const STORE_KEY = 'consentry:manifest';

/** Resolves after `ms` ms. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
