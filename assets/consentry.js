// Consentry loader: the one script a site includes.
//
//   <script type="module" async src="/consentry/consentry.js" data-manifest="/consent.json"></script>
//
// It fetches the manifest and a wasm module in parallel, lets the module's gate decide and
// activate, and installs window.consentry. Three builds of one crate:
//   consentry_gate: the gate alone (cookie, decisions, activation), for returning visitors;
//   consentry_ui:   the gate and the Yew banner and panel, for a first visit (no consent
//                   cookie yet), so a first visit fetches one module, not two;
//   consentry_explain: the gate and the wording of manifest errors, fetched only when the
//                   manifest is invalid, to say what is wrong in the console.
// A returning visitor who opens the preferences fetches consentry_ui then, for its UI only.
// Nothing gated depends on the UI rendering: activation is the gate's alone.

const base = new URL("./", import.meta.url);
const asset = (name) => new URL(name, base).href;
const tag =
  [...document.scripts].find((s) => s.src === import.meta.url) ||
  document.querySelector("script[data-manifest]");
const cookieName = (tag && tag.dataset.cookie) || "consentry";
// The tag may be `async`: then this runs while the page is still being parsed, which lets the
// gate start sooner. Whatever needs the whole document waits for it.
const parsed = new Promise((resolve) =>
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", resolve, { once: true }) : resolve(),
);
/** Manifests longer than this (characters) are read in a task of their own. */
const LARGE_MANIFEST = 16384;
/** Yields to the browser, continuing ahead of other queued work where the browser can. */
const nextTask = () =>
  window.scheduler && typeof scheduler.yield === "function" ? scheduler.yield() : new Promise((r) => setTimeout(r, 0));
const fail = (message, error) =>
  error === undefined ? console.error("Consentry: " + message) : console.error("Consentry: " + message, error);

