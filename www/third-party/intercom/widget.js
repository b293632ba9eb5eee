/* A stand-in of Intercom's Messenger (widget.intercom.io/widget/APP_ID) on the third-party
 * origin, for the tests: it takes over the queue the install snippet left in window.Intercom,
 * records every call in window.__intercom, sets a first-party intercom-session-<app> cookie,
 * and Intercom('shutdown') ends the session (cookie and bubble gone), as Intercom documents. */
(function () {
  'use strict';
  var app = (window.intercomSettings && window.intercomSettings.app_id) || 'app';
  var COOKIE = 'intercom-session-' + app;
  var seen = (window.__intercom = { loads: ((window.__intercom && window.__intercom.loads) || 0) + 1, calls: [], shutdown: 0 });
  var queued = window.Intercom && window.Intercom.q ? window.Intercom.q : [];
  function bubble() {
    if (document.getElementById('intercom-bubble')) return;
    var b = document.createElement('button');
    b.id = 'intercom-bubble';
    b.type = 'button';
    b.textContent = 'Chat';
    document.body.appendChild(b);
  }
  function Intercom(command) {
    seen.calls.push(Array.prototype.slice.call(arguments));
    if (command === 'shutdown') {
      seen.shutdown++;
      document.cookie = COOKIE + '=; path=/; max-age=0';
      var b = document.getElementById('intercom-bubble');
      if (b) b.remove();
    }
  }
  document.cookie = COOKIE + '=' + Date.now() + '; path=/; max-age=' + 7 * 86400 + '; samesite=lax';
  window.Intercom = Intercom;
  bubble();
  queued.forEach(function (args) { Intercom.apply(null, args); });
})();
