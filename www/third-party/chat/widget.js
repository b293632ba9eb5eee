/* ChatNow demo widget: a fake, Intercom-style support chat served from the third-party origin.
 * It adds a bubble in the bottom-right corner, sets its own identifier cookie, and exposes
 * window.Chat('shutdown') to remove itself, as Intercom's `Intercom('shutdown')` does. */
(function () {
  'use strict';
  window.__chatLoads = (window.__chatLoads || 0) + 1;
  // Like Intercom's window.intercomSettings: read once, when the widget loads.
  var settings = window.chatSettings || {};
  window.__chatSettingsSeen = settings;
  var COOKIE = 'chat-id-demo';
  var BUBBLE_ID = 'chatnow-bubble';
  var PANEL_ID = 'chatnow-panel';
  var STYLE_ID = 'chatnow-style';

  function uid() {
    var a = new Uint8Array(12);
    window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b % 36).toString(36); }).join('');
  }

  if (!new RegExp('(?:^|;\\s*)' + COOKIE + '=').test(document.cookie)) {
    document.cookie = COOKIE + '=' + uid() + '; path=/; max-age=' + 270 * 86400 + '; samesite=lax';
  }

  var css =
    '#' + BUBBLE_ID + '{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:.5em;' +
    'padding:.75em 1.1em;border:0;border-radius:999px;background:#1f6feb;color:#fff;font:600 15px/1.2 system-ui,sans-serif;' +
    'box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}' +
    '#' + BUBBLE_ID + ':focus-visible{outline:3px solid #ffd166;outline-offset:2px}' +
    '#' + PANEL_ID + '{position:fixed;right:20px;bottom:80px;z-index:2147483000;width:min(320px,calc(100vw - 40px));' +
    'background:#fff;color:#1b1b1b;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif;overflow:hidden}' +
    '#' + PANEL_ID + ' header{background:#1f6feb;color:#fff;padding:.8em 1em;font-weight:600}' +
    '#' + PANEL_ID + ' p{margin:0;padding:1em}';

  function mount() {
    if (document.getElementById(BUBBLE_ID)) return;
    if (!document.getElementById(STYLE_ID)) {
      var style = document.createElement('style');
      style.id = STYLE_ID;
      style.textContent = css;
      document.head.appendChild(style);
    }
    var bubble = document.createElement('button');
    bubble.type = 'button';
    bubble.id = BUBBLE_ID;
    bubble.setAttribute('aria-label', 'Chat with us');
    bubble.setAttribute('aria-expanded', 'false');
    bubble.setAttribute('aria-controls', PANEL_ID);
    bubble.innerHTML = '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">' +
      '<path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg><span>Chat</span>';
    bubble.addEventListener('click', function () {
      var panel = document.getElementById(PANEL_ID);
      if (panel) {
        panel.remove();
        bubble.setAttribute('aria-expanded', 'false');
        return;
      }
      panel = document.createElement('section');
      panel.id = PANEL_ID;
      panel.setAttribute('aria-label', 'Support chat');
      var header = document.createElement('header');
      header.textContent = 'ChatNow support (demo)';
      var p = document.createElement('p');
      p.textContent = settings.greeting || 'Hi! This is a pretend chat widget loaded from a third-party origin. Nobody is on the other end.';
      panel.appendChild(header);
      panel.appendChild(p);
      document.body.appendChild(panel);
      bubble.setAttribute('aria-expanded', 'true');
    });
    document.body.appendChild(bubble);
  }

  window.Chat = function (cmd) {
    if (cmd === 'shutdown') {
      ['#' + BUBBLE_ID, '#' + PANEL_ID, '#' + STYLE_ID].forEach(function (sel) {
        var el = document.querySelector(sel);
        if (el) el.remove();
      });
      document.cookie = COOKIE + '=; path=/; max-age=0; samesite=lax';
    } else if (cmd === 'boot') {
      mount();
    }
  };

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
