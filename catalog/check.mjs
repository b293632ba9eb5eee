#!/usr/bin/env node
// Checks every catalog/services/*.json entry: shape, key order, types and references.
// No dependencies. Usage: node catalog/check.mjs   (exit status 1 when any entry is wrong)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "services");

const KEYS = [
  "preset", "aliases", "kind", "title", "provider", "policy_url", "description",
  "tracking", "sale_or_sharing", "cookies", "storage", "consent_mode", "hosts",
  "embeds", "script", "on_revoke", "sources", "unverified",
];
const KINDS = ["necessary", "functional", "analytics", "marketing", "embeds", "support"];
const CONSENT = [
  "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
  "functionality_storage", "personalization_storage", "security_storage",
];
const LANGS = ["en", "fr"];
const PRESET_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// RFC 6265 cookie-name characters (a token), plus '*' as a wildcard.
const COOKIE_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HOST_RE = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const CALL_RE = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const PLACEHOLDER_RE = /\{[a-z_]+\}/g;

const errors = [];
const presets = new Map(); // name -> file (presets and aliases share one namespace)

const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isStr = (v) => typeof v === "string" && v.trim() !== "";

function checkUrl(file, path, url, { placeholders = false, prefix = false } = {}) {
  if (typeof url !== "string") return errors.push(`${file}: ${path}: expected a URL string`);
  if (!url.startsWith("https://")) return errors.push(`${file}: ${path}: "${url}" is not an https:// URL`);
  if (/\s/.test(url)) return errors.push(`${file}: ${path}: "${url}" contains whitespace`);
  let probe = url;
  if (placeholders) probe = url.replace(PLACEHOLDER_RE, "x");
  if (/[{}]/.test(probe)) return errors.push(`${file}: ${path}: "${url}" has braces outside {lowercase_placeholders}`);
  let parsed;
  try { parsed = new URL(probe); } catch { return errors.push(`${file}: ${path}: "${url}" is not a well-formed URL`); }
  const rawHost = url.slice("https://".length).split(/[/?#]/)[0];
  if (!rawHost.includes("{") && !parsed.hostname.includes(".")) errors.push(`${file}: ${path}: "${url}" has no proper host name`);
  if (prefix && parsed.hash) errors.push(`${file}: ${path}: an embed prefix should not carry a #fragment`);
}

function checkText(file, key, value) {
  if (!isObj(value)) return errors.push(`${file}: ${key}: expected an object {"en": …, "fr": …}`);
  const langs = Object.keys(value);
  if (langs.join() !== LANGS.join()) errors.push(`${file}: ${key}: languages must be exactly ${LANGS.join(", ")} in that order (got ${langs.join(", ") || "none"})`);
  for (const l of langs) if (!isStr(value[l])) errors.push(`${file}: ${key}.${l}: expected a non-empty string`);
}

function checkStringList(file, key, value, each) {
  if (!Array.isArray(value)) return errors.push(`${file}: ${key}: expected an array`);
  const seen = new Set();
  value.forEach((v, i) => {
    if (typeof v !== "string" || v === "") return errors.push(`${file}: ${key}[${i}]: expected a non-empty string`);
    if (seen.has(v)) errors.push(`${file}: ${key}[${i}]: "${v}" is listed twice`);
    seen.add(v);
    if (each) each(v, `${key}[${i}]`);
  });
}

function checkEntry(file, d) {
  if (!isObj(d)) return errors.push(`${file}: the document must be a JSON object`);
  const keys = Object.keys(d);
  const unknown = keys.filter((k) => !KEYS.includes(k));
  for (const k of unknown) errors.push(`${file}: unknown key "${k}"`);
  const missing = KEYS.filter((k) => !keys.includes(k));
  for (const k of missing) errors.push(`${file}: missing key "${k}"`);
  const known = keys.filter((k) => KEYS.includes(k));
  const expectedOrder = KEYS.filter((k) => keys.includes(k));
  if (known.join() !== expectedOrder.join()) errors.push(`${file}: keys are out of order; expected ${expectedOrder.join(", ")}`);

  // preset and aliases
  const expected = basename(file, ".json");
  if (typeof d.preset !== "string" || !PRESET_RE.test(d.preset)) errors.push(`${file}: preset: "${d.preset}" must be lowercase letters, digits and single '-'`);
  else if (d.preset !== expected) errors.push(`${file}: preset "${d.preset}" does not match the file name "${expected}"`);
  checkStringList(file, "aliases", d.aliases, (a, p) => {
    if (!PRESET_RE.test(a)) errors.push(`${file}: ${p}: "${a}" must be lowercase letters, digits and single '-'`);
    if (a === d.preset) errors.push(`${file}: ${p}: alias repeats the preset name`);
  });
  for (const name of [d.preset, ...(Array.isArray(d.aliases) ? d.aliases : [])]) {
    if (typeof name !== "string") continue;
    if (presets.has(name)) errors.push(`${file}: "${name}" is already used as a preset or alias by ${presets.get(name)}`);
    else presets.set(name, file);
  }

  if (!KINDS.includes(d.kind)) errors.push(`${file}: kind: "${d.kind}" is not one of ${KINDS.join(", ")}`);
  checkText(file, "title", d.title);
  if (!isStr(d.provider)) errors.push(`${file}: provider: expected a non-empty string`);
  checkUrl(file, "policy_url", d.policy_url);
  checkText(file, "description", d.description);
  for (const k of ["tracking", "sale_or_sharing"]) if (typeof d[k] !== "boolean") errors.push(`${file}: ${k}: expected true or false`);

  // cookies
  if (!Array.isArray(d.cookies)) errors.push(`${file}: cookies: expected an array`);
  else {
    const seen = new Set();
    d.cookies.forEach((c, i) => {
      const p = `cookies[${i}]`;
      if (!isObj(c)) return errors.push(`${file}: ${p}: expected an object {"name": …, "max_age_days": …}`);
      const ck = Object.keys(c);
      for (const k of ck) if (!["name", "max_age_days"].includes(k)) errors.push(`${file}: ${p}: unknown key "${k}"`);
      if (ck[0] !== "name") errors.push(`${file}: ${p}: "name" must come first`);
      if (typeof c.name !== "string" || !COOKIE_RE.test(c.name)) errors.push(`${file}: ${p}.name: "${c.name}" is not a cookie name (token characters and '*')`);
      else if (/^\*+$/.test(c.name)) errors.push(`${file}: ${p}.name: a pattern of '*' alone matches every cookie`);
      else if (seen.has(c.name)) errors.push(`${file}: ${p}.name: "${c.name}" is listed twice`);
      seen.add(c.name);
      if ("max_age_days" in c) {
        if (!Number.isInteger(c.max_age_days) || c.max_age_days < 0 || c.max_age_days > 1000) errors.push(`${file}: ${p}.max_age_days: ${JSON.stringify(c.max_age_days)} must be an integer from 0 to 1000`);
      } else if (!(Array.isArray(d.unverified) && d.unverified.some((u) => isObj(u) && typeof u.key === "string" && (u.key === "cookies" || u.key === `cookies.${c.name}` || u.key.startsWith(`cookies.${c.name}.`))))) {
        errors.push(`${file}: ${p}: "${c.name}" has no max_age_days and is not listed in "unverified"`);
      }
    });
  }

  checkStringList(file, "storage", d.storage);
  checkStringList(file, "consent_mode", d.consent_mode, (s, p) => {
    if (!CONSENT.includes(s)) errors.push(`${file}: ${p}: "${s}" is not a Consent Mode v2 signal (${CONSENT.join(", ")})`);
  });
  checkStringList(file, "hosts", d.hosts, (h, p) => {
    if (!HOST_RE.test(h)) errors.push(`${file}: ${p}: "${h}" is not a lowercase host name (a leading "*." is allowed)`);
  });
  checkStringList(file, "embeds", d.embeds, (u, p) => checkUrl(file, p, u, { prefix: true }));
  if (d.script !== null) checkUrl(file, "script", d.script, { placeholders: true });

  // on_revoke
  const r = d.on_revoke;
  if (typeof r === "string") {
    if (!["reload", "nothing"].includes(r)) errors.push(`${file}: on_revoke: "${r}" must be "reload", "nothing" or {"call": …, "args": […]}`);
  } else if (isObj(r)) {
    const rk = Object.keys(r);
    if (rk.join() !== "call,args") errors.push(`${file}: on_revoke: expected exactly the keys call, args in that order`);
    if (typeof r.call !== "string" || !CALL_RE.test(r.call)) errors.push(`${file}: on_revoke.call: "${r.call}" is not a dotted function name`);
    if (!Array.isArray(r.args) || !r.args.every((a) => typeof a === "string")) errors.push(`${file}: on_revoke.args: expected an array of strings`);
  } else errors.push(`${file}: on_revoke: expected "reload", "nothing" or an object`);

  // sources
  if (!Array.isArray(d.sources) || d.sources.length === 0) errors.push(`${file}: sources: expected a non-empty array`);
  else {
    const urls = new Set();
    d.sources.forEach((s, i) => {
      const p = `sources[${i}]`;
      if (!isObj(s)) return errors.push(`${file}: ${p}: expected an object {"url": …, "for": […]}`);
      if (Object.keys(s).join() !== "url,for") errors.push(`${file}: ${p}: expected exactly the keys url, for in that order`);
      checkUrl(file, `${p}.url`, s.url);
      if (urls.has(s.url)) errors.push(`${file}: ${p}.url: "${s.url}" is cited twice; merge its "for" lists`);
      urls.add(s.url);
      if (!Array.isArray(s.for) || s.for.length === 0) return errors.push(`${file}: ${p}.for: expected a non-empty array of keys`);
      for (const k of s.for) {
        if (!KEYS.includes(k) || ["sources", "unverified"].includes(k)) errors.push(`${file}: ${p}.for: "${k}" is not a key this source can support`);
      }
      if (new Set(s.for).size !== s.for.length) errors.push(`${file}: ${p}.for: a key is listed twice`);
    });
  }

  // unverified
  if (!Array.isArray(d.unverified)) errors.push(`${file}: unverified: expected an array`);
  else d.unverified.forEach((u, i) => {
    const p = `unverified[${i}]`;
    if (!isObj(u) || Object.keys(u).join() !== "key,note") return errors.push(`${file}: ${p}: expected exactly {"key": …, "note": …}`);
    const top = typeof u.key === "string" ? u.key.split(".")[0] : "";
    if (!KEYS.includes(top) || ["sources", "unverified"].includes(top)) errors.push(`${file}: ${p}.key: "${u.key}" does not start with an entry key`);
    if (!isStr(u.note)) errors.push(`${file}: ${p}.note: expected a non-empty explanation`);
  });
}

let files;
try {
  files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
} catch (e) {
  console.error(`catalog/check.mjs: cannot read ${DIR}: ${e.message}`);
  process.exit(1);
}
for (const f of readdirSync(DIR)) if (!f.endsWith(".json")) errors.push(`services/${f}: only .json files belong here`);

let sources = 0;
for (const f of files) {
  const file = `services/${f}`;
  let text, d;
  try { text = readFileSync(join(DIR, f), "utf8"); } catch (e) { errors.push(`${file}: cannot read: ${e.message}`); continue; }
  try { d = JSON.parse(text); } catch (e) { errors.push(`${file}: invalid JSON: ${e.message}`); continue; }
  checkEntry(file, d);
  if (Array.isArray(d?.sources)) sources += d.sources.length;
}

if (errors.length) {
  for (const e of errors) console.error(e);
  console.error(`catalog: ${errors.length} problem${errors.length === 1 ? "" : "s"} in ${files.length} entries`);
  process.exit(1);
}
console.log(`catalog: ${files.length} entries, ${sources} sources cited, all valid`);
