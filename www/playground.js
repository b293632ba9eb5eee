// The manifest playground: edit a manifest, see every error the product reports and the banner
// and panel it renders, live.
//
// Validation is the explain build's check(), the same code that runs on a site: its errors make
// the manifest invalid, its warnings (listed apart) leave it valid. The preview is
// a srcdoc frame running the real loader (/consentry/consentry.js) on the manifest inlined.
//
// The preview shares this page's origin, so its cookies are this site's cookies. To leave the
// visitor's real consent alone (a consent given on demo.html, or a site whose manifest names the
// same cookie), the preview's copy of the manifest keeps its answer in a cookie of its own
// (PREVIEW_COOKIE, host-only), deleted before every render so each render is a first visit.

const EXAMPLES = '/manifests/';
const CHECK_DELAY_MS = 150;
const PREVIEW_DELAY_MS = 300;
const PREVIEW_COOKIE = 'consentry_playground';
const MAX_GUTTER_LINES = 100_000;

const $ = (id) => document.getElementById(id);
const editor = $('editor');
const gutter = $('gutter');
const status = $('status');
const errorsHeading = $('errors-heading');
const errorsList = $('errors');
const warningsHeading = $('warnings-heading');
const warningsList = $('warnings');
const example = $('example');
const frame = $('preview');
const previewStatus = $('preview-status');

let check = null; // the wasm check(), once loaded
let checkTimer = 0;
let previewTimer = 0;
let lastValid = null; // the last text without errors
let rendered = null; // the text the preview was last rendered from
let renderId = 0;
let panelFor = 0; // the render after whose consentry:ready the panel opens

// ------------------------------------------------------------------------------------------
// Editor

let gutterLines = 0;
function updateGutter() {
  let lines = 1;
  const text = editor.value;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  lines = Math.min(lines, MAX_GUTTER_LINES);
  if (lines !== gutterLines) {
    gutterLines = lines;
    let s = '';
    for (let n = 1; n <= lines; n++) s += n + '\n';
    gutter.textContent = s;
  }
  gutter.scrollTop = editor.scrollTop;
}

editor.addEventListener('scroll', () => {
  gutter.scrollTop = editor.scrollTop;
});
editor.addEventListener('input', () => {
  updateGutter();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(validate, CHECK_DELAY_MS);
});

function setText(text) {
  editor.value = text;
  editor.scrollTop = 0;
  editor.scrollLeft = 0;
  updateGutter();
}

/** The textarea offset of a 1-based line and column (columns count characters, as check() does). */
function offsetOf(text, line, column) {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) return text.length;
    pos = nl + 1;
  }
  let end = text.indexOf('\n', pos);
  if (end === -1) end = text.length;
  for (let c = 1; c < column && pos < end; c++) pos += text.codePointAt(pos) > 0xffff ? 2 : 1;
  return pos;
}

/** Puts the caret at a line and column, scrolled into view, and focuses the editor. */
function goTo(line, column) {
  const text = editor.value;
  const pos = offsetOf(text, Math.max(line, 1), Math.max(column, 1));
  editor.focus({ preventScroll: true });
  editor.setSelectionRange(pos, pos);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
  const top = (Math.max(line, 1) - 1) * lineHeight;
  if (top < editor.scrollTop || top + lineHeight > editor.scrollTop + editor.clientHeight) {
    editor.scrollTop = Math.max(0, top - editor.clientHeight / 3);
  }
  gutter.scrollTop = editor.scrollTop;
}

// ------------------------------------------------------------------------------------------
// Validation

const plural = (n, one, many = one + 's') => `${n} ${n === 1 ? one : many}`;

function summary(text) {
  try {
    const m = JSON.parse(text);
    const count = (v) => (Array.isArray(v) ? v.length : 0);
    return `Valid: ${plural(count(m.categories), 'category', 'categories')}, ${plural(count(m.services), 'service')}.`;
  } catch {
    return 'Valid.';
  }
}

function setStatus(state, text) {
  status.dataset.state = state;
  if (status.textContent !== text) status.textContent = text; // a live region: no repeats
}

/** Whether a problem check() lists makes the manifest invalid (a warning does not). */
const isError = (p) => p.severity !== 'warning';

/** A listed problem (`className` pg-error) or warning (pg-warning): a button to its position. */
function problemItem(e, className) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  const line = Number(e.line) || 0;
  const column = Number(e.column) || 0;
  button.dataset.line = String(line);
  button.dataset.column = String(column);
  button.dataset.path = e.path || '';

  const head = document.createElement('span');
  head.className = 'pg-error-head';
  const where = document.createElement('span');
  where.className = 'pg-where';
  where.textContent = line ? `${line}:${column || 1}` : '–';
  const path = document.createElement('code');
  path.className = 'pg-path';
  path.textContent = e.path || '(document)';
  const message = document.createElement('span');
  message.className = 'pg-message';
  message.textContent = e.message || '';
  head.append(where, ' ', path, ' ', message);
  button.append(head);
  if (e.help) {
    const help = document.createElement('span');
    help.className = 'pg-help';
    help.textContent = e.help;
    button.append(help);
  }
  if (line) {
    button.title = `Go to line ${line}, column ${column || 1}`;
    button.addEventListener('click', () => goTo(line, column || 1));
  } else {
    button.disabled = true;
  }
  li.append(button);
  return li;
}

