#!/usr/bin/env node
// Serves the Consentry demo on two loopback origins, with no npm dependencies.
//
//   first party  http://127.0.0.1:PORT   /            -> index.html (repo root)
//                                         /consentry/* -> pkg/*  (the build output, served as is)
//                                         /*           -> www/*
//   third party  http://127.0.0.2:PORT   /*           -> www/third-party/*
//
// Text files from www/ and index.html name the third party as http://127.0.0.2:8080, a real URL
// so the manifests validate as they are; when the server runs on another port it rewrites that
// origin to the actual third-party origin. Every third-party response also sets a
// cookie (tp_tracker=1), like a real tracker would, so tests can check that none exists before
// consent. Responses are brotli- or gzip-compressed (cached in memory by path and mtime), carry
// an ETag (If-None-Match gives 304) and Cache-Control: no-cache.
//
// Library: import { startServers } from './scripts/serve.mjs'
// CLI:     node scripts/serve.mjs [--port 8080] [--log]

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.htm', '.js', '.mjs', '.json', '.map', '.css', '.svg', '.wasm', '.txt']);
const SUBSTITUTED = new Set(['.html', '.htm', '.js', '.mjs', '.json', '.css']);
const PLACEHOLDER = 'http://127.0.0.2:8080';

/** Picks the response encoding from an Accept-Encoding header: 'br', 'gzip' or null. */
export function pickEncoding(header) {
  if (!header) return null;
  const offered = new Map();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    offered.set(name, q);
  }
  const ok = (name) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Resolves a URL path under `base`, or returns null if it escapes it (path traversal),
 * contains a NUL, or is not decodable.
 */
function resolveUnder(base, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  const full = path.resolve(base, '.' + path.posix.normalize('/' + decoded));
  const rel = path.relative(base, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return full;
}

function etagOf(buf, suffix) {
  return `"${crypto.createHash('sha1').update(buf).digest('base64url').slice(0, 27)}${suffix ? '-' + suffix : ''}"`;
}

function etagMatches(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function createHandler({ kind, root, thirdPartyOrigin, log }) {
  const www = path.join(root, 'www');
  const pkg = path.join(root, 'pkg');
  const thirdPartyDir = path.join(www, 'third-party');
  // key -> { identity: {body, etag}, br?: Promise<{body, etag}>, gzip?: … }
  const cache = new Map();

  /** Maps a request path to { file, substitute } or null (404). */
  function route(pathname) {
    if (kind === 'third') {
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = resolveUnder(thirdPartyDir, pathname);
      return file && { file, substitute: true };
    }
    if (pathname === '/' || pathname === '/index.html') {
      return { file: path.join(root, 'index.html'), substitute: true };
    }
    if (pathname === '/consentry' || pathname.startsWith('/consentry/')) {
      const file = resolveUnder(pkg, pathname.slice('/consentry'.length) || '/');
      return file && { file, substitute: false };
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = resolveUnder(www, pathname);
    // The third party lives on its own origin only.
    if (file && (file === thirdPartyDir || file.startsWith(thirdPartyDir + path.sep))) return null;
    return file && { file, substitute: true };
  }

  async function load(file, substitute, encoding) {
    const st = await fs.stat(file);
    if (!st.isFile()) return null;
    const ext = path.extname(file).toLowerCase();
    const key = `${file}\0${st.mtimeMs}\0${st.size}`;
    let entry = cache.get(key);
    if (!entry) {
      let body = await fs.readFile(file);
      if (substitute && SUBSTITUTED.has(ext) && body.includes(PLACEHOLDER)) {
        body = Buffer.from(body.toString('utf8').split(PLACEHOLDER).join(thirdPartyOrigin), 'utf8');
      }
      entry = { identity: { body, etag: etagOf(body) } };
      // Forget older versions of the same file.
      for (const k of cache.keys()) if (k.startsWith(file + '\0')) cache.delete(k);
      cache.set(key, entry);
    }
    const compressible = COMPRESSIBLE.has(ext) && entry.identity.body.length > 0;
    if (!encoding || !compressible) return { ...entry.identity, encoding: null, ext };
    if (!entry[encoding]) {
      const raw = entry.identity.body;
      entry[encoding] = (encoding === 'br'
        ? brotli(raw, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              [zlib.constants.BROTLI_PARAM_MODE]:
                ext === '.wasm' ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
            },
          })
        : gzip(raw, { level: 9 })
      ).then((body) => ({ body, etag: etagOf(raw, encoding) }));
      entry[encoding].catch(() => delete entry[encoding]);
    }
    const c = await entry[encoding];
    return { ...c, encoding, ext };
  }

  return async function handle(req, res) {
    const started = Date.now();
    const finish = (status) => {
      if (log) console.log(`${kind === 'third' ? '3p' : '1p'} ${status} ${req.method} ${req.url} ${Date.now() - started}ms`);
    };
    const headers = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    if (kind === 'third') headers['Set-Cookie'] = 'tp_tracker=1; Path=/';
    const fail = (status, text) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : text + '\n');
      finish(status);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        headers.Allow = 'GET, HEAD';
        return fail(405, 'method not allowed');
      }
      let pathname;
      try {
        pathname = new URL(req.url, 'http://x').pathname;
      } catch {
        return fail(400, 'bad request');
      }
      const target = route(pathname);
      if (!target) return fail(404, 'not found');
      let out;
      try {
        out = await load(target.file, target.substitute, pickEncoding(req.headers['accept-encoding']));
      } catch (e) {
        if (e && (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.code === 'EISDIR')) return fail(404, 'not found');
        throw e;
      }
      if (!out) return fail(404, 'not found');
      headers['Content-Type'] = TYPES[out.ext] || 'application/octet-stream';
      headers.ETag = out.etag;
      headers.Vary = 'Accept-Encoding';
      if (out.encoding) headers['Content-Encoding'] = out.encoding;
      if (etagMatches(req.headers['if-none-match'], out.etag)) {
        delete headers['Content-Type'];
        res.writeHead(304, headers);
        res.end();
        return finish(304);
      }
      headers['Content-Length'] = out.body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : out.body);
      finish(200);
    } catch (e) {
      console.error('serve.mjs:', e);
      if (!res.headersSent) fail(500, 'internal error');
      else res.destroy();
    }
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/**
 * Starts the first-party and third-party servers on the same port of two loopback hosts.
 * port 0 picks a free port (the same number on both hosts).
 */
