// @ts-check
// Consentry loader: the one script a site includes (this module and contract.ts, generated
// from the Rust side, bundled into pkg/consentry.js by scripts/build.sh).
//
//   <script type="module" async src="/consentry/consentry.js" data-manifest="/consent.json"></script>
//
// It fetches the manifest and a wasm module in parallel, lets the module's gate decide, does
// the DOM work the gate asks for, and installs window.consentry. Four builds of one crate:
//   consentry_gate:  the small gate (cookie, decisions), for returning visitors. It reads the
//                    manifest from the compact form an earlier page view checked and left in
//                    localStorage, and only if it was made from this very manifest text;
//   consentry_check: the gate with the manifest's JSON reader and checks, for a returning
//                    visitor with no such form (the manifest was edited, or storage cleared);
//   consentry_ui:    the checking gate and the Yew banner and panel, for a first visit (no
//                    consent cookie yet), so a first visit fetches one module, not two;
//   consentry_explain: the wording of manifest errors, fetched only when the manifest is
//                    invalid, to say what is wrong in the console.
// A returning visitor who opens the preferences fetches consentry_ui then, for its UI only.
// Nothing gated depends on the UI rendering. The gate decides and this file acts: it passes
// the gate what the browser knows (document.cookie, location, clock) as strings and carries out
// what comes back, so the gate binds no DOM API and stays small.

import { ATTRIBUTE, BOOT, BUILD, CHANGER, FIRST_BUILD, HOOK, NAME, STATE, VERDICT } from "./contract.ts";

const base = new URL("./", import.meta.url);
const asset = (name) => new URL(name, base).href;
/** @type {HTMLScriptElement | null} */
const tag =
  [...document.scripts].find((s) => s.src === import.meta.url) ||
  document.querySelector("script[data-manifest]");
const cookieName = (tag && tag.dataset.cookie) || NAME.DEFAULT_COOKIE;
// The tag may be `async`: then this runs while the page is still being parsed, which lets the
// gate start sooner. Whatever needs the whole document waits for it.
const parsed = /** @type {Promise<void>} */ (new Promise((resolve) =>
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", () => resolve(), { once: true }) : resolve(),
));
/** Manifests longer than this (characters) are read in a task of their own. */
const LARGE_MANIFEST = 16384;
/** Yields to the browser, continuing ahead of other queued work where the browser can. */
const nextTask = () =>
  window.scheduler && typeof scheduler.yield === "function" ? scheduler.yield() : new Promise((r) => setTimeout(r, 0));
const fail = (message, error) =>
  error === undefined ? console.error("Consentry: " + message) : console.error("Consentry: " + message, error);
/** The visitor's languages, most wanted first: the page's own (`data-lang` on the tag, else
 * `<html lang>`), then the browser's. The gate picks the first the manifest offers, a region
 * falling back to its language (`de-AT` to `de`), else the manifest's default. */
const languages = () => [(tag && tag.dataset.lang) || document.documentElement.lang, ...(navigator.languages || [navigator.language])].filter(Boolean);
/** The writing direction of a language tag: right to left for Arabic, Hebrew, Persian, Urdu
 * and the others written so (by primary subtag). @param {string} lang */
const direction = (lang) => (/^(ar|ckb|dv|fa|he|iw|ps|sd|ug|ur|yi)(-|$)/i.test(lang) ? "rtl" : "ltr");
/** Gated elements not yet looked at. */
const SELECTOR =
  `script[type='text/plain'][data-consent]:not([${ATTRIBUTE.STATE}]),` +
  `iframe[data-consent][data-src]:not([${ATTRIBUTE.STATE}])`;
/** How long one activation slice may run before yielding (ms): hundreds of elements are
 * activated in slices, not in one long task. */
const SLICE_MS = 10;

