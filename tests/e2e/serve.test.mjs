// The demo server (scripts/serve.mjs): routes, placeholder substitution, compression, caching
// headers, path traversal. Runs against a throw-away root, so it needs no build.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { startServers, pickEncoding } from '../../scripts/serve.mjs';
import { ROOT, WWW } from './helpers.mjs';

let root;
let servers;

function write(rel, content) {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}

/** A raw GET (no URL normalisation, so traversal attempts reach the server as written). */
function get(origin, rawPath, headers = {}, method = 'GET') {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${rawPath} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

function decode(res) {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.raw).toString('utf8');
  if (enc === 'gzip') return zlib.gunzipSync(res.raw).toString('utf8');
  return res.raw.toString('utf8');
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-serve-'));
  write('index.html', '<!doctype html><title>root</title><script src="http://127.0.0.2:8080/x.js"></script>');
  write('pkg/consentry.js', 'export const tp = "http://127.0.0.2:8080"; // pkg is served verbatim\n'.repeat(20));
  write('pkg/consentry_bg.wasm', Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(4000, 7)]));
  write('pkg/consentry.css', '.consentry{color:red}\n'.repeat(50));
  write('www/demo.html', '<!doctype html><p>http://127.0.0.2:8080/ads/tag.js and again http://127.0.0.2:8080</p>' + ' '.repeat(2000));
  write('www/manifests/m.json', JSON.stringify({ src: 'http://127.0.0.2:8080/chat/widget.js' }));
  write('www/site.css', 'body{background:url(http://127.0.0.2:8080/bg.png)}');
  write('www/pic.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('www/pic.png', Buffer.from('89504e470d0a1a0a', 'hex'));
  write('www/mod.mjs', 'export default 1;');
  write('www/dir/index.html', '<p>dir index</p>');
  write('www/third-party/ads/tag.js', 'window.__ad = "http://127.0.0.2:8080";' + ' '.repeat(500));
  write('secret.txt', 'outside www');
  servers = await startServers({ port: 0, root });
});

