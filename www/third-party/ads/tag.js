/* AdNet demo tag: a fake ad network, served from the third-party origin.
 * Like a real ad tag it fills the ad slot with a creative from its own server and drops a
 * first-party identifier cookie to recognise the visitor next time. Consentry must keep it
 * inert until the visitor accepts advertising. */
(function () {
  'use strict';
  window.__adLoads = (window.__adLoads || 0) + 1;
  var AD_ORIGIN = 'http://127.0.0.2:8080';

  function uid() {
    var a = new Uint8Array(9);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b % 36).toString(36); }).join('') +
      Date.now().toString(36);
  }

  if (!/(?:^|;\s*)_adnet_uid=/.test(document.cookie)) {
    document.cookie = '_adnet_uid=' + uid() + '; path=/; max-age=' + 390 * 86400 + '; samesite=lax';
  }

  function fill() {
    var slot = document.getElementById('ad-slot');
    if (!slot || slot.querySelector('[data-adnet-creative]')) return;
    var link = document.createElement('a');
    link.href = '#ad';
    link.setAttribute('data-adnet-creative', '');
    link.setAttribute('rel', 'sponsored nofollow');
    link.style.display = 'block';
    var img = document.createElement('img');
    img.src = AD_ORIGIN + '/ads/creative.svg';
    img.alt = 'Advertisement: RocketHost, managed WordPress hosting. Try it free for 30 days.';
    img.width = 300;
    img.height = 250;
    img.style.display = 'block';
    img.style.maxWidth = '100%';
    img.style.height = 'auto';
    link.appendChild(img);
    slot.setAttribute('data-ad-filled', '');
    slot.appendChild(link);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill);
  else fill();
})();