function start() {
  const url = tag && tag.dataset.manifest;
  let inline = null;
  // Revalidated on every page view ("no-cache": a 304 when unchanged), whatever the host's
  // headers: a host that sends Last-Modified alone would let the browser reuse an old manifest
  // for days, and a raised revision would not reach returning visitors.
  const manifest = url
    ? fetch(new URL(url, document.baseURI), { credentials: "same-origin", cache: "no-cache" }).then((r) => {
        if (!r.ok) throw new Error(`the manifest ${r.url} answered ${r.status}; check data-manifest`);
        return r.text();
      })
    : // An inline manifest may come after this tag: look once the page is parsed, unless it is there.
      (document.getElementById("consentry-manifest") ? Promise.resolve() : parsed).then(() => {
        inline = document.getElementById("consentry-manifest");
        if (inline) return inline.textContent;
        throw new Error(
          'no manifest: add data-manifest="/consent.json" to the script tag, or an inline ' +
            '<script type="application/json" id="consentry-manifest">',
        );
      });
  const returning = document.cookie.split(/;\s*/).some((c) => c.startsWith(cookieName + "="));
  // The checked manifest in compact form, kept beside the consent cookie once the visitor has
  // chosen (never before), so that a returning visit need not fetch the JSON reader.
  const storeKey = cookieName + NAME.FORM_KEY_SUFFIX;
  let cached = "";
  try {
    cached = (returning && localStorage.getItem(storeKey)) || "";
  } catch {} // storage disabled: every returning visit reads the JSON
  // Which build starts: decided in Rust (engine::visit::first_build), by what the browser keeps.
  const first = !returning ? FIRST_BUILD.NO_COOKIE : cached ? FIRST_BUILD.COOKIE_AND_FORM : FIRST_BUILD.COOKIE_ONLY;
  const gate = /** @type {string} */ (first) === BUILD.UI ? loadUi().then((ui) => ui.gate) : loadGate(first);
  // Whether this page's manifest is stored in compact form: once per page, since making the
  // form of a large manifest is not free.
  let remembered = false;
  /** Keeps the booted manifest's compact form for the next page view. */
  const remember = () => {
    if (remembered) return;
    remembered = true;
    try {
      localStorage.setItem(storeKey, g.compact());
    } catch {}
  };

  const listeners = { ready: new Set(), change: new Set() };
  // The browser's privacy signals.
  const signals = {
    gpc: navigator.globalPrivacyControl === true,
    dnt: navigator.doNotTrack === "1" || window.doNotTrack === "1",
  };
  let chosen = false; // a choice was applied in this page (then the banner is not needed)
  const queue = [];
  let g = null;
  let manifestText = "";

  // Other tabs of this site hear about changes and apply them without a reload. The message is
  // the new consent cookie itself ("name=value"): a tab that reads document.cookie at once may
  // not see another tab's write yet. The channel is opened once the gate has booted (opening
  // one costs a few ms), after the first activation.
  let channel = null;
  let syncing = false;
  const listenToOtherTabs = () => {
    if (!("BroadcastChannel" in window)) return;
    channel = new BroadcastChannel(NAME.CHANNEL);
    channel.onmessage = (e) =>
      change((c) => {
        syncing = true;
        try {
          const message = typeof e.data === "string" ? e.data : undefined;
          const plan = c.sync({ ...page(), message });
          if (plan) carryOut(JSON.parse(plan));
        } finally {
          syncing = false;
        }
      });
  };

  // Activation: turning inert gated elements into live ones, in document order.
  // <script type="text/plain" data-consent="…"> becomes a real script (external via data-src,
  // or inline), keeping every other attribute and its nonce; <iframe data-consent data-src> gets
  // its src. External scripts without async keep their relative order, and an inline script
  // waits until the ordered scripts before it have run, as in the parser.
  const queued = [];
  let inFlight = 0;
  let resumeScheduled = false;
  let scanPending = false;
  /** An iframe with an empty data-consent is the service whose embeds (prefixes of iframe
   * addresses, from its preset or the manifest) its data-src starts with: that id is written
   * into its data-consent. Returns its ids, "" if none. @param {Element} el */
  const idsOf = (el) => {
    let ids = el.getAttribute("data-consent") || "";
    if (!ids.trim() && el.localName == "iframe" && (ids = g.embedOf(el.getAttribute("data-src") || ""))) el.setAttribute("data-consent", ids);
    return ids;
  };
  const consider = (el) => {
    const ids = idsOf(el);
    const verdict = g.verdict(ids);
    if (verdict === VERDICT.RUN) {
      el.setAttribute(ATTRIBUTE.STATE, STATE.QUEUED);
      queued.push(el);
    } else if (verdict === VERDICT.UNKNOWN) {
      el.setAttribute(ATTRIBUTE.STATE, STATE.UNKNOWN);
      console.warn(
        `Consentry: data-consent="${ids}" names no category or service of the manifest; ` +
          "the element stays inert. Use one of the manifest's ids.",
      );
    }
  };
  const scanWithin = (root) => {
    if (root.matches(SELECTOR)) consider(root);
    root.querySelectorAll(SELECTOR).forEach(consider);
  };
  /** Looks at the page once after boot, then activates the next slice. */
  const resume = () => {
    if (scanPending) {
      scanPending = false;
      document.querySelectorAll(SELECTOR).forEach(consider);
      injectServices();
    }
    pump();
  };
  const schedule = () => {
    if (resumeScheduled) return;
    resumeScheduled = true;
    setTimeout(() => {
      resumeScheduled = false;
      resume();
    }, 0);
  };
  const resumeLater = () => queued.length && schedule();
  const settled = () => {
    inFlight = Math.max(0, inFlight - 1);
    pump();
  };
  /** Activates queued elements in order, pausing where an ordered script must load first, and
   * yielding to the browser every SLICE_MS. */
  function pump() {
    const deadline = performance.now() + SLICE_MS;
    for (;;) {
      if (performance.now() > deadline && queued.length) return resumeLater();
      const el = queued[0];
      if (!el) return;
      const script = el.localName === "script";
      if (script && inFlight > 0 && !el.hasAttribute("data-src")) return;
      queued.shift();
      const ids = el.getAttribute("data-consent");
      if (ids) g.ran(ids);
      if (script) {
        try {
          activateScript(el);
        } catch (e) {
          fail("could not activate a script", e);
        }
      } else {
        const src = el.getAttribute("data-src");
        if (src === null) continue;
        el.setAttribute(ATTRIBUTE.STATE, STATE.RUN);
        el.setAttribute("src", src);
        // The placeholder, if any, goes as the frame it stood for comes in.
        const prev = el.previousElementSibling;
        if (prev && prev.getAttribute(ATTRIBUTE.HOOK) === HOOK.PLACEHOLDER) prev.remove();
        el.removeAttribute("hidden");
      }
    }
  }
  function activateScript(old) {
    const s = document.createElement("script");
    for (const a of old.attributes) {
      if (a.name !== "type" && a.name !== "data-src" && a.name !== "data-type" && a.name !== ATTRIBUTE.STATE) s.setAttribute(a.name, a.value);
    }
    const type = old.getAttribute("data-type");
    if (type !== null) s.setAttribute("type", type);
    if (old.nonce) s.nonce = old.nonce;
    s.setAttribute(ATTRIBUTE.STATE, STATE.RUN);
    const src = old.getAttribute("data-src");
    if (src === null) s.text = old.textContent;
    else {
      const ordered = !old.hasAttribute("async");
      s.async = !ordered;
      if (ordered) {
        inFlight++;
        s.onload = s.onerror = settled;
      }
      s.src = src;
    }
    old.replaceWith(s);
  }
  /** Activates el now, whatever the consent ("Load once" on a placeholder). */
  const activateNow = (el) => {
    if (el.getAttribute(ATTRIBUTE.STATE) === STATE.RUN) return;
    el.setAttribute(ATTRIBUTE.STATE, STATE.QUEUED);
    queued.push(el);
    pump();
  };
  /** Injects the manifest-declared scripts of every service consent allows, once per page,
   * after setting the globals they read. */
  function injectServices() {
    for (const [id, globals, scripts] of JSON.parse(g.inject())) {
      for (const [name, value] of globals) window[name] = value;
      for (const [src, isAsync] of scripts) {
        const s = document.createElement("script");
        s.async = isAsync;
        s.setAttribute(ATTRIBUTE.SERVICE, id);
        s.setAttribute(ATTRIBUTE.STATE, STATE.RUN);
        s.src = src;
        document.head.append(s);
      }
    }
  }
  /** Looks at the whole page again (after a change) and activates what is now allowed. */
  const activateAll = () => {
    scanPending = true;
    resume();
  };

  /** Calls window.<path>(...args) (a dotted path) for on_revoke, logging rather than throwing. */
  function callGlobal(path, args) {
    /** @type {any} */
    let self;
    /** @type {any} */
    let f = window;
    for (const part of path.split(".")) (self = f), (f = f == null ? undefined : f[part]);
    if (typeof f !== "function")
      return fail(`on_revoke calls ${path}, which is not a function on this page; the page will keep the service until reloaded.`);
    try {
      f.apply(self, args);
    } catch (e) {
      fail("on_revoke threw", e);
    }
  }
  /** Carries out what a choice asks of the page: store the consent, call on_revoke, delete the
   * withdrawn services' cookies, tell the page, then reload or activate what is now allowed. */
  function carryOut(plan) {
    if (plan.store) {
      document.cookie = plan.store;
      if (channel) channel.postMessage(plan.store.split(";")[0]);
      if (g.keepForm()) remember();
    }
    for (const [path, args] of plan.calls) callGlobal(path, args);
    for (const assignment of plan.delete) document.cookie = assignment;
    consentMode(false);
    emit("change", plan.detail);
    if (plan.reload) location.reload();
    else activateAll();
  }
  /** Google Consent Mode, when the manifest declares it: pushes to dataLayer what the gate
   * says (engine::consent_mode::State::line). On boot, the default (unless the page has one
   * already: `consentry snippet` pasted above its Google tags), then the update for a consent
   * in force; after a change, the update. Each update is followed by an event for tag managers.
   * @param {boolean} booting */
  function consentMode(booting) {
    const said = g.consentMode();
    if (!said) return;
    // The same in both modes. In advanced mode a Google tag that ran before the default (no
    // `consentry snippet` above it) shows in Google's Tag Assistant (docs/google-consent-mode.md).
    const [byDefault, update, wait, set, ...region] = said.split(" ");
    /** The seven signals, each granted if its bit is set. @param {any} bits */
    const signals = (bits) =>
      Object.fromEntries(NAME.GOOGLE_SIGNALS.split(" ").map((name, i) => [name, (bits >> i) & 1 ? "granted" : "denied"]));
    const layer = (window.dataLayer ||= []);
    if (booting && !layer.some((e) => e && e[0] == "consent" && e[1] == "default")) {
      gtag("consent", "default", { ...signals(byDefault), wait_for_update: +wait, ...(region[0] && { region }) });
      if (+set & 1) gtag("set", "ads_data_redaction", true);
      if (+set & 2) gtag("set", "url_passthrough", true);
    }
    if (update != "-") {
      gtag("consent", "update", signals(update));
      const c = api.get();
      layer.push({ event: NAME.DATA_LAYER_EVENT, consentry_accepted: c.accepted, consentry_refused: c.refused });
    }
  }
  /** What the browser knows at the moment of a change, as the gate reads it. */
  const page = () => ({
    now: Date.now(),
    cookies: document.cookie,
    host: location.hostname,
    path: location.pathname,
    secure: location.protocol === "https:",
  });
  /** Records a choice ("all", "none" or "custom" with the ids accepted, or a function of the
   * gate that records it giving them) and carries it out.
   * @param {string} how @param {string[] | ((c: GateApi) => string[])} ids */
  const choose = (how, ids = []) =>
    change((c) => {
      const random = [...crypto.getRandomValues(new Uint8Array(16))];
      const plan = c.choose({ how, ids: typeof ids === "function" ? ids(c) : ids, random, ...page() });
      carryOut(JSON.parse(plan));
    });

  // The small gate only reads the consent. The first change on its page (a choice, or another
  // tab's) fetches a gate that can make it: the full build's if the UI is loaded or loading,
  // else consentry_check. It takes over the page from g (g.handover(): the cookies booted on,
  // the honoured signals, what has run), then replaces it as g.
  /** Reads the manifest text into gate m with `start` (its boot or take-over). A large manifest
   * is read in tasks of its own, not at the tail of the task before (which instantiated the
   * wasm, or is a click): a build that reads JSON parses it in one and decodes and checks it
   * in the next, so that none grows into a long task. A small one (most sites: a few
   * kilobytes read in well under a millisecond) is read at once.
   * @param {GateApi} m @param {string} text @param {() => number} start */
  const read = async (m, text, start) => {
    // The builds that read the JSON are handed the catalog presets it names, fetched once.
    if (m.presets && text.includes('"preset"')) m.presets(await (presets ||= fetchPresets(text)));
    if (text.length > LARGE_MANIFEST) {
      await nextTask();
      if (m.parse) {
        m.parse(text);
        await nextTask();
      }
    }
    return start();
  };
  /** @type {Promise<string> | null} */
  let presets = null;
  /** Boots gate m on the manifest text, the stored compact form (if any) and the cookies.
   * @param {GateApi} m @param {string} text @param {string} form @param {string} cookies */
  const boot = (m, text, form, cookies) => read(m, text, () => m.boot(text, form, cookies, Date.now(), signals.gpc, signals.dnt));
  /** Gate m continues the page g booted (only the builds that read JSON can).
   * @param {GateApi} m @param {string} text */
  const takeOver = (m, text) => read(m, text, () => /** @type {NonNullable<GateApi["takeOver"]>} */ (m.takeOver)(text, g.handover(), Date.now()));
  let changing = null;
  /** Calls f with a gate that can change the consent: at once when g can. */
  const change = (f) => (g.choose ? f(g) : changer().then(f).catch(failedChange));
  const changer = () =>
    (changing ||= changerGate().then(
      async (c) => {
        if ((await takeOver(c, manifestText)) === BOOT.INVALID) throw new Error("the manifest is invalid");
        return (g = c);
      },
      (e) => {
        changing = null; // a failed download is tried again on the next change
        throw e;
      },
    ));
  /** The gate that takes over for a change: which build is decided in Rust
   * (engine::visit::changer), by whether the page fetched the UI; the checking gate if the UI
   * failed to load. */
  const changerGate = () => {
    /** @type {string} */
    const build = uiPromise ? CHANGER.UI_FETCHED : CHANGER.NO_UI;
    return build === BUILD.UI && uiPromise ? uiPromise.then((ui) => ui.gate, () => loadGate(BUILD.CHECK)) : loadGate(build);
  };
  const failedChange = (e) => fail("could not record the change of consent; nothing changed", e);

  const emit = (kind, detail) => {
    if (kind === "change") {
      if (syncing) closeUi();
      queueMicrotask(placeholders); // after the gate has activated what is now allowed
    }
    document.dispatchEvent(new CustomEvent("consentry:" + kind, { detail, bubbles: true }));
    for (const fn of [...listeners[kind]]) {
      try {
        fn(detail);
      } catch (e) {
        fail(`a "${kind}" listener threw`, e);
      }
    }
  };
  const whenReady = (name, args, run) => (g ? run() : void queue.push([name, args]));

  const api = {
    /** The consent in force, or null. */
    get: () => (g ? JSON.parse(g.get()) : null),
    /** Whether a category or service id is accepted (false until ready). */
    accepted: (id) => (g ? g.accepted(String(id)) : false),
    /** Accepts everything. */
    acceptAll: () => whenReady("acceptAll", [], () => ((chosen = true), choose("all"), closeUi())),
    /** Refuses everything but what is required. */
    rejectAll: () => whenReady("rejectAll", [], () => ((chosen = true), choose("none"), closeUi())),
    /** Shows the banner. */
    show: () => whenReady("show", [], () => showUi("banner")),
    /** Shows the preferences panel. */
    showPreferences: () => whenReady("showPreferences", [], () => showUi("preferences")),
    /** Calls fn on "change" or "ready"; returns a function that unsubscribes. */
    on: (kind, fn) => {
      if (!listeners[kind] || typeof fn !== "function") {
        fail(`on(${JSON.stringify(kind)}, fn): kind must be "change" or "ready" and fn a function`);
        return () => {};
      }
      listeners[kind].add(fn);
      return () => listeners[kind].delete(fn);
    },
  };
  /** Makes calls given as arrays, [name, ...args]: the stub form a page may use at any time. */
  api.push = (...calls) => {
    for (const call of calls) {
      const [name, ...args] = Array.isArray(call) ? call : [];
      if (name !== "push" && typeof api[name] === "function") api[name](...args);
      else fail(`window.consentry.push(${JSON.stringify(call)}): not a call of the API, like ["on", "change", fn]`);
    }
    return calls.length;
  };
  const stub = window.consentry;
  Object.freeze(api);
  // A page may queue calls in an array before the loader runs (window.consentry = [[…]] or
  // (window.consentry ||= []).push([…])). With an async tag the loader may run first: then the
  // same assignment makes the calls, and push() is the API's own.
  Object.defineProperty(window, "consentry", {
    get: () => api,
    set: (calls) => (Array.isArray(calls) ? api.push(...calls) : fail("window.consentry can only be given an array of calls")),
    // Configurable like the plain property it was: a page's own top-level `let consentry` or
    // `const consentry` must not become a SyntaxError.
    configurable: true,
  });
  if (Array.isArray(stub)) api.push(...stub);

  document.addEventListener("click", (e) => {
    const opener = e.target instanceof Element && e.target.closest(`[${ATTRIBUTE.OPEN}]`);
    if (opener) {
      e.preventDefault();
      api.showPreferences();
    }
  });

  Promise.all([manifest, gate])
    .then(async ([text, m]) => {
      let booted;
      try {
        const cookies = document.cookie;
        booted = await boot(m, text, cached, cookies);
        if (booted === BOOT.STALE) {
          m = await loadGate(BUILD.CHECK);
          booted = await boot(m, text, "", cookies);
        }
      } catch (e) {
        return fail("the gate failed to start; nothing gated will run", e);
      }
      if (booted === BOOT.INVALID) {
        // The gate checks but does not word errors (it runs on every page view); explain does.
        const where = inline ? "the inline manifest" : "the manifest " + new URL(/** @type {string} */ (url), document.baseURI).href;
        return loadModule(BUILD.EXPLAIN).then(
          ([x]) => fail(`${where} is invalid, so nothing gated will run.\n${x.explain(text)}`),
          () => fail(`${where} is invalid, so nothing gated will run (run \`consentry validate\` on it for details).`),
        );
      }
      g = m;
      manifestText = text;
      consentMode(true); // before anything gated is activated
      // The gate says whether its form is worth keeping (engine::visit::keep_form), in a task
      // of its own: the form of a large manifest is large.
      if (g.keepForm && g.keepForm()) setTimeout(remember, 0);
      // Gated elements added later (by the parser or by page scripts) are activated as they come.
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scanWithin(n);
        // In a later task: this runs as a microtask right after an activation slice (which
        // inserts the scripts it observes), and pumping here would extend that slice.
        resumeLater();
      }).observe(document, { childList: true, subtree: true });
      // Looking at the page and activating it: right after "ready" for a small manifest (read
      // in well under a millisecond: the scripts run as early as the page's own would), in a task
      // of its own after a large one, so that neither grows into a long task.
      scanPending = true;
      const large = text.length > LARGE_MANIFEST;
      if (large) schedule();
      setTimeout(listenToOtherTabs, 0);
      for (const [name, args] of queue.splice(0)) api[name](...args);
      placeholders();
      parsed.then(placeholders); // frames the parser adds after boot
      emit("ready", { consent: api.get() });
      if (!large) resume();
      if (booted === BOOT.ASK && !chosen) showUi("banner");
    })
    .catch((e) => fail("could not start; nothing gated will run. " + (e && e.message ? e.message : e)));

  let root = null;
  const uiHost = {
    acceptAll: () => api.acceptAll(),
    rejectAll: () => api.rejectAll(),
    save: (ids) => ((chosen = true), choose("custom", ids), closeUi()),
  };
  async function showUi(mode) {
    try {
      const ui = await loadUi();
      // Rendering gets a task of its own, apart from boot or from the click that asked for it.
      await nextTask();
      if (!document.body) await parsed;
      if (!root) {
        root = document.createElement("div");
        root.id = "consentry-root";
        document.body.prepend(root);
      }
      // The UI shows the page its own gate holds. On a first visit that gate is g; on a
      // returning visitor's page (another build's gate, which carries no panel state) it takes
      // the page over from g now.
      if (g !== ui.gate && (await takeOver(ui.gate, manifestText)) === BOOT.INVALID) throw new Error("the manifest is invalid");
      const s = ui.gate;
      const langs = languages();
      const on = s.selection().split(" ").filter(Boolean); // the gate's lists are space-separated
      const options = { mode, on, languages: langs, decided: api.get() !== null, signal: s.optedOut() !== "" };
      ui.show(root, options, uiHost);
      // The banner and panel speak their language whatever the page does, in its direction:
      // the one the gate picks for a required category (`on` has them all).
      const d = JSON.parse(s.describe(on[0] || "", langs.join(" ")));
      if (d) root.dir = direction((root.lang = d.lang));
    } catch (e) {
      fail("could not show the consent interface", e);
    }
  }
  // Gated iframes that may not load yet get a placeholder of the same size saying what would
  // load and from whom, with "Load once" and "Always allow". Nothing is requested before a click.
  function placeholders() {
    if (!g) return;
    const langs = languages();
    for (const frame of document.querySelectorAll("iframe[data-consent][data-src]")) {
      if (!(frame instanceof HTMLIFrameElement)) continue;
      const ph = frame.previousElementSibling;
      const has = ph && ph.getAttribute(ATTRIBUTE.HOOK) === HOOK.PLACEHOLDER;
      if (frame.hasAttribute("src")) {
        if (has) ph.remove();
        frame.hidden = false;
        continue;
      }
      if (has) continue;
      const id = idsOf(frame).trim().split(/\s+/)[0];
      const d = JSON.parse(g.describe(id, langs.join(" ")));
      if (!d) continue;
      const box = document.createElement("div");
      box.setAttribute(ATTRIBUTE.HOOK, HOOK.PLACEHOLDER);
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", d.title);
      box.lang = d.lang;
      box.dir = direction(d.lang);
      const w = frame.getAttribute("width"), h = frame.getAttribute("height");
      const rect = frame.getBoundingClientRect();
      box.style.cssText =
        "box-sizing:border-box;display:flex;flex-direction:column;justify-content:center;gap:10px;" +
        "padding:16px;max-width:100%;overflow:auto;border:1px solid #b8c0cc;border-radius:8px;" +
        "background:#f3f5f8;color:#1b1f24;font:15px/1.45 system-ui,sans-serif;text-align:center;" +
        `width:${w ? w + "px" : rect.width + "px"};height:${h ? h + "px" : rect.height + "px"}`;
      const title = document.createElement("strong");
      title.textContent = d.title;
      const notice = document.createElement("p");
      notice.style.margin = "0";
      notice.textContent = d.notice;
      const actions = document.createElement("div");
      actions.style.cssText = "display:flex;flex-wrap:wrap;gap:8px;justify-content:center";
      const button = (hook, label, onclick) => {
        const b = document.createElement("button");
        b.type = "button";
        b.setAttribute(ATTRIBUTE.HOOK, hook);
        b.textContent = label;
        b.style.cssText =
          "font:inherit;font-weight:600;min-height:40px;padding:6px 14px;border-radius:6px;" +
          "border:2px solid #1f4fd1;background:#1f4fd1;color:#fff;cursor:pointer";
        b.onclick = onclick;
        actions.append(b);
      };
      button(HOOK.LOAD_ONCE, d.loadOnce, () => {
        activateNow(frame);
        placeholders();
      });
      button(HOOK.ALWAYS_ALLOW, d.alwaysAllow, () => ((chosen = true), choose("custom", (c) => [...c.selection().split(" ").filter(Boolean), id]), closeUi()));
      box.append(title, notice, actions);
      frame.hidden = true;
      frame.before(box);
    }
  }

  function closeUi() {
    if (uiPromise) uiPromise.then((ui) => ui.close(), () => {});
  }
}

