// What the loader reads from the browser beyond TypeScript's DOM library, for `tsc` only.

/** The Prioritized Task Scheduling API (read only after checking `window.scheduler`). */
declare var scheduler: { yield: () => Promise<void> };

interface Window {
  /** The Prioritized Task Scheduling API, where the browser has it. */
  scheduler?: { yield?: () => Promise<void> };
  /** Old browsers' Do-Not-Track. */
  doNotTrack?: string;
  /** The public API (or, before the loader ran, a page's array of queued calls). */
  consentry: unknown;
  /** Google's tags' command queue (Google Consent Mode). */
  dataLayer?: unknown[];
  /** Set once the loader started, so that a second copy of the tag does nothing. */
  __consentry?: boolean;
}

interface Navigator {
  /** Global Privacy Control. */
  globalPrivacyControl?: boolean;
}
