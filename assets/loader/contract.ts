// Generated from src/contract.rs and src/hooks.rs: do not edit. `UPDATE=1 cargo test`
// rewrites it; a test fails when it is stale.

/** The gate's boot answers. */
export enum BOOT {
  DECIDED = 0,
  ASK = 1,
  INVALID = 2,
  STALE = 3,
}

/** The verdicts on a data-consent value. */
export enum VERDICT {
  RUN = 0,
  WAIT = 1,
  UNKNOWN = 2,
}

/** The data-consentry hook names. */
export enum HOOK {
  BANNER = "banner",
  ACCEPT_ALL = "accept-all",
  REJECT_ALL = "reject-all",
  PREFERENCES = "preferences",
  PANEL = "panel",
  SAVE = "save",
  CLOSE = "close",
  TOGGLE = "toggle",
  PLACEHOLDER = "placeholder",
  LOAD_ONCE = "load-once",
  ALWAYS_ALLOW = "always-allow",
}

/** The values of ATTRIBUTE.STATE. */
export enum STATE {
  QUEUED = "queued",
  RUN = "run",
  UNKNOWN = "unknown",
}

/** The wasm builds' file names. */
export enum BUILD {
  GATE = "consentry_gate",
  CHECK = "consentry_check",
  UI = "consentry_ui",
  EXPLAIN = "consentry_explain",
}

/** The build a page view starts with, by what the browser keeps (engine::visit::first_build). */
export enum FIRST_BUILD {
  NO_COOKIE = "consentry_ui",
  COOKIE_AND_FORM = "consentry_gate",
  COOKIE_ONLY = "consentry_check",
}

/** The build that takes over for a change, by whether the page fetched the UI (engine::visit::changer). */
export enum CHANGER {
  UI_FETCHED = "consentry_ui",
  NO_UI = "consentry_check",
}

/** The attributes the loader reads or writes. */
export enum ATTRIBUTE {
  HOOK = "data-consentry",
  STATE = "data-consentry-state",
  SERVICE = "data-consentry-service",
  OPEN = "data-consentry-open",
}

/** Names the loader uses in the browser. */
export enum NAME {
  DEFAULT_COOKIE = "consentry",
  FORM_KEY_SUFFIX = ":manifest",
  CHANNEL = "consentry",
  DATA_LAYER_EVENT = "consentry_update",
  GOOGLE_SIGNALS = "ad_storage ad_user_data ad_personalization analytics_storage functionality_storage personalization_storage security_storage",
}