/** Queues a command for Google's tags as their own gtag() does: the Arguments object itself,
 * which they tell apart from a plain array. */
function gtag() {
  (window.dataLayer ||= []).push(arguments);
}

/** The catalog presets the manifest text names, from their files (pkg/presets/NAME.json), as
 * {"presets": {NAME: {…}}}: what a page view downloads grows with the presets it uses, not with
 * the catalog. A name without a file is left out, and the gate finds the manifest invalid.
 * @param {string} text */
async function fetchPresets(text) {
  const names = new Set([...text.matchAll(/"preset"\s*:\s*"([a-z0-9-]+)"/g)].map((m) => m[1]));
  const found = await Promise.all(
    [...names].map(async (name) => {
      const response = await fetch(asset("presets/" + name + ".json"));
      return response.ok ? `"${name}":${await response.text()}` : "";
    }),
  );
  return `{"presets":{${found.filter(Boolean).join()}}}`;
}

/** Loads a wasm-bindgen module (the UI, explain), starting the wasm download at once, not
 * after its glue; resolves to its JS module and the wasm instance's exports. */
function loadModule(name) {
  const wasm = fetch(asset(name + "_bg.wasm"));
  return import(asset(name + ".js")).then(async (m) => [m, await m.default({ module_or_path: wasm })]);
}