function start() {
  const url = tag && tag.dataset.manifest;
  let inline = null;
  const manifest = url
    ? fetch(new URL(url, document.baseURI), { credentials: "same-origin" }).then((r) => {
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
  const gate = returning ? loadModule("consentry_gate") : loadUi();

  const listeners = { ready: new Set(), change: new Set() };
  let chosen = false; // a choice was applied in this page (then the banner is not needed)
  const queue = [];
  let g = null;
  let manifestText = "";

  // Other tabs of this site hear about changes and apply them without a reload. The channel is
  // opened once the gate has booted (opening one costs a few ms), after the first activation.
  let channel = null;
  let syncing = false;
  const listenToOtherTabs = () => {
    if (!("BroadcastChannel" in window)) return;
    channel = new BroadcastChannel("consentry");
    channel.onmessage = () => {
      syncing = true;
      try {
        g.sync();
      } finally {
        syncing = false;
      }
    };
  };

  const emit = (kind, detail) => {
    if (kind === "change") {
      if (channel && !syncing) channel.postMessage("change");
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
    get: () => (g ? g.get() : null),
    /** Whether a category or service id is accepted (false until ready). */
    accepted: (id) => (g ? g.accepted(String(id)) : false),
    /** Accepts everything. */
    acceptAll: () => whenReady("acceptAll", [], () => ((chosen = true), g.acceptAll(), closeUi())),
    /** Refuses everything but what is required. */
    rejectAll: () => whenReady("rejectAll", [], () => ((chosen = true), g.rejectAll(), closeUi())),
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
    const opener = e.target instanceof Element && e.target.closest("[data-consentry-open]");
    if (opener) {
      e.preventDefault();
      api.showPreferences();
    }
  });

  Promise.all([manifest, gate])
    // A large manifest is read in a task of its own, not at the tail of the task that
    // instantiated the wasm, so that neither grows into a long task. A small one (most sites:
    // a few kilobytes read in well under a millisecond) is read at once.
    .then((loaded) => (loaded[0].length > LARGE_MANIFEST ? nextTask().then(() => loaded) : loaded))
    .then(([text, m]) => {
      let ask;
      try {
        const gpc = navigator.globalPrivacyControl === true;
        const dnt = navigator.doNotTrack === "1" || window.doNotTrack === "1";
        ask = m.boot(text, { emit }, gpc, dnt);
      } catch (e) {
        if (e !== "invalid manifest") return fail("the gate failed to start; nothing gated will run", e);
        // The gate checks but does not word errors (it runs on every page view); explain does.
        const where = inline ? "the inline manifest" : "the manifest " + new URL(url, document.baseURI).href;
        return loadModule("consentry_explain").then(
          (x) => fail(`${where} is invalid, so nothing gated will run.\n${x.explain(text)}`),
          () => fail(`${where} is invalid, so nothing gated will run (run \`consentry validate\` on it for details).`),
        );
      }
      g = m;
      manifestText = text;
      setTimeout(listenToOtherTabs, 0);
      for (const [name, args] of queue.splice(0)) api[name](...args);
      placeholders();
      parsed.then(placeholders); // frames the parser adds after boot
      emit("ready", { consent: g.get() });
      if (ask && !chosen) showUi("banner");
    })
    .catch((e) => fail("could not start; nothing gated will run. " + (e && e.message ? e.message : e)));

  let root = null;
  const uiHost = {
    acceptAll: () => api.acceptAll(),
    rejectAll: () => api.rejectAll(),
    save: (ids) => ((chosen = true), g.choose(ids.join(" ")), closeUi()),
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
      const langs = navigator.languages && navigator.languages.length ? [...navigator.languages] : [navigator.language || "en"];
      const on = g.selection().split(" ").filter(Boolean); // the gate's lists are space-separated
      const options = { mode, on, languages: langs, decided: g.get() !== null, signal: g.optedOut() !== "" };
      ui.show(root, manifestText, options, uiHost);
    } catch (e) {
      fail("could not show the consent interface", e);
    }
  }
  // Gated iframes that may not load yet get a placeholder of the same size saying what would
  // load and from whom, with "Load once" and "Always allow". Nothing is requested before a click.
  function placeholders() {
    if (!g) return;
    const langs = navigator.languages && navigator.languages.length ? [...navigator.languages] : [navigator.language || "en"];
    for (const frame of document.querySelectorAll("iframe[data-consent][data-src]")) {
      const ph = frame.previousElementSibling;
      const has = ph && ph.getAttribute("data-consentry") === "placeholder";
      if (frame.hasAttribute("src")) {
        if (has) ph.remove();
        frame.hidden = false;
        continue;
      }
      if (has) continue;
      const id = frame.dataset.consent.trim().split(/\s+/)[0];
      const d = g.describe(id, langs.join(" "));
      if (!d) continue;
      const box = document.createElement("div");
      box.setAttribute("data-consentry", "placeholder");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", d.title);
      box.lang = d.lang;
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
        b.setAttribute("data-consentry", hook);
        b.textContent = label;
        b.style.cssText =
          "font:inherit;font-weight:600;min-height:40px;padding:6px 14px;border-radius:6px;" +
          "border:2px solid #1f4fd1;background:#1f4fd1;color:#fff;cursor:pointer";
        b.onclick = onclick;
        actions.append(b);
      };
      button("load-once", d.loadOnce, () => {
        g.loadOnce(frame);
        placeholders();
      });
      button("always-allow", d.alwaysAllow, () => ((chosen = true), g.allow(id), closeUi()));
      box.append(title, notice, actions);
      frame.hidden = true;
      frame.before(box);
    }
  }

  function closeUi() {
    if (uiPromise) uiPromise.then((ui) => ui.close(), () => {});
  }
}

/** Loads a wasm-bindgen module, starting the wasm download at once, not after its glue. */
function loadModule(name) {
  const wasm = fetch(asset(name + "_bg.wasm"));
  return import(asset(name + ".js")).then(async (m) => {
    await m.default({ module_or_path: wasm });
    return m;
  });
}

let uiPromise = null;
/** The full build (gate and UI) with its stylesheet applied. */
function loadUi() {
  if (!uiPromise) {
    const css = new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = asset("consentry.css");
      link.onload = resolve;
      link.onerror = () => (fail("could not load " + link.href), resolve());
      document.head.append(link);
    });
    uiPromise = Promise.all([loadModule("consentry_ui"), css]).then(([m]) => m);
    uiPromise.catch(() => {});
  }
  return uiPromise;
}

if (!window.__consentry) {
  window.__consentry = true;
  start();
}