function validate() {
  clearTimeout(checkTimer);
  if (!check) return;
  const text = editor.value;
  let problems;
  try {
    problems = Array.from(check(text));
  } catch (e) {
    setStatus('failed', `The validator failed: ${e && e.message ? e.message : e}`);
    return;
  }
  const errors = problems.filter(isError);
  const warnings = problems.filter((p) => !isError(p));
  errorsList.replaceChildren(...errors.map((e) => problemItem(e, 'pg-error')));
  errorsList.hidden = errorsHeading.hidden = errors.length === 0;
  warningsList.replaceChildren(...warnings.map((w) => problemItem(w, 'pg-warning')));
  warningsList.hidden = warningsHeading.hidden = warnings.length === 0;
  editor.setAttribute('aria-invalid', String(errors.length > 0));
  if (errors.length === 0) {
    const warned = warnings.length ? ` ${plural(warnings.length, 'warning')}: it works, but may not do what you meant.` : '';
    setStatus('valid', summary(text) + warned);
    lastValid = text;
    if (text !== rendered) {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => renderPreview(lastValid, { quiet: true }), PREVIEW_DELAY_MS);
    }
  } else {
    setStatus('invalid', `${plural(errors.length, 'problem')}: nothing gated would run with this manifest.`);
    clearTimeout(previewTimer);
    if (rendered !== null) setPreviewStatus('stale', 'The manifest has problems: the preview shows its last valid version.');
  }
}

// ------------------------------------------------------------------------------------------
// Preview

function setPreviewStatus(state, text) {
  previewStatus.dataset.state = state;
  if (previewStatus.textContent !== text) previewStatus.textContent = text;
}

function clearPreviewCookie() {
  document.cookie = `${PREVIEW_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
}

/** The manifest as the preview runs it: its own host-only cookie, the rest unchanged. */
function previewManifest(text) {
  try {
    const m = JSON.parse(text);
    if (m && typeof m === 'object' && !Array.isArray(m)) {
      const cookie = m.cookie && typeof m.cookie === 'object' ? m.cookie : {};
      m.cookie = { ...cookie, name: PREVIEW_COOKIE, domain: null };
      const json = JSON.stringify(m);
      if (!Array.from(check(json)).some(isError)) return json;
    }
  } catch {
    // Valid for the product but not for JSON.parse (a byte-order mark, say): run it as it is.
  }
  return text;
}

// A quiet render (after an edit, or loading an example) leaves focus where it is: the banner
// takes focus when it appears, which would carry the next keystrokes away from the editor. Its
// focus() calls do nothing until the preview itself is used (pointer, key or focus in it).
const QUIET = `<script>(function () {
  var focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function () {};
  function restore() {
    HTMLElement.prototype.focus = focus;
    for (var t of ["pointerdown", "keydown", "focus"]) removeEventListener(t, restore, true);
  }
  for (var t of ["pointerdown", "keydown", "focus"]) addEventListener(t, restore, true);
})();</script>`;

function previewDocument(text, id, quiet) {
  // Inside <script>, "</script" or "<!--" would end or derail the element early: in a valid
  // manifest "<" only occurs inside strings, where \u003c means the same character.
  const json = previewManifest(text).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consentry preview</title>
<style>
  :root { color-scheme: light dark; font: 15px/1.5 system-ui, sans-serif; }
  body { margin: 0; padding: 1.25rem 1.5rem 12rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
  p { max-width: 60ch; opacity: .8; }
  .line { height: .7rem; border-radius: 4px; background: currentColor; opacity: .1; margin: .6rem 0; }
</style>
${quiet ? QUIET : ''}
<script>addEventListener("consentry:ready", function () { parent.postMessage({ playground: "ready", render: ${id} }, "*"); });</script>
<script type="application/json" id="consentry-manifest">${json}</script>
<script type="module" async src="/consentry/consentry.js" data-cookie="${PREVIEW_COOKIE}"></script>
</head>
<body>
<h1>Your site</h1>
<p>A page of your site on a first visit. <a href="#" data-consentry-open>Cookie settings</a></p>
<div class="line"></div><div class="line" style="width:85%"></div><div class="line" style="width:70%"></div>
</body>
</html>
`;
}

/**
 * Renders the preview from a valid manifest, as a first visit. `panel` opens the preferences;
 * `quiet` keeps the focus out of the preview (see QUIET).
 */