/** Loads a gate build: a wasm module that imports nothing, so it needs no glue file. */
async function loadGate(name) {
  const response = await fetch(asset(name + ".wasm"));
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  const { instance } = /^application\/wasm/.test(response.headers.get("content-type") || "")
    ? await WebAssembly.instantiateStreaming(response, {})
    : await WebAssembly.instantiate(await response.arrayBuffer(), {}); // a server without the wasm type
  return gateApi(instance.exports);
}

/** @typedef {ReturnType<typeof gateApi>} GateApi */

/** The gate's exports (src/exports/ffi.rs) as functions of strings: a string argument is written
 * into the module's memory at an address it gives (cy_alloc), a string result is read at cy_out.
 * @param {any} x the instance's exports */
function gateApi(x) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const put = (value) => {
    const bytes = typeof value === "string" ? encoder.encode(value) : value;
    const at = x.cy_alloc(bytes.length);
    new Uint8Array(x.memory.buffer, at, bytes.length).set(bytes);
    return [at, bytes.length];
  };
  const out = (length) => decoder.decode(new Uint8Array(x.memory.buffer, x.cy_out(), length));
  return {
    boot: (text, cached, cookies, now, gpc, dnt) => x.cy_boot(...put(text), ...put(cached), ...put(cookies), now, gpc, dnt),
    // Only the builds that read JSON have these: the small gate reads the compact form and
    // the consent, and changes nothing.
    compact: x.cy_compact && (() => out(x.cy_compact())),
    parse: x.cy_parse && ((text) => x.cy_parse(...put(text))),
    presets: x.cy_presets && ((text) => x.cy_presets(...put(text))),
    // A change of consent is one request with named fields (src/engine/request.rs).
    choose: x.cy_choose && ((request) => out(x.cy_choose(...put(JSON.stringify(request))))),
    sync: x.cy_sync && ((request) => out(x.cy_sync(...put(JSON.stringify(request))))),
    handover: () => out(x.cy_handover()),
    takeOver: x.cy_take_over && ((text, state, now) => x.cy_take_over(...put(text), ...put(state), now)),
    keepForm: x.cy_keep_form && (() => x.cy_keep_form() === 1),
    get: () => out(x.cy_get()),
    consentMode: () => out(x.cy_consent_mode()),
    verdict: (ids) => x.cy_verdict(...put(ids)),
    accepted: (ids) => x.cy_verdict(...put(ids)) === VERDICT.RUN,
    ran: (ids) => x.cy_ran(...put(ids)),
    inject: () => out(x.cy_inject()),
    // The panel's: only the builds that change the consent have them.
    selection: x.cy_selection && (() => out(x.cy_selection())),
    optedOut: x.cy_opted_out && (() => out(x.cy_opted_out())),
    embedOf: (src) => out(x.cy_embed_of(...put(src))),
    describe: (id, languages) => out(x.cy_describe(...put(id), ...put(languages))),
  };
}

let uiPromise = null;
/** The full build (gate and UI) with its stylesheet applied. */
function loadUi() {
  if (!uiPromise) {
    const css = /** @type {Promise<void>} */ (new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = asset("consentry.css");
      link.onload = () => resolve();
      link.onerror = () => (fail("could not load " + link.href), resolve());
      document.head.append(link);
    }));
    // The full build: its Yew UI (show, close) and its gate.
    uiPromise = Promise.all([loadModule(BUILD.UI), css]).then(([[m, x]]) => ({ show: m.show, close: m.close, gate: gateApi(x) }));
    uiPromise.catch(() => {});
  }
  return uiPromise;
}

if (!window.__consentry) {
  window.__consentry = true;
  start();
}
