// The network log (CDP): what went over the wire in one navigation, when the network is quiet,
// and the bytes split into the consent manager's own and the rest of the page.

import { QUIET_MS, sleep } from './settings.mjs';
import { isOwn } from './scenarios.mjs';

export class NetLog {
  constructor(cdp) {
    this.requests = new Map();
    this.inflight = new Set();
    this.lastChange = Date.now();
    const touch = () => (this.lastChange = Date.now());
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!/^https?:/.test(e.request.url)) return;
      this.requests.set(e.requestId, { url: e.request.url, type: e.type, status: null, headers: 0, total: null, encoding: null, failed: false });
      this.inflight.add(e.requestId);
      touch();
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.headers = e.response.encodedDataLength || 0;
      const h = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
      r.encoding = h['content-encoding'] || null;
      r.contentLength = h['content-length'] !== undefined ? Number(h['content-length']) : null;
      touch();
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      r.total = e.encodedDataLength;
      this.inflight.delete(e.requestId);
      touch();
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      r.failed = e.errorText || true;
      this.inflight.delete(e.requestId);
      touch();
    });
  }
  reset() {
    this.requests.clear();
    this.inflight.clear();
    this.lastChange = Date.now();
  }
  /** Resolves once no request has been in flight for `ms` (or after `max` ms). */
  async quiet(ms = QUIET_MS, max = 5000) {
    const end = Date.now() + max;
    while (Date.now() < end) {
      if (this.inflight.size === 0 && Date.now() - this.lastChange >= ms) return true;
      await sleep(50);
    }
    return false;
  }
  list() {
    return [...this.requests.values()].map((r) => {
      const total = r.total ?? 0;
      const body = r.status === 304 ? 0 : Math.max(0, total - r.headers);
      return { ...r, transfer: total, body, path: new URL(r.url).pathname, origin: new URL(r.url).origin };
    });
  }
}

export function summarizeBytes(list, scenario, servers) {
  const own = (r) => r.origin === servers.firstParty && isOwn(scenario, r.path);
  const sum = (rs, k) => rs.reduce((n, r) => n + r[k], 0);
  const mine = list.filter(own);
  const rest = list.filter((r) => !own(r));
  return {
    own: { transfer: sum(mine, 'transfer'), body: sum(mine, 'body'), count: mine.length },
    rest: { transfer: sum(rest, 'transfer'), body: sum(rest, 'body'), count: rest.length },
    // Consentry only: its UI is a separate download, fetched on a first visit only.
    uiFetched: mine.some((r) => /^\/consentry\/(consentry_ui|consentry\.css)/.test(r.path)),
    // Consentry only: which of its files were requested (names under /consentry/).
    consentryFiles: [...new Set(mine.filter((r) => r.path.startsWith('/consentry/')).map((r) => r.path.slice('/consentry/'.length)))],
    files: mine.map((r) => ({ path: r.path, status: r.status, transfer: r.transfer, body: r.body, encoding: r.encoding })),
    notCompressed: mine.filter((r) => r.status === 200 && !r.encoding).map((r) => r.path),
    failed: list.filter((r) => r.failed).map((r) => `${r.path}: ${r.failed}`),
    thirdParty: list.filter((r) => r.origin === servers.thirdParty).length,
  };
}