function renderPreview(text, { panel = false, quiet = false } = {}) {
  clearTimeout(previewTimer);
  if (text === null) {
    setPreviewStatus('empty', 'There is no valid manifest to preview yet.');
    return;
  }
  clearPreviewCookie();
  rendered = text;
  const id = ++renderId;
  panelFor = panel ? id : 0;
  frame.dataset.render = String(id);
  delete frame.dataset.ready;
  setPreviewStatus('loading', 'Rendering the preview…');
  frame.srcdoc = previewDocument(text, id, quiet);
}

window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || !e.data || e.data.playground !== 'ready') return;
  if (e.data.render !== renderId) return;
  frame.dataset.ready = String(renderId);
  if (rendered === editor.value) setPreviewStatus('ready', 'The preview is up to date.');
  else if (editor.value !== lastValid) setPreviewStatus('stale', 'The manifest has problems: the preview shows its last valid version.');
  if (panelFor === renderId) {
    panelFor = 0;
    try {
      frame.contentWindow.consentry.showPreferences();
    } catch (err) {
      setPreviewStatus('failed', `Could not open the panel: ${err && err.message ? err.message : err}`);
    }
  }
});
window.addEventListener('pagehide', clearPreviewCookie);

$('show-banner').addEventListener('click', () => renderPreview(lastValid));
$('show-panel').addEventListener('click', () => renderPreview(lastValid, { panel: true }));

// ------------------------------------------------------------------------------------------
// Examples and download

async function loadExample(name) {
  const url = EXAMPLES + encodeURIComponent(name);
  setStatus('loading', `Loading ${name}…`);
  try {
    const r = await fetch(url, { cache: 'no-cache' });
    if (!r.ok) throw new Error(`${url} answered ${r.status}`);
    setText(await r.text());
  } catch (e) {
    setStatus('failed', `Could not load ${name}: ${e && e.message ? e.message : e}`);
    return;
  }
  if (check) {
    validate();
    if (editor.value === lastValid) renderPreview(lastValid, { quiet: true });
  }
}

$('load').addEventListener('click', () => loadExample(example.value));

$('download').addEventListener('click', () => {
  const url = URL.createObjectURL(new Blob([editor.value], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'consent.json';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
});

// ------------------------------------------------------------------------------------------
// The service catalog: the explain build's presets(), added as {"id", "category", "preset"}

const presetSelect = $('preset');
const addPreset = $('add-preset');
let catalog = [];

function offerPresets(list) {
  catalog = list;
  presetSelect.replaceChildren(
    ...list.map((p) => {
      const option = document.createElement('option');
      option.value = p.name;
      option.textContent = `${p.name}: ${p.title} (${p.kind})`;
      return option;
    }),
  );
  presetSelect.disabled = addPreset.disabled = false;
}

/** Adds the selected preset as a service (and its category if missing), rewriting the text. */
function addSelectedPreset() {
  const p = catalog.find((c) => c.name === presetSelect.value);
  if (!p) return;
  let m;
  try {
    m = JSON.parse(editor.value);
  } catch {
    setStatus('invalid', 'Fix the JSON first: a service is added to a manifest that reads.');
    return;
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) return setStatus('invalid', 'The manifest must be a JSON object to add a service to it.');
  m.categories = Array.isArray(m.categories) ? m.categories : [];
  m.services = Array.isArray(m.services) ? m.services : [];
  if (!m.categories.some((c) => c && c.id === p.kind)) {
    m.categories.push({ id: p.kind, ...(p.kind === 'necessary' && { required: true }), title: p.kind_title, description: p.kind_description });
  }
  const taken = new Set([...m.categories, ...m.services].map((e) => e && e.id));
  let id = p.name;
  for (let n = 2; taken.has(id); n++) id = `${p.name}-${n}`;
  m.services.push({ id, category: p.kind, preset: p.name });
  setText(JSON.stringify(m, null, 2) + '\n');
  validate();
}

addPreset.addEventListener('click', addSelectedPreset);

// ------------------------------------------------------------------------------------------
// Start: the validator and the first example in parallel

async function loadValidator() {
  const x = await import('/consentry/consentry_explain.js');
  await x.default({ module_or_path: '/consentry/consentry_explain_bg.wasm' });
  if (typeof x.check !== 'function' || typeof x.presets !== 'function') {
    throw new Error('this build of consentry_explain has no check() or presets(); rebuild pkg/ (bash scripts/build.sh)');
  }
  offerPresets(x.presets());
  return x.check;
}

updateGutter();
Promise.all([loadValidator(), loadExample(example.value)]).then(
  ([fn]) => {
    check = fn;
    validate();
    if (lastValid !== null && lastValid === editor.value) renderPreview(lastValid, { quiet: true });
  },
  (e) => setStatus('failed', `Could not load the validator (/consentry/consentry_explain.js): ${e && e.message ? e.message : e}`),
);
