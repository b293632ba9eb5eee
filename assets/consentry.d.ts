// Types for window.consentry, installed by consentry.js.

/** A recorded consent. */
export interface ConsentryConsent {
  /** The manifest revision it answers. */
  revision: number;
  /** When it was given, in milliseconds since the Unix epoch. */
  givenAt: number;
  /** Random proof-of-consent id. */
  id: string;
  /** How it was given. */
  method: "accept-all" | "reject-all" | "custom";
  /** Accepted category and service ids. */
  accepted: string[];
  /** Refused category and service ids. */
  refused: string[];
  /** Browser privacy signals honoured when it was given. */
  signals: ("gpc" | "dnt")[];
}

/** Detail of the `consentry:change` event and argument of `on("change")` listeners. */
export interface ConsentryChange {
  consent: ConsentryConsent;
  /** Ids whose decision changed. */
  changed: string[];
}

/**
 * Detail of the `consentry:ready` event: the manifest and the consent cookie have been read.
 * Activating the gated elements the consent allows starts right after it (after a manifest
 * over 16 KB, in the next task), in slices.
 */
export interface ConsentryReady {
  consent: ConsentryConsent | null;
}

/** The API at window.consentry. Calls made before it is ready are queued. */
export interface Consentry {
  /** The consent in force, or null. */
  get(): ConsentryConsent | null;
  /** Whether a category or service id (or several, space-separated) is accepted. */
  accepted(id: string): boolean;
  /** Shows the banner. */
  show(): void;
  /** Shows the preferences panel. */
  showPreferences(): void;
  /** Accepts every category and service. On a returning visit the change may complete after
   * this returns (the gate that records changes is fetched then): listen for "change". */
  acceptAll(): void;
  /** Refuses everything but what is required (completes like acceptAll). */
  rejectAll(): void;
  /** Listens for changes or readiness; returns a function that unsubscribes. */
  on(kind: "change", fn: (detail: ConsentryChange) => void): () => void;
  on(kind: "ready", fn: (detail: ConsentryReady) => void): () => void;
  /** Makes calls given as arrays, `[name, ...args]`: the stub form `(window.consentry ||= []).push(["on", "change", fn])` works before and after the loader has run. */
  push(...calls: [string, ...unknown[]][]): number;
}

declare global {
  interface Window {
    consentry: Consentry;
  }
  interface DocumentEventMap {
    "consentry:ready": CustomEvent<ConsentryReady>;
    "consentry:change": CustomEvent<ConsentryChange>;
  }
}
