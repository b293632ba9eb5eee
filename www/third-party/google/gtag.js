// A stand-in for Google's tags (gtag.js and Tag Manager's gtm.js) on the demo's third-party
// origin, for the Consent Mode tests: it reads dataLayer as Google's tags do, where a command is
// the Arguments object a gtag() call pushed (a plain array is not one), keeps the consent state
// that `consent default` and `consent update` set, and on every `config`, `event` and `consent
// update` sends a measurement request that carries that state, as `gcs=G1<ad_storage><analytics_storage>`
// (1 granted, 0 denied) like Google's own. With analytics_storage granted it sets its first-party
// cookie (_ga), never before: a denied visitor gets cookieless pings only.
(() => {
  const google = (window.__google ||= { loads: [], hits: [], consent: {} });
  const id = new URL(document.currentScript ? document.currentScript.src : location.href).searchParams.get('id');
  google.loads.push(id);
  if (google.loads.length > 1) return; // one reader of the dataLayer per page, as with Google's
  const state = google.consent;
  const hit = (tid) => {
    const bit = (signal) => (state[signal] === 'granted' ? '1' : '0');
    const gcs = 'G1' + bit('ad_storage') + bit('analytics_storage');
    google.hits.push({ tid, gcs });
    fetch(`http://127.0.0.2:8080/google/collect.txt?tid=${encodeURIComponent(tid)}&gcs=${gcs}`, { mode: 'no-cors' });
    if (bit('analytics_storage') === '1') document.cookie = '_ga=GA1.1.123.456; path=/; max-age=63072000';
  };
  const handle = (entry) => {
    if (Object.prototype.toString.call(entry) !== '[object Arguments]') return;
    const [command, what, params] = entry;
    if (command === 'consent' && (what === 'default' || what === 'update')) {
      for (const [k, v] of Object.entries(params || {})) if (v === 'granted' || v === 'denied') state[k] = v;
      if (what === 'update') hit('consent-update');
    } else if (command === 'config' || command === 'event') hit(String(what));
  };
  const layer = (window.dataLayer ||= []);
  layer.forEach(handle);
  const push = layer.push;
  layer.push = function (...items) {
    const n = push.apply(this, items);
    items.forEach(handle);
    return n;
  };
})();
