// The in-page probes: the init script that runs before any of the page's scripts in every
// navigation of a context (gated-script setters, banner and panel visibility, long tasks, the
// completion signals on console.debug), and snapshot(), evaluated in the page to read what it
// recorded. snapshot() is serialized by page.evaluate: it may use the page's globals only.

export function initScript(spec) {
  return `(() => {
  const spec = ${JSON.stringify(spec)};
  const now = () => performance.now();
  const b = (window.__bench = { spec, gated: {}, longtasks: [], bannerInsertedAt: null, bannerAt: null, readyAt: null, panel: null });
  let signalled = false;
  const resolve = () => {
    if (signalled) return;
    signalled = true;
    console.debug('__bench:done');
  };
  const targetMet = () =>
    spec.target === 'banner'
      ? b.bannerAt !== null
      : Object.keys(spec.watch).every((k) => b.gated[k] && b.gated[k].doneAt !== undefined);
  const check = () => {
    if (targetMet() && document.readyState === 'complete') resolve();
  };
  window.addEventListener('load', () => setTimeout(check, 0));

  // The gated scripts announce themselves by setting globals: record when.
  for (const [name, expect] of Object.entries(spec.watch)) {
    let value;
    Object.defineProperty(window, name, {
      configurable: true,
      enumerable: true,
      get: () => value,
      set: (x) => {
        const t = now();
        value = x;
        const g = (b.gated[name] ||= { first: t, sets: 0 });
        g.sets++;
        g.last = t;
        if (g.doneAt === undefined && Number(x) >= expect) {
          g.doneAt = t;
          check();
        }
      },
    });
  }

  document.addEventListener('consentry:ready', () => { if (b.readyAt === null) b.readyAt = now(); });

  // The banner (and large-panel's panel): seen inserted by a MutationObserver, then checked in
  // animation frames until it has a box in the viewport and is neither transparent nor hidden.
  // It is looked up again in each frame, as a UI library may replace the element; if it goes,
  // the observer looks again. inserted(t) and shown(t) get performance.now().
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth)) return false;
    return el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true;
  };
  const whenVisible = (sel, inserted, shown) => {
    let watching = false;
    const frame = () => {
      const el = document.querySelector(sel);
      if (!el) {
        watching = false;
        return;
      }
      if (visible(el)) {
        mo.disconnect();
        shown(now());
      } else requestAnimationFrame(frame);
    };
    const look = () => {
      if (watching || !document.querySelector(sel)) return;
      inserted(now());
      watching = true;
      requestAnimationFrame(frame);
    };
    const mo = new MutationObserver(look);
    mo.observe(document, { childList: true, subtree: true });
    look();
  };
  if (spec.banner) {
    whenVisible(
      spec.banner,
      (t) => { if (b.bannerInsertedAt === null) b.bannerInsertedAt = t; },
      (t) => {
        b.bannerAt = t;
        check();
      },
    );
  }

  // large-panel: the benchmark clicks spec.panel.button on the loaded page. From that click (its
  // timeStamp: when the browser took the input), when the panel is first visible, and when the
  // panel holds spec.panel.count service rows (the observer's callback after the task that added
  // the last ones). The marks delimit the span in a trace; console.debug tells the benchmark.
  if (spec.panel) {
    const P = spec.panel;
    const done = () => {
      if (b.panel.visibleAt !== null && b.panel.rowsAt !== null) console.debug('__bench:panel');
    };
    addEventListener('click', (e) => {
      if (b.panel || !(e.target instanceof Element) || !e.target.closest(P.button)) return;
      performance.mark('__bench:click');
      b.panel = { clickAt: e.timeStamp, visibleAt: null, rowsAt: null };
      whenVisible(P.dialog, () => {}, (t) => {
        b.panel.visibleAt = t;
        done();
      });
      const rows = new MutationObserver(() => {
        if (document.querySelectorAll(P.rows).length < P.count) return;
        b.panel.rowsAt = now();
        performance.mark('__bench:rows');
        rows.disconnect();
        done();
      });
      rows.observe(document, { childList: true, subtree: true });
    }, true);
  }

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { b.longtaskError = String(e); }
})();`;
}

/**
 * Reads what the init script recorded, and the page's own timing entries. Layout shifts are read
 * here from the buffer (the 'longtask' type has none, so its observer runs from the start).
 */
export async function snapshot() {
  const b = window.__bench;
  const shifts = [];
  let cls = 0;
  let clsError;
  try {
    await new Promise((resolve) => {
      const take = (entries) => {
        for (const e of entries) {
          cls += e.value;
          const who = (n) => {
            if (!n) return '?';
            const el = n.nodeType === 1 ? n : n.parentElement;
            const own = el && b.spec.root && el.closest(b.spec.root) ? ` (${b.spec.cmName})` : '';
            const hook = el && el.closest('[id], [data-status], [class]');
            const where = hook ? (hook.id ? '#' + hook.id : hook.dataset.status ? `[data-status=${hook.dataset.status}]` : '.' + String(hook.className).split(' ')[0]) : '';
            return n.nodeName.toLowerCase() + (where ? ' in ' + where : '') + own;
          };
          shifts.push([Math.round(e.startTime), e.value, [...new Set((e.sources || []).map((s) => who(s.node)))].join(', ')]);
        }
      };
      // Buffered entries arrive in the callback, in a later task.
      const po = new PerformanceObserver((list) => take(list.getEntries()));
      po.observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => {
        take(po.takeRecords());
        po.disconnect();
        resolve();
      }, 50);
    });
  } catch (e) {
    clsError = String(e);
  }
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
  return {
    gated: b.gated,
    longtasks: b.longtasks,
    shifts,
    cls,
    bannerInsertedAt: b.bannerInsertedAt,
    bannerAt: b.bannerAt,
    readyAt: b.readyAt,
    longtaskError: b.longtaskError,
    clsError,
    fp: paint['first-paint'] ?? null,
    fcp: paint['first-contentful-paint'] ?? null,
    dcl: nav ? nav.domContentLoadedEventEnd : null,
    load: nav ? nav.loadEventEnd : null,
    bannerNow: !!(b.spec.banner && document.querySelector(b.spec.banner)),
    // large-panel: what the init script saw after the click (null before it), and the rows now.
    panel: b.panel,
    panelRows: b.spec.panel ? document.querySelectorAll(b.spec.panel.rows).length : null,
    // Consentry: the compact form in localStorage at the end of the page view (or null).
    storedForm: (() => {
      try {
        return b.spec.storeKey ? localStorage.getItem(b.spec.storeKey) : null;
      } catch {
        return null;
      }
    })(),
    resources: performance.getEntriesByType('resource').map((e) => ({
      url: e.name,
      start: e.startTime,
      end: e.responseEnd,
    })),
    at: performance.now(),
  };
}