export async function startServers({
  port = 8080,
  firstPartyHost = '127.0.0.1',
  thirdPartyHost = '127.0.0.2',
  root = REPO_ROOT,
  log = false,
} = {}) {
  root = path.resolve(root);
  const attempts = port === 0 ? 8 : 1;
  let lastError;
  for (let i = 0; i < attempts; i++) {
    const first = http.createServer();
    const third = http.createServer();
    const bound = await listen(first, port, firstPartyHost);
    try {
      await listen(third, bound, thirdPartyHost);
    } catch (e) {
      lastError = e;
      await closeServer(first);
      if (e.code === 'EADDRINUSE' && port === 0) continue;
      throw e;
    }
    const firstParty = `http://${firstPartyHost}:${bound}`;
    const thirdParty = `http://${thirdPartyHost}:${bound}`;
    first.on('request', createHandler({ kind: 'first', root, thirdPartyOrigin: thirdParty, log }));
    third.on('request', createHandler({ kind: 'third', root, thirdPartyOrigin: thirdParty, log }));
    for (const s of [first, third]) s.keepAliveTimeout = 2000;
    let closing;
    return {
      firstParty,
      thirdParty,
      port: bound,
      close() {
        closing ??= Promise.all([closeServer(first), closeServer(third)]).then(() => {});
        return closing;
      },
    };
  }
  throw lastError;
}

async function main(argv) {
  let port = 8080;
  let log = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') port = Number(argv[++i]);
    else if (a.startsWith('--port=')) port = Number(a.slice('--port='.length));
    else if (a === '--log') log = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/serve.mjs [--port 8080] [--log]');
      return;
    } else {
      console.error(`serve.mjs: unknown argument ${a}\nusage: node scripts/serve.mjs [--port 8080] [--log]`);
      process.exitCode = 2;
      return;
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('serve.mjs: --port takes a number from 0 to 65535');
    process.exitCode = 2;
    return;
  }
  let servers;
  try {
    servers = await startServers({ port, log });
  } catch (e) {
    console.error(`serve.mjs: cannot listen on port ${port}: ${e.message}`);
    process.exitCode = 1;
    return;
  }
  const { firstParty, thirdParty } = servers;
  try {
    await fs.access(path.join(REPO_ROOT, 'pkg', 'consentry.js'));
  } catch {
    console.warn('warning: pkg/consentry.js is missing; build it first (bash scripts/build.sh)');
  }
  console.log(`Consentry demo
  first party (the site):   ${firstParty}
  third party (ads, chat):  ${thirdParty}

  quick start  ${firstParty}/
  demo         ${firstParty}/demo.html
  seed sites   ${firstParty}/wp-rocket.html
               ${firstParty}/communico.html
               ${firstParty}/plesk.html
               ${firstParty}/piwik-pro.html

Press Ctrl-C to stop.`);
  const stop = async () => {
    await servers.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
