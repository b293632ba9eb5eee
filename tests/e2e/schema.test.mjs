// The committed JSON Schema (manifest.schema.json) under an independent validator, Ajv (draft
// 2020-12, strict mode), side by side with `consentry validate` (issue 3). No browser needed.
//
// The schema must accept every manifest the validator accepts (the examples, `consentry init`),
// and refuse what a schema can express; on single values both must agree.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { ROOT } from './helpers.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
const BIN = path.join(TARGET, 'debug', process.platform === 'win32' ? 'consentry.exe' : 'consentry');
const EXAMPLES = path.join(ROOT, 'www', 'manifests');

let schema;
let validate;
let tmp;

before(() => {
  execFileSync('cargo', ['build', '-q', '--bin', 'consentry'], { cwd: ROOT, stdio: 'inherit' });
  schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.schema.json'), 'utf8'));
  // strict: unknown keywords, union types or a loose `required` are errors, not warnings.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  validate = ajv.compile(schema);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-schema-'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
});

/** Runs the CLI; returns { status, stdout, stderr }. */
function consentry(...args) {
  const r = spawnSync(BIN, args, { cwd: tmp, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Ajv's verdict, with its errors for assertion messages. */
function ajv(manifest) {
  const ok = validate(manifest);
  return { ok, errors: JSON.stringify(validate.errors, null, 1) };
}

/** `consentry validate --json` on many manifests at once: one `valid` per manifest. */
function consentryVerdicts(manifests) {
  const files = manifests.map((m, i) => {
    const file = path.join(tmp, `case-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    return file;
  });
  const r = consentry('validate', '--json', ...files);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const reports = JSON.parse(r.stdout);
  assert.equal(reports.length, files.length);
  return reports;
}

const exampleFiles = () => fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();

test('the committed schema is what `consentry schema` prints', () => {
  const r = consentry('schema');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, fs.readFileSync(path.join(ROOT, 'manifest.schema.json'), 'utf8'),
    'manifest.schema.json is stale: run `cargo run -- schema > manifest.schema.json`');
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

test('every property of the schema has a description', () => {
  const missing = [];
  (function walk(node, at) {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties') {
        for (const [name, prop] of Object.entries(v)) {
          if (typeof prop.description !== 'string' || prop.description.length < 10) missing.push(`${at}/properties/${name}`);
        }
      }
      walk(v, `${at}/${k}`);
    }
  })(schema, '#');
  assert.deepEqual(missing, []);
});

test('every example manifest validates, under Ajv and under consentry', () => {
  const files = exampleFiles();
  assert.ok(files.length >= 4, 'the seed-derived manifests are there');
  for (const f of files) {
    const manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
    const v = ajv(manifest);
    assert.ok(v.ok, `www/manifests/${f} fails the schema: ${v.errors}`);
  }
  const r = spawnSync(BIN, ['validate', ...files.map((f) => path.join(EXAMPLES, f))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the manifest `consentry init` writes validates under Ajv', () => {
  const r = consentry('init', '-');
  assert.equal(r.status, 0, r.stderr);
  const starter = JSON.parse(r.stdout);
  assert.equal(starter.$schema, './manifest.schema.json');
  const v = ajv(starter);
  assert.ok(v.ok, v.errors);
  const file = path.join(tmp, 'consent.json');
  fs.rmSync(file, { force: true });
  assert.equal(consentry('init', file).status, 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), starter);
  assert.equal(consentry('validate', file).status, 0);
});

/** A valid manifest to break: two categories (one required) and a service. */
function base() {
  return {
    $schema: './manifest.schema.json',
    version: 1,
    revision: 2,
    site: { name: 'Example', policy_url: 'https://example.com/privacy' },
    cookie: { name: 'consentry', max_age_days: 182, domain: null, same_site: 'lax' },
    languages: { default: 'en', available: ['en'] },
    categories: [
      { id: 'necessary', required: true, title: 'Necessary' },
      { id: 'support', title: 'Support' },
    ],
    services: [
      {
        id: 'chat', category: 'support', title: 'Chat', cookies: ['chat-*'],
        scripts: [{ src: '/chat.js', async: true }], on_revoke: { call: 'Chat', args: ['shutdown'] },
      },
    ],
  };
}

test('broken manifests are rejected by Ajv, where consentry rejects them too', () => {
  const cases = [
    ['an unknown top-level field', (m) => { m.colour = 'blue'; }, '', 'additionalProperties'],
    ['a misspelt service field', (m) => { m.services[0].catgory = 'support'; }, '/services/0', 'additionalProperties'],
    ['revision as a string', (m) => { m.revision = '3'; }, '/revision', 'type'],
    ['a title as a number', (m) => { m.categories[1].title = 5; }, '/categories/1/title', 'anyOf'],
    ['async as a string', (m) => { m.services[0].scripts[0].async = 'yes'; }, '/services/0/scripts/0/async', 'type'],
    ['an id with capitals', (m) => { m.categories[1].id = 'Support!'; }, '/categories/1/id', 'pattern'],
    ['an id of 65 characters', (m) => { m.services[0].id = 'a'.repeat(65); }, '/services/0/id', 'pattern'],
    ['max_age_days over 395', (m) => { m.cookie.max_age_days = 400; }, '/cookie/max_age_days', 'maximum'],
    ['max_age_days of 0', (m) => { m.cookie.max_age_days = 0; }, '/cookie/max_age_days', 'minimum'],
    ['version 2', (m) => { m.version = 2; }, '/version', 'const'],
    ['revision 0', (m) => { m.revision = 0; }, '/revision', 'minimum'],
    ['an unknown same_site', (m) => { m.cookie.same_site = 'loose'; }, '/cookie/same_site', 'enum'],
    ['a javascript: URL', (m) => { m.site.policy_url = 'javascript:alert(1)'; }, '/site/policy_url', 'anyOf'],
    ['no required category', (m) => { delete m.categories[0].required; }, '/categories', 'contains'],
    ['no categories', (m) => { m.categories = []; m.services = []; }, '/categories', 'minItems'],
    ['a missing title', (m) => { delete m.services[0].title; }, '/services/0', 'required'],
    ['"*" as a cookie pattern', (m) => { m.services[0].cookies = ['*']; }, '/services/0/cookies/0', 'pattern'],
    ['a language tag with an underscore', (m) => { m.languages.available.push('en_GB'); }, '/languages/available/1', 'pattern'],
    ['a blank site name', (m) => { m.site.name = '  '; }, '/site/name', 'pattern'],
    ['a global that is not an identifier', (m) => { m.services[0].globals = { 'my-settings': {} }; }, '/services/0/globals', 'propertyNames'],
    ['an unknown on_revoke', (m) => { m.services[0].on_revoke = 'explode'; }, '/services/0/on_revoke', 'anyOf'],
    ['an empty text object', (m) => { m.categories[1].description = {}; }, '/categories/1/description', 'anyOf'],
  ];
  const manifests = cases.map(([, mutate]) => {
    const m = base();
    mutate(m);
    return m;
  });
  const verdicts = consentryVerdicts(manifests);
  cases.forEach(([name, , at, keyword], i) => {
    assert.equal(validate(manifests[i]), false, `Ajv accepts ${name}`);
    assert.ok(
      validate.errors.some((e) => e.instancePath === at && e.keyword === keyword),
      `${name}: expected a ${keyword} error at ${JSON.stringify(at)}, got ${JSON.stringify(validate.errors)}`,
    );
    assert.equal(verdicts[i].valid, false, `consentry accepts ${name}`);
  });
  assert.ok(ajv(base()).ok, 'the base manifest is valid');
});

test('on single values, Ajv and consentry agree', () => {
  const set = (apply) => (value) => (m) => apply(m, value);
  const fields = {
    'categories[1].id': set((m, v) => { m.categories[1].id = v; m.services = []; }),
    'site.policy_url': set((m, v) => { m.site.policy_url = v; }),
    'scripts[0].src': set((m, v) => { m.services[0].scripts[0].src = v; }),
    'cookie.name': set((m, v) => { m.cookie.name = v; }),
    'cookie.domain': set((m, v) => { m.cookie.domain = v; }),
    'services[0].cookies[0]': set((m, v) => { m.services[0].cookies = [v]; }),
    'languages.default': set((m, v) => { m.languages = { default: v, available: [v] }; }),
    'site.name': set((m, v) => { m.site.name = v; }),
    'cookie.max_age_days': set((m, v) => { m.cookie.max_age_days = v; }),
    revision: set((m, v) => { m.revision = v; }),
    'globals name': set((m, v) => { m.services[0].globals = { [v]: { app_id: 'x' } }; }),
    'on_revoke.call': set((m, v) => { m.services[0].on_revoke = { call: v }; }),
  };
  const values = {
    'categories[1].id': ['a', '0', 'a-b_c', 'x'.repeat(64), 'x'.repeat(65), '-a', '_a', 'A', 'ab!', 'é', ''],
    'site.policy_url': ['https://x', 'http://x', 'https://', 'http://', '/', '/privacy', '//evil.example', 'javascript:alert(1)',
      'HTTPS://x', 'ftp://x', 'https://a b', 'https://a\tb', 'https://a\u00a0b', 'https://a\u0085', 'https://a\u2028',
      'https://a\u3000', 'https://a\ufeff', 'https://é.example', '/a\u0001', null],
    'scripts[0].src': ['/chat.js', 'https://cdn.example/x.js', 'chat.js', '', '/ '],
    'cookie.name': ['consentry', 'a', 'x'.repeat(64), 'x'.repeat(65), "!#$%&'*+-.^_`|~", 'a b', 'a;b', 'a=b', 'é', ''],
    'cookie.domain': ['example.com', '.example.com', 'a.b.c', 'localhost', '-a.com', 'a-.com', 'a..com', 'a.com.', 'ex_ample.com',
      `${'a'.repeat(63)}.com`, `${'a'.repeat(64)}.com`, 'xn--bcher-kva.example', null],
    'services[0].cookies[0]': ['*', '**', 'a*', '_ga', 'a', 'a b', 'a,b', 'a/b', '', 'é*', "!#$%&'+-.^_`|~"],
    'languages.default': ['en', 'pt-BR', 'zh-Hant', 'eng', 'en-12345678', 'en-123456789', 'e', 'english', 'en_US', 'en-', 'en-x', 'en--GB'],
    'site.name': ['x', ' a ', ' ', '\t\n', '\u00a0', '\u3000', '\u2028', '\u200b', '\u0085', ''],
    'cookie.max_age_days': [1, 182, 395, 0, 396],
    revision: [1, 4294967295, 0, 4294967296],
    'globals name': ['intercomSettings', '_paq', '$chat', 'a1', '1a', 'my-global', 'a.b', ''],
    'on_revoke.call': ['Intercom', 'myChat.shutdown', '$._x', 'a..b', '.a', 'a.', 'a()', ''],
  };
  const cases = [];
  for (const [field, list] of Object.entries(values)) {
    for (const value of list) {
      const m = base();
      fields[field](value)(m);
      cases.push({ field, value, m });
    }
  }
  const verdicts = consentryVerdicts(cases.map((c) => c.m));
  const disagreements = cases
    .map((c, i) => ({ ...c, ajv: validate(c.m), consentry: verdicts[i].valid, errors: verdicts[i].errors }))
    .filter((c) => c.ajv !== c.consentry)
    .map((c) => `${c.field} = ${JSON.stringify(c.value)}: Ajv says ${c.ajv ? 'valid' : 'invalid'}, consentry ${c.consentry ? 'valid' : JSON.stringify(c.errors)}`);
  assert.deepEqual(disagreements, []);
  // Both sides saw valid and invalid values for every field.
  for (const field of Object.keys(values)) {
    const outcomes = new Set(cases.map((c, i) => (c.field === field ? verdicts[i].valid : undefined)).filter((v) => v !== undefined));
    assert.equal(outcomes.size, 2, `${field} needs valid and invalid samples`);
  }
});
