/* A stand-in of Meta's pixel library (connect.facebook.net/…/fbevents.js) on the third-party
 * origin, for the tests: it takes over the queue the base code left in window.fbq, records
 * every call in window.__fb, and sets the first-party _fbp cookie, as the pixel does. */
(function () {
  'use strict';
  var fbq = window.fbq;
  var seen = (window.__fb = { loads: ((window.__fb && window.__fb.loads) || 0) + 1, calls: [] });
  function call(args) {
    seen.calls.push(Array.prototype.slice.call(args));
  }
  if (!/(?:^|;\s*)_fbp=/.test(document.cookie)) {
    document.cookie = '_fbp=fb.1.' + Date.now() + '.1; path=/; max-age=' + 90 * 86400 + '; samesite=lax';
  }
  (fbq && fbq.queue ? fbq.queue : []).forEach(call);
  if (fbq) fbq.callMethod = function () { call(arguments); };
})();