after(async () => {
  await servers?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('port 0 binds both loopback hosts on the same free port', () => {
  const a = new URL(servers.firstParty);
  const b = new URL(servers.thirdParty);
  assert.equal(a.hostname, '127.0.0.1');
  assert.equal(b.hostname, '127.0.0.2');
  assert.equal(a.port, b.port);
  assert.ok(Number(a.port) > 0);
});

test('first-party routes: / is index.html, /consentry/* is pkg/*, the rest is www/*', async () => {
  const cases = [
    ['/', 'text/html', '<title>root</title>'],
    ['/index.html', 'text/html', '<title>root</title>'],
    ['/consentry/consentry.js', 'text/javascript', 'export const tp'],
    ['/demo.html', 'text/html', '/ads/tag.js'],
    ['/manifests/m.json', 'application/json', '/chat/widget.js'],
    ['/site.css', 'text/css', 'background'],
    ['/mod.mjs', 'text/javascript', 'export default 1'],
    ['/dir/', 'text/html', 'dir index'],
    ['/demo.html?v=3&x=<y>', 'text/html', '/ads/tag.js'],
  ];
  for (const [p, type, body] of cases) {
    const res = await get(servers.firstParty, p, { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200, p);
    assert.ok(res.headers['content-type'].startsWith(type), `${p}: ${res.headers['content-type']}`);
    assert.ok(decode(res).includes(body), `${p} body`);
  }
  const wasm = await get(servers.firstParty, '/consentry/consentry_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.deepEqual(wasm.raw.subarray(0, 4), Buffer.from([0, 0x61, 0x73, 0x6d]));
  assert.equal((await get(servers.firstParty, '/pic.svg')).headers['content-type'], 'image/svg+xml');
  assert.equal((await get(servers.firstParty, '/pic.png')).headers['content-type'], 'image/png');
  assert.ok((await get(servers.firstParty, '/consentry/consentry.css')).headers['content-type'].startsWith('text/css'));
});

test('http://127.0.0.2:8080 is replaced in www/ and index.html, never in pkg/', async () => {
  const html = decode(await get(servers.firstParty, '/demo.html'));
  assert.ok(html.includes(`${servers.thirdParty}/ads/tag.js and again ${servers.thirdParty}<`), html.slice(0, 200));
  assert.ok(!html.includes('http://127.0.0.2:8080'));
  assert.ok(decode(await get(servers.firstParty, '/manifests/m.json')).includes(`"${servers.thirdParty}/chat/widget.js"`));
  assert.ok(decode(await get(servers.firstParty, '/site.css')).includes(`url(${servers.thirdParty}/bg.png)`));
  assert.ok(decode(await get(servers.firstParty, '/')).includes(`src="${servers.thirdParty}/x.js"`));
  const pkg = decode(await get(servers.firstParty, '/consentry/consentry.js', { 'accept-encoding': 'br' }));
  assert.ok(pkg.includes('"http://127.0.0.2:8080"'), 'pkg/ must be served byte for byte');
  assert.equal(pkg, fs.readFileSync(path.join(root, 'pkg/consentry.js'), 'utf8'));
});

test('third-party origin serves www/third-party/ only, and sets its tracker cookie', async () => {
  const tag = await get(servers.thirdParty, '/ads/tag.js');
  assert.equal(tag.status, 200);
  assert.ok(tag.headers['content-type'].startsWith('text/javascript'));
  assert.ok(decode(tag).includes(`window.__ad = "${servers.thirdParty}"`));
  assert.deepEqual(tag.headers['set-cookie'], ['tp_tracker=1; Path=/']);
  for (const p of ['/demo.html', '/', '/consentry/consentry.js', '/third-party/ads/tag.js', '/../secret.txt']) {
    const res = await get(servers.thirdParty, p);
    assert.equal(res.status, 404, `third party ${p}`);
    assert.deepEqual(res.headers['set-cookie'], ['tp_tracker=1; Path=/'], 'every third-party response sets the cookie');
  }
  // The first party never sets cookies, and does not expose the third party's files.
  const first = await get(servers.firstParty, '/demo.html');
  assert.equal(first.headers['set-cookie'], undefined);
  assert.equal((await get(servers.firstParty, '/third-party/ads/tag.js')).status, 404);
});

test('path traversal and missing files are 404', async () => {
  const attempts = [
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/%2e%2e/secret.txt',
    '/manifests/..%2f..%2fsecret.txt',
    '/consentry/..%2f..%2fsecret.txt',
    '/consentry/%2e%2e%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/demo.html%00.png',
    '/%E0%A4%A', // undecodable
    '/nope.html',
    '/consentry/nope.js',
    '/manifests/',
    '/consentry/',
  ];
  for (const p of attempts) {
    const res = await get(servers.firstParty, p);
    assert.equal(res.status, 404, `${p} -> ${res.status}`);
    assert.ok(!res.raw.toString().includes('outside www'), p);
  }
});

test('compression: brotli when offered, else gzip, else identity; Vary and no-cache', async () => {
  const file = fs.readFileSync(path.join(root, 'pkg/consentry.css'), 'utf8');
  const br = await get(servers.firstParty, '/consentry/consentry.css', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(decode(br), file);
  assert.ok(br.raw.length < file.length / 4);
  const gz = await get(servers.firstParty, '/consentry/consentry.css', { 'accept-encoding': 'gzip, deflate' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(decode(gz), file);
  const none = await get(servers.firstParty, '/consentry/consentry.css');
  assert.equal(none.headers['content-encoding'], undefined);
  assert.equal(none.raw.toString(), file);
  const refusedBr = await get(servers.firstParty, '/consentry/consentry.css', { 'accept-encoding': 'br;q=0, gzip' });
  assert.equal(refusedBr.headers['content-encoding'], 'gzip');
  const wasm = await get(servers.firstParty, '/consentry/consentry_bg.wasm', { 'accept-encoding': 'br' });
  assert.equal(wasm.headers['content-encoding'], 'br');
  assert.equal(zlib.brotliDecompressSync(wasm.raw).length, 4008);
  for (const res of [br, gz, none, wasm]) {
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(Number(res.headers['content-length']), res.raw.length);
  }
  const png = await get(servers.firstParty, '/pic.png', { 'accept-encoding': 'br' });
  assert.equal(png.headers['content-encoding'], undefined, 'images other than svg are not recompressed');
  assert.equal(pickEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(pickEncoding('*'), 'br');
  assert.equal(pickEncoding('identity'), null);
});

test('ETag and If-None-Match give 304; a changed file gets a new body and ETag', async () => {
  write('www/change.json', '{"a":1}');
  const first = await get(servers.firstParty, '/change.json', { 'accept-encoding': 'br' });
  assert.equal(first.status, 200);
  const etag = first.headers.etag;
  assert.match(etag, /^"[^"]+"$/);
  const again = await get(servers.firstParty, '/change.json', { 'accept-encoding': 'br', 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.raw.length, 0);
  const gz = await get(servers.firstParty, '/change.json', { 'accept-encoding': 'gzip', 'if-none-match': etag });
  assert.equal(gz.status, 200, 'the ETag names one encoding');
  write('www/change.json', '{"a":2,"b":3}');
  // A later modification time than the first version's, however coarse the file system's clock.
  const file = path.join(root, 'www/change.json');
  const later = new Date(fs.statSync(file).mtimeMs + 2000);
  fs.utimesSync(file, later, later);
  const changed = await get(servers.firstParty, '/change.json', { 'accept-encoding': 'br', 'if-none-match': etag });
  assert.equal(changed.status, 200);
  assert.equal(decode(changed), '{"a":2,"b":3}');
  assert.notEqual(changed.headers.etag, etag);
});

test('HEAD works and other methods are refused', async () => {
  const head = await get(servers.firstParty, '/demo.html', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.raw.length, 0);
  const post = await get(servers.firstParty, '/demo.html', {}, 'POST');
  assert.equal(post.status, 405);
});

test('a busy port is reported, and close() frees the port', async () => {
  const port = Number(new URL(servers.firstParty).port);
  await assert.rejects(startServers({ port, root }), /EADDRINUSE/);
  const s = await startServers({ port: 0, root });
  const p = Number(new URL(s.firstParty).port);
  await s.close();
  const again = await startServers({ port: p, root });
  await again.close();
});

// The real demo tree: what the pages reference exists and the manifests are JSON.
test('the demo tree is complete: pages, manifests, third parties', () => {
  const pages = ['demo.html', 'wp-rocket.html', 'communico.html', 'plesk.html', 'piwik-pro.html'];
  const manifests = new Set();
  for (const p of [...pages.map((f) => path.join(WWW, f)), path.join(ROOT, 'index.html')]) {
    const html = fs.readFileSync(p, 'utf8');
    assert.match(html, /<script type="module" async src="\/consentry\/consentry\.js" data-manifest="\/manifests\/[a-z-]+\.json"><\/script>/, p);
    assert.match(html, /data-consentry-open/, `${p} has a Cookie settings link`);
    manifests.add(/data-manifest="\/manifests\/([a-z-]+\.json)"/.exec(html)[1]);
    for (const m of html.matchAll(/data-src="http:\/\/127\.0\.0\.2:8080(\/[^"]+)"/g)) {
      assert.ok(fs.existsSync(path.join(WWW, 'third-party', m[1])), `${p} gates ${m[1]}, which exists`);
    }
  }
  for (const f of ['demo.json', 'wp-rocket.json', 'communico.json', 'plesk.json', 'piwik-pro.json']) {
    manifests.add(f);
  }
  for (const f of manifests) {
    const m = JSON.parse(fs.readFileSync(path.join(WWW, 'manifests', f), 'utf8'));
    assert.equal(m.version, 1, f);
    assert.ok(m.categories.some((c) => c.required), `${f} has a required category`);
    for (const s of m.services || []) {
      for (const sc of s.scripts || []) {
        const rel = sc.src.replace('http://127.0.0.2:8080', '');
        assert.ok(fs.existsSync(path.join(WWW, 'third-party', rel)), `${f}: ${sc.src} exists`);
      }
    }
  }
  const pp = JSON.parse(fs.readFileSync(path.join(WWW, 'manifests', 'piwik-pro.json'), 'utf8'));
  assert.deepEqual(pp.signals, { gpc: true, dnt: true }, 'Piwik PRO responds to Do-Not-Track');
  for (const f of ['ads/tag.js', 'ads/creative.svg', 'chat/widget.js']) {
    assert.ok(fs.existsSync(path.join(WWW, 'third-party', f)), f);
  }
});
