// The playground: wires the editors, the engine worker and the panels together.
import './style.css';
import { Engine, TimeoutError, SupersededError } from './engine.js';
import { parseJsonExact } from './exact.js';
import { t, tn, seconds, stoppedTitle, setLang, getLang, translateDom, KIND_KEYS } from './i18n.js';
import { h, clear, keepFocus, withCode } from './dom.js';
import { EXAMPLES, findExample, employeeLabel } from './examples.js';
import { createPolicyEditor, createJsonEditor, showDiagnostics, setDoc, goToLine, setEditorLang, jsonPathRange } from './editor.js';
import { FactsForm, today, undeclared, undeclaredText, parseNumber } from './facts-form.js';
import { renderDecision } from './decision-view.js';
import { renderTests } from './tests-view.js';
import { renderPopulation } from './population-view.js';
import { parsePopulation, diffResults, thousandsLike } from './population.js';
import {
  encodeState, decodeState, saveLocal, loadLocalText, parseLocal, isStateKey, loadSetAside, saveSetAside,
} from './share.js';

/**
 * How long one evaluation may run before its worker is stopped: 3 seconds, or what the address
 * gives as `?time-limit=SECONDS` (from 0.1 to 600: a large population on a slow computer, or a
 * quick stop while trying).
 */
const TIME_LIMIT_MS = timeLimitMs(new URLSearchParams(globalThis.location?.search ?? '').get('time-limit'));

function timeLimitMs(given) {
  const seconds = Number(given);
  return given !== null && given !== '' && Number.isFinite(seconds) && seconds >= 0.1 && seconds <= 600
    ? Math.round(seconds * 1000)
    : 3000;
}
const POPULATION_CHUNK = 250;
const EXPLAIN_CHANGED_MAX = 60;
// A blank policy starts in the interface's language (its keywords are English or Indonesian).
const BLANK_POLICY = {
  en: 'policy "New policy" version "0.1"\n\nfacts {\n}\n',
  id: 'kebijakan "Kebijakan baru" versi "0.1"\n\nfakta {\n}\n',
};
const isBlankPolicy = (source) => Object.values(BLANK_POLICY).includes(source);

const $ = (sel) => document.querySelector(sel);
const clone = (v) => JSON.parse(JSON.stringify(v ?? {}));

// ---------------------------------------------------------------- state

const app = {
  exampleId: EXAMPLES[0]?.id ?? '',
  source: EXAMPLES[0]?.source ?? BLANK_POLICY.en,
  facts: {},
  // Whether the facts were typed (in the form or the JSON), rather than loaded as they are from an
  // example employee, a population row or an example: typed facts are work, kept when replaced.
  factsEdited: false,
  // Facts JSON text still to show (a kept state's JSON that did not read), else null.
  factsText: null,
  // Why the facts JSON does not read ({msg} or {notObject}), or null when it does.
  jsonBroken: null,
  asOf: today(),
  params: {},
  tab: 'case',
  factsTab: 'form',
  meta: null,
  compileOk: false,
  diagnostics: [],
  checking: false,
  // The last check stopped by the time limit ({ms, lines}), or null.
  checkStopped: null,
  decision: { busy: true },
  tests: { results: null },
  testsDirty: true,
};

const pop = {
  name: '', rows: [], results: null, baseline: null, baselineResults: null, baselineKey: null,
  changes: null, changedSet: null, explainCur: null, explainBase: null,
  progress: null, timeout: null, error: null, filter: '', outcome: '', dirty: false,
  // A file that could not be read ({name, error}), its message worded again in another language.
  fileError: null,
  // The fields of the rows the policy does not declare, as a list to show, or ''.
  undeclared: '',
};

function defaultsFor(example) {
  return {
    exampleId: example?.id ?? '',
    source: example?.source ?? BLANK_POLICY[getLang()],
    facts: clone(example?.employees?.[0] ?? {}),
    factsEdited: false,
    factsText: null,
    asOf: example?.asOf ?? today(),
    params: {},
  };
}

function applyState(s) {
  if (typeof s.source === 'string') app.source = s.source;
  if (typeof s.policy === 'string') app.source = s.policy;
  if (s.facts && typeof s.facts === 'object') {
    app.facts = s.facts;
    app.factsEdited = !!s.facts_edited;
    app.factsText = typeof s.facts_text === 'string' ? s.facts_text : null;
  }
  if (typeof s.as_of === 'string') app.asOf = s.as_of;
  if (typeof s.asOf === 'string') app.asOf = s.asOf;
  if (s.params && typeof s.params === 'object') app.params = s.params;
  if (typeof s.example === 'string' || typeof s.exampleId === 'string') app.exampleId = s.example ?? s.exampleId;
  if (s.lang === 'en' || s.lang === 'id') setLang(s.lang);
  if (typeof s.tab === 'string') app.tab = s.tab;
  if (s.factsTab === 'form' || s.factsTab === 'json') app.factsTab = s.factsTab;
}

function snapshot() {
  return {
    v: 1, policy: app.source, facts: app.facts, as_of: app.asOf, params: app.params, lang: getLang(), example: app.exampleId,
    ...(app.factsEdited ? { facts_edited: true } : {}),
    // Facts JSON that does not read is kept as typed: it is work too.
    ...(app.jsonBroken ? { facts_text: jsonEditor.get() } : app.factsText != null ? { facts_text: app.factsText } : {}),
  };
}

/** A state's work without the page's settings (language, tab), as it is set aside. */
function workOf(state) {
  const { lang, tab, factsTab, ...work } = state;
  return work;
}

/** Whether a state holds work of the user's: a policy other than its example's (or than a blank
 * one), typed facts, or parameters. */
function isWork(s) {
  const example = findExample(s.example);
  const policy = s.policy ?? '';
  const policyEdited = example ? example.source !== policy : !isBlankPolicy(policy) && policy.trim() !== '';
  return policyEdited || !!s.facts_edited || typeof s.facts_text === 'string' || Object.keys(s.params || {}).length > 0;
}

function sameWork(a, b) {
  const same = (x, y) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  return a.policy === b.policy && same(a.facts, b.facts) && same(a.params, b.params) && same(a.facts_text, b.facts_text);
}

// The kept state as this tab last wrote or read it: any other text in storage was written by
// another tab, and its work is set aside rather than overwritten.
let lastStored = null;

function saveNow() {
  const kept = loadLocalText();
  if (kept !== null && kept !== lastStored) {
    const theirs = parseLocal(kept);
    if (theirs && isWork(theirs) && !sameWork(theirs, snapshot())) setAsideWork('tab', workOf(theirs));
  }
  lastStored = saveLocal({ ...snapshot(), tab: app.tab, factsTab: app.factsTab }) ?? lastStored;
}

let saveTimer = null;
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = null;
    saveNow();
  }, 400);
}

// What was typed in the last moments before the page is reloaded, closed or left for another tab
// is kept: the save waiting for a pause in typing is made at once.
function saveWaiting() {
  if (saveTimer === null) return;
  clearTimeout(saveTimer);
  saveTimer = null;
  saveNow();
}
addEventListener('pagehide', saveWaiting);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') saveWaiting();
});

// ---------------------------------------------------------------- engine

const engine = new Engine({
  timeoutMs: TIME_LIMIT_MS,
  onStatus: (s) => {
    if (s.fatal) setStatus({ key: 'engineFailed', vars: { msg: s.fatal }, cls: 'error' });
  },
});

// The status in the top bar: a message ({key, vars, cls}), or an offer: work set aside to bring
// back ({offer: 'setAside'}), or another tab's newer work to open ({offer: 'otherTab'}). Kept as
// what to say rather than as text, so that it follows a change of language.
let status = {};

function setStatus(next) {
  status = next;
  renderStatus();
}

const SET_ASIDE_MESSAGES = { edits: 'editsSetAside', facts: 'setAsideFacts', link: 'setAsideLink', tab: 'setAsideTab' };

function renderStatus() {
  const el = $('#engine-status');
  el.className = `engine-status ${status.cls || ''}`;
  const button = (id, label, onclick, title = null) => h('button', { type: 'button', class: 'small', id, title, onclick }, label);
  if (status.offer === 'setAside') {
    const top = loadSetAside()[0];
    if (!top) {
      status = {};
      clear(el);
      return;
    }
    el.classList.add('offer');
    clear(el, t(SET_ASIDE_MESSAGES[top.kind] || 'editsSetAside'), ' ',
      button('undo-set-aside', t(top.kind === 'link' ? 'backToOwnWork' : 'undoEdits'), restoreSetAside), ' ',
      button('discard-set-aside', t('discardSetAside'), discardSetAside, t('discardSetAsideTitle')));
  } else if (status.offer === 'otherTab') {
    el.classList.add('offer');
    clear(el, t('otherTabSaved'), ' ', button('open-other-tab', t('openOtherTab'), openOtherTab));
  } else {
    el.textContent = status.key ? t(status.key, status.vars) : '';
  }
}

/** The parameter overrides the current policy declares (an override of a removed one is dropped). */
function effectiveParams() {
  const declared = new Set((app.meta?.params || []).map((p) => p.name));
  return Object.fromEntries(Object.entries(app.params).filter(([name]) => !app.meta || declared.has(name)));
}

function evalOptions(explain) {
  return { as_of: app.asOf, params: effectiveParams(), explain, lang: getLang() };
}

// ---------------------------------------------------------------- editor and analysis

let analyzeTimer = null;
let analyzeSeq = 0;

const editor = createPolicyEditor($('#editor'), {
  doc: app.source,
  onChange: (text) => {
    const example = findExample(app.exampleId);
    const wasEdited = example?.source !== app.source;
    const wasBlank = isBlankPolicy(app.source);
    app.source = text;
    if (example ? wasEdited !== (example.source !== text) : wasBlank !== isBlankPolicy(text)) renderExamplePicker();
    scheduleAnalyze();
    saveSoon();
  },
  completionContext: () => ({ schema: app.meta?.schema, params: app.meta?.params, rules: app.meta?.rules, lets: app.meta?.lets, lang: getLang() }),
});

function scheduleAnalyze(delay = 350) {
  clearTimeout(analyzeTimer);
  app.checking = true;
  renderProblems();
  analyzeTimer = setTimeout(analyze, delay);
}

async function analyze() {
  const seq = ++analyzeSeq;
  const source = app.source;
  let res;
  try {
    res = await engine.call('analyze', { source, lang: getLang() }, { key: 'analyze' });
  } catch (err) {
    if (err instanceof SupersededError || seq !== analyzeSeq) return;
    app.checking = false;
    if (err instanceof TimeoutError) {
      // Not known to be valid, nor to have errors: nothing may claim either. The last decision
      // stays, greyed, for reference, and the rules and tests wait for a check that finishes.
      app.checkStopped = { ms: err.ms, lines: source.split('\n').length };
      app.compileOk = false;
      app.diagnostics = [];
      if (editor.state.doc.toString() === source) showDiagnostics(editor, []);
      app.decision = { ...app.decision, busy: false, timeout: null, errors: null, compileErrors: false };
      renderRules();
      if (app.tab === 'tests') renderTestsPane();
    } else {
      app.decision = { errors: [{ message: String(err.message) }] };
    }
    renderProblems();
    renderDecisionPane();
    return;
  }
  if (seq !== analyzeSeq) return;
  app.checking = false;
  app.checkStopped = null;
  const check = res.check;
  app.diagnostics = check.errors || check.ok?.warnings || [];
  if (editor.state.doc.toString() === source) showDiagnostics(editor, app.diagnostics);
  if (res.meta) {
    const schemaChanged = JSON.stringify(res.meta.schema) !== JSON.stringify(app.meta?.schema);
    const paramsChanged = JSON.stringify(res.meta.params) !== JSON.stringify(app.meta?.params);
    app.meta = res.meta;
    app.compileOk = true;
    if (schemaChanged) {
      factsForm.set(app.meta.schema, app.facts);
      showUndeclared();
      findPopulationUndeclared();
    }
    if (paramsChanged) renderParams();
    renderRules();
    app.testsDirty = true;
    if (app.tab === 'tests') runTests();
    evaluate();
    runPopulation();
  } else {
    app.compileOk = false;
    renderRules();
    // The last decision stays (greyed) for reference; an evaluation error of the policy as it was
    // no longer applies.
    app.decision = { ...app.decision, compileErrors: true, busy: false, timeout: null, errors: null };
    renderDecisionPane();
    if (app.tab === 'tests') renderTestsPane();
    if (app.tab === 'population') renderPopulationPane();
  }
  renderProblems();
}

function renderProblems() {
  const el = $('#problems');
  const errors = app.diagnostics.filter((d) => d.severity === 'error');
  const warnings = app.diagnostics.filter((d) => d.severity !== 'error');
  const state = app.checking ? h('span', { class: 'muted' }, t('checking'))
    : app.checkStopped ? h('span', { class: 'st-error st-stopped' }, '⏱ ', t('checkStopped', { s: seconds(app.checkStopped.ms) }))
      : errors.length ? h('span', { class: 'st-error' }, '✗ ', tn('errorsCount', errors.length, { n: errors.length }))
        : app.compileOk ? h('span', { class: 'st-ok' }, '✓ ', (app.meta?.rules?.length === 1 ? t('compiledOkOne') : t('compiledOk', { rules: app.meta?.rules?.length ?? 0 }))) : null;
  const inOrder = [...app.diagnostics].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  const list = inOrder.map((d) => h('li', { class: `diag d-${d.severity}` },
    h('a', { href: '#', onclick: (e) => { e.preventDefault(); goToLine(editor, d.line); } }, t('line', { n: d.line })),
    ' ', h('code', {}, d.code || ''), ' ', withCode(d.message), d.help ? h('span', { class: 'diag-help' }, ' — ', withCode(d.help)) : null));
  if (!app.checking) announce('#problems-status', state?.textContent ?? '');
  clear(el,
    h('div', { class: 'problems-head' }, state,
      warnings.length ? h('span', { class: 'st-warn' }, ' · ', tn('warningsCount', warnings.length, { n: warnings.length })) : null,
      // The name of the policy as last compiled: not beside the errors of a text that no longer is it.
      app.compileOk && app.meta?.info ? h('span', { class: 'muted info' }, `${app.meta.info.name} ${app.meta.info.version}`) : null),
    list.length ? h('ul', { class: 'diag-list' }, list) : null);
}

// ---------------------------------------------------------------- facts

let evalTimer = null;
let evalSeq = 0;

const factsForm = new FactsForm($('#facts-form'), {
  onChange: () => {
    factsChanged('form');
  },
});

let jsonSeq = 0;

const jsonEditor = createJsonEditor($('#facts-json-editor'), {
  doc: JSON.stringify(app.facts, null, 2),
  onChange: (text) => readFactsJson(text),
});

/** Reads the facts JSON as typed (`typed`) or as kept, and takes its facts when it reads. */
async function readFactsJson(text, typed = true) {
  const seq = ++jsonSeq;
  if (typed) app.factsEdited = true;
  // The engine reads the text first, as it reads facts everywhere: its message is in the
  // interface's language, and it refuses a field named twice, which JSON.parse settles silently.
  let problem = null;
  try {
    problem = await engine.call('jsonError', { text, lang: getLang() }, { key: 'jsonError' });
  } catch (err) {
    if (err instanceof SupersededError) return;
    // No engine (it failed to start): the browser's own reading below still says what is wrong.
  }
  if (seq !== jsonSeq) return;
  app.factsText = null;
  let value;
  try {
    value = parseJsonExact(text);
  } catch (err) {
    problem ??= err.message;
  }
  // The place a message names ("line 3 column 14", "baris 3 kolom 14") is marked in the text.
  const at = problem && /\b(?:line|baris) (\d+),? (?:column|kolom) (\d+)/.exec(problem);
  showDiagnostics(jsonEditor.view, at ? [{ line: Number(at[1]), column: Number(at[2]), message: problem, severity: 'error' }] : []);
  if (problem) setJsonBroken({ msg: problem });
  else if (!value || typeof value !== 'object' || Array.isArray(value)) setJsonBroken({ notObject: true });
  else {
    setJsonBroken(null);
    app.facts = value;
    factsChanged('json');
  }
}

/**
 * Shows why the facts JSON does not read, or that it does (`broken` null). While it does not, the
 * decision shown is not for it, and the form (which would write its facts over the text) is
 * locked: nothing replaces what was pasted before it reads.
 */
function setJsonBroken(broken) {
  const was = app.jsonBroken;
  app.jsonBroken = broken;
  renderJsonState();
  if (!!was !== !!broken) renderDecisionPane();
  if (broken) saveSoon();
}

function renderJsonState() {
  const broken = app.jsonBroken;
  $('#facts-json-error').textContent = !broken ? '' : broken.notObject ? t('jsonNotObject') : t('jsonInvalid', { msg: broken.msg });
  $('#facts-form').inert = !!broken;
  $('#facts-form').classList.toggle('locked', !!broken);
  $('#facts-form-locked').hidden = !broken || app.factsTab !== 'form';
}

/** Shows the facts in the JSON editor: the kept text that did not read (kept in `app.factsText`
 * until read again), else the facts. */
function showFactsJson() {
  const text = app.factsText;
  jsonSeq += 1;
  app.jsonBroken = null;
  renderJsonState();
  jsonEditor.set(text ?? JSON.stringify(app.facts, null, 2));
  if (text != null) readFactsJson(text, false);
}

function showUndeclared() {
  const paths = undeclared(app.meta?.schema?.fields, app.facts);
  $('#facts-undeclared').textContent = paths.size ? t('factsUndeclared', { paths: undeclaredText(app.meta?.schema, paths) }) : '';
}

function factsChanged(from) {
  if (from === 'form') app.factsEdited = true;
  showUndeclared();
  // The JSON is written anew from the facts (a reading of it still on its way is dropped).
  if (from !== 'json') showFactsJson();
  if (from !== 'form') factsForm.set(app.meta?.schema, app.facts);
  saveSoon();
  clearTimeout(evalTimer);
  evalTimer = setTimeout(evaluate, 200);
}

/** Puts facts in place of the current ones: loaded as they are, or (`edited`) typed work brought back. */
function setFacts(facts, { edited = false, text = null } = {}) {
  app.facts = clone(facts);
  app.factsEdited = edited;
  app.factsText = text;
  showUndeclared();
  showFactsJson();
  factsForm.set(app.meta?.schema, app.facts);
  saveSoon();
  evaluate();
}

/** The facts as work to set aside: as typed, the JSON text too when it does not read. */
function factsWork() {
  return { facts: clone(app.facts), facts_edited: true, ...(app.jsonBroken ? { facts_text: jsonEditor.get() } : {}) };
}

/** Loads the facts of an example employee or a population row; typed facts are set aside first. */
function pickFacts(facts) {
  if (app.factsEdited || app.jsonBroken) setAsideWork('facts', factsWork());
  setFacts(facts);
}

function showFactsTab(which) {
  if (app.factsTab !== which) saveSoon();
  app.factsTab = which;
  for (const b of document.querySelectorAll('[data-facts-tab]')) b.setAttribute('aria-pressed', String(b.dataset.factsTab === which));
  $('#facts-form').hidden = which !== 'form';
  $('#facts-json').hidden = which !== 'json';
  renderJsonState();
  if (which === 'json') jsonEditor.view.requestMeasure();
}

function renderEmployeePicker() {
  const example = findExample(app.exampleId);
  const employees = example?.id === app.exampleId ? example.employees : [];
  const sel = $('#employee-picker');
  clear(sel, h('option', { value: '' }, t('loadEmployee')),
    employees.map((e, i) => h('option', { value: String(i) }, employeeLabel(e, i))),
    h('option', { value: 'clear' }, `— ${t('clearFacts')} —`));
  sel.value = '';
}

// ---------------------------------------------------------------- decision

async function evaluate() {
  if (!app.compileOk) return;
  const seq = ++evalSeq;
  app.decision = { ...app.decision, busy: true };
  let res;
  try {
    res = await engine.call('evaluate', { source: app.source, facts: clone(app.facts), options: evalOptions(true) }, { key: 'evaluate' });
  } catch (err) {
    if (err instanceof SupersededError || seq !== evalSeq) return;
    app.decision = err instanceof TimeoutError ? { timeout: err.ms } : { errors: [{ message: String(err.message) }] };
    factsForm.markIssues([]);
    renderDecisionPane();
    return;
  }
  if (seq !== evalSeq) return;
  if (res.compileErrors) app.decision = { compileErrors: true, decision: app.decision.decision };
  else if (res.errors) app.decision = { errors: res.errors };
  else app.decision = { decision: res.ok };
  factsForm.markIssues(res.errors || []);
  markJsonIssues(res.errors || []);
  markParams(res.errors || []);
  renderDecisionPane();
}

/** Marks in the facts JSON where each fact the engine refused is written (as the form marks its
 * field), unless the text does not read as JSON (its own error is marked then). */
function markJsonIssues(issues) {
  if (app.jsonBroken) return;
  const view = jsonEditor.view;
  const marks = issues.filter((i) => i.path && !i.param).map((i) => {
    const at = jsonPathRange(view.state, i.path);
    return at && { start_utf16: at.from, end_utf16: at.to, message: i.message, severity: 'error' };
  }).filter(Boolean);
  showDiagnostics(view, marks);
}

/** Marks the parameter inputs the engine refused, as the facts form marks its fields. */
function markParams(errors) {
  for (const el of document.querySelectorAll('#params .invalid')) {
    el.classList.remove('invalid');
    el.removeAttribute('title');
  }
  for (const e of errors) {
    const input = e.param && document.getElementById(`param-${e.param}`);
    if (!input) continue;
    input.classList.add('invalid');
    input.title = e.message;
  }
}

let explainTextTarget = null;
async function explainText(pre) {
  explainTextTarget = pre;
  const d = app.decision.decision;
  if (!d) return;
  try {
    const res = await engine.call('explainText', { source: app.source, decision: d, lang: getLang() });
    if (explainTextTarget === pre) pre.textContent = res.ok ?? (res.compileErrors ? t('fixErrorsFirst') : '');
  } catch (err) {
    pre.textContent = String(err.message);
  }
}

const viewCtx = {
  get rules() {
    return app.meta?.rules || [];
  },
  onJump: (line) => goToLine(editor, line),
  onExplainText: explainText,
};

function renderDecisionPane() {
  const pane = $('#decision');
  // Keep the explanations the user opened open across re-renders.
  const open = new Set([...pane.querySelectorAll('details[open]')].map((d) => d.dataset.code || d.dataset.rule || d.className));
  renderDecision(pane, { ...app.decision, checkStopped: app.checkStopped, factsStale: !!app.jsonBroken }, viewCtx);
  for (const d of pane.querySelectorAll('details')) {
    const k = d.dataset.code || d.dataset.rule || d.className;
    if (open.has(k) && !d.classList.contains('as-text')) d.open = true;
  }
  if (!app.decision.busy) announce('#decision-status', decisionSummary(app.decision.decision));
}

/** Sets a screen reader's status line (said when it changes, and only then). */
function announce(selector, text) {
  const el = $(selector);
  if (el.textContent !== text) el.textContent = text;
}

/** The decision in one line for a screen reader: the outcomes of each kind by their codes. */
function decisionSummary(d) {
  if (!d?.outcomes) return '';
  const codes = (kind) => d.outcomes.filter((o) => o.kind === kind).map((o) => o.code).join(', ') || '—';
  const parts = [['sanction', 'sanction'], ['rewards', 'reward'], ['promotions', 'promotion'], ['notices', 'notice']]
    .map(([key, kind]) => `${t(key)}: ${codes(kind)}`);
  if (d.undetermined?.length) parts.push(`${t('undetermined')}: ${d.undetermined.map((u) => u.code).join(', ')}`);
  return parts.join('. ');
}

// ---------------------------------------------------------------- parameters and date

function renderParams() {
  const el = $('#params');
  const params = app.meta?.params || [];
  clear(el, h('span', { class: 'params-label' }, `${t('parameters')}:`),
    params.length === 0 ? h('span', { class: 'muted' }, t('noParams')) : params.map((p) => {
      const value = app.params[p.name];
      const set = (v) => {
        if (v === undefined) delete app.params[p.name];
        else app.params[p.name] = v;
        saveSoon();
        evaluate();
        runPopulation();
      };
      const id = `param-${p.name}`;
      let input;
      if (p.type?.type === 'bool') {
        input = h('select', { id, onchange: (e) => set(e.target.value === '' ? undefined : e.target.value === 'true') },
          h('option', { value: '' }, t('paramDefault', { v: p.default === true ? t('yes') : p.default === false ? t('no') : JSON.stringify(p.default) })),
          h('option', { value: 'true', selected: value === true }, t('yes')), h('option', { value: 'false', selected: value === false }, t('no')));
      } else if (p.type?.type === 'enum') {
        input = h('select', { id, onchange: (e) => set(e.target.value === '' ? undefined : e.target.value) },
          h('option', { value: '' }, t('paramDefault', { v: p.default })),
          (p.type.values || []).map((v) => h('option', { value: v, selected: value === v }, v)));
      } else {
        const numeric = p.type?.type === 'int' || p.type?.type === 'decimal';
        input = h('input', { id, type: p.type?.type === 'date' ? 'date' : 'text', class: numeric ? 'num' : '',
          inputmode: numeric ? 'decimal' : null, placeholder: String(p.default ?? ''), value: value == null ? '' : String(value),
          // Numbers are read as the form reads them: exactly, `86,5` as 86.5 for a decimal.
          oninput: (e) => set(numeric ? parseNumber(e.target.value, p.type) : e.target.value.trim() || undefined) });
      }
      // A date field shows no placeholder: the default is said beside it.
      const dateDefault = p.type?.type === 'date' && p.default != null
        ? h('span', { class: 'muted param-default' }, t('paramDefault', { v: p.default })) : null;
      return h('label', { class: 'param', title: p.doc || null, for: id }, h('span', {}, p.name), input, dateDefault);
    }));
  markParams(app.decision?.errors || []);
}

// ---------------------------------------------------------------- tests

async function runTests() {
  if (!app.compileOk) {
    renderTestsPane();
    return;
  }
  app.testsDirty = false;
  app.tests = { ...app.tests, busy: true, timeout: null, error: null };
  renderTestsPane();
  try {
    const res = await engine.call('runTests', { source: app.source, lang: getLang() }, { key: 'tests' });
    app.tests = res.compileErrors ? { error: t('fixErrorsFirst') } : { results: res.ok };
  } catch (err) {
    if (err instanceof SupersededError) return;
    app.tests = err instanceof TimeoutError ? { timeout: err.ms } : { error: String(err.message) };
  }
  renderTestsPane();
}

function renderTestsPane() {
  const state = app.compileOk ? app.tests
    : { ...app.tests, stale: true, error: app.checkStopped ? stoppedTitle('checkStoppedTitle', app.checkStopped.ms) : t('fixErrorsTests') };
  renderTests($('#tests'), state, { onRun: runTests, onJump: (n) => goToLine(editor, n) });
}

// ---------------------------------------------------------------- rules list

function renderRules() {
  if (app.checkStopped) {
    clear($('#rules'), h('h2', {}, t('ruleList')), h('p', { class: 'banner timeout' }, t('checkStoppedRules')));
    return;
  }
  const rules = app.meta?.rules || [];
  if (rules.length === 0) {
    clear($('#rules'), h('h2', {}, t('ruleList')), h('p', { class: 'muted empty' }, withCode(t('noRules'))));
    return;
  }
  clear($('#rules'), h('h2', {}, t('ruleList')), h('table', { class: 'rule-table' },
    h('tbody', {}, rules.map((r) => h('tr', {},
      h('td', {}, h('span', { class: `kind k-${r.kind}` }, t(KIND_KEYS[r.kind] || r.kind))),
      h('td', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); goToLine(editor, r.line); } }, h('code', {}, r.id)),
        h('div', {}, r.title), r.exception_to ? h('div', { class: 'muted' }, t('exceptionTo', { rule: r.exception_to })) : null),
      h('td', { class: 'muted' }, r.source),
      h('td', {}, (r.codes || []).map((c) => h('code', { class: 'chip' }, c))))))));
}

// ---------------------------------------------------------------- population

let popSeq = 0;

function loadPopulation(name, rows) {
  pop.name = name;
  pop.rows = rows;
  pop.results = null;
  pop.baselineResults = null;
  pop.baselineKey = null;
  pop.changes = null;
  pop.changedSet = null;
  pop.error = null;
  pop.timeout = null;
  pop.outcome = '';
  pop.filter = '';
  pop.dirty = true;
  pop.fileError = null;
  findPopulationUndeclared();
  runPopulation();
  renderPopulationPane();
}

/** Names the columns (fields) of the population the policy does not declare, as the JSON tab
 * does: a misspelt column would leave its fact missing for every employee. */
function findPopulationUndeclared() {
  const fields = app.meta?.schema?.fields;
  const paths = new Set();
  if (fields) for (const row of pop.rows) undeclared(fields, row, paths);
  pop.undeclared = paths.size ? undeclaredText(app.meta.schema, paths) : '';
  // `1.250` in a decimal column, which a spreadsheet in Indonesian may have meant as 1250.
  const grouped = thousandsLike(app.meta?.schema, pop.rows);
  pop.thousands = grouped.n ? { examples: grouped.found.join(', '), n: grouped.n } : null;
  if (app.tab === 'population') renderPopulationPane();
}

/** Why a population file cannot be read, in the interface's language (JSON as the engine reads it). */
async function describeFileError(name, err) {
  if (err.kind === 'empty') return t('popFileEmpty', { name });
  if (err.kind === 'onlyHeader') return t('popOnlyHeader', { name });
  if (err.kind === 'csvQuote') return t('popCsvQuote', { name, line: err.text });
  let msg = err.message;
  if (err.kind === 'json') {
    try {
      msg = (await engine.call('jsonError', { text: err.text, lang: getLang() })) ?? msg;
    } catch {
      // No engine: the browser's own message says what is wrong, if in English.
    }
  }
  return t('popParseError', { name, msg });
}

async function showFileError() {
  const failed = pop.fileError;
  const msg = await describeFileError(failed.name, failed.error);
  if (pop.fileError !== failed) return;
  pop.error = msg;
  renderPopulationPane();
}

async function evalAll(source, options, seq) {
  const out = [];
  for (let i = 0; i < pop.rows.length; i += POPULATION_CHUNK) {
    if (seq !== popSeq) throw new SupersededError();
    const chunk = pop.rows.slice(i, i + POPULATION_CHUNK);
    const res = await engine.call('evaluateMany', { source, factsList: chunk, options }, { key: `pop:${seq}` });
    if (res.compileErrors) throw new Error(t('fixErrorsFirst'));
    out.push(...res);
    pop.progress = { done: Math.min(i + POPULATION_CHUNK, pop.rows.length), n: pop.rows.length };
    const el = document.querySelector('#population .progress');
    if (el) el.textContent = ` · ${t('popProgress', pop.progress)}`;
  }
  return out;
}

async function explainSubset(source, params, indices, seq) {
  const map = new Map();
  if (!indices.length) return map;
  const res = await engine.call('evaluateMany', {
    source, factsList: indices.map((i) => pop.rows[i]), options: { ...evalOptions(true), params },
  }, { key: `pop:${seq}` });
  if (res.compileErrors) return map;
  indices.forEach((i, k) => map.set(i, res[k]));
  return map;
}

/** Evaluates the population (and the baseline) when the population tab is shown; otherwise later. */
async function runPopulation() {
  if (!pop.rows.length || !app.compileOk) return;
  if (app.tab !== 'population') {
    pop.dirty = true;
    return;
  }
  pop.dirty = false;
  const seq = ++popSeq;
  engine.cancel('pop');
  pop.timeout = null;
  pop.error = null;
  // Until the new results are in, the counts and the impact shown are those of the policy as it
  // was: shown as such (dimmed, with the progress), not as the edited policy's.
  // (Said after a moment, so that a small population's quick run does not flicker.)
  pop.progress = { done: 0, n: pop.rows.length };
  if (pop.results) setTimeout(() => { if (seq === popSeq && pop.progress) renderPopulationPane(); }, 150);
  try {
    const current = await evalAll(app.source, evalOptions(false), seq);
    if (seq !== popSeq) return;
    pop.results = current;
    if (pop.baseline) {
      const key = JSON.stringify([pop.baseline.source, pop.baseline.params, app.asOf, getLang(), pop.rows.length, pop.name]);
      if (pop.baselineKey !== key) {
        pop.baselineResults = await evalAll(pop.baseline.source, { ...evalOptions(false), params: pop.baseline.params }, seq);
        pop.baselineKey = key;
      }
      pop.changes = diffResults(pop.baselineResults, current);
      pop.changedSet = new Set(pop.changes.map((c) => c.index));
      const idx = pop.changes.slice(0, EXPLAIN_CHANGED_MAX).map((c) => c.index);
      pop.explainCur = await explainSubset(app.source, effectiveParams(), idx, seq);
      pop.explainBase = await explainSubset(pop.baseline.source, pop.baseline.params, idx, seq);
    } else {
      pop.changes = null;
      pop.changedSet = null;
    }
    pop.progress = null;
  } catch (err) {
    if (err instanceof SupersededError || seq !== popSeq) return;
    pop.progress = null;
    if (err instanceof TimeoutError) pop.timeout = err.ms;
    else pop.error = String(err.message);
  }
  if (seq === popSeq) renderPopulationPane();
}

const popCtx = {
  get rules() {
    return app.meta?.rules || [];
  },
  /** Why the population is not evaluated now: the policy has errors (or its check was stopped). */
  get policyBroken() {
    if (app.compileOk || app.checking) return null;
    return app.checkStopped ? stoppedTitle('checkStoppedTitle', app.checkStopped.ms) : t('fixErrorsPopulation');
  },
  get hasExampleEmployees() {
    return (findExample(app.exampleId)?.employees?.length ?? 0) > 0;
  },
  onJump: (line) => goToLine(editor, line),
  onFile: async (file) => {
    let rows;
    try {
      rows = parsePopulation(file.name, await file.text(), app.meta?.schema);
    } catch (err) {
      pop.fileError = { name: file.name, error: err };
      showFileError();
      return;
    }
    loadPopulation(file.name, rows);
  },
  onUseExample: () => useExamplePopulation(),
  onPin: () => {
    const now = new Date();
    pop.baseline = { source: app.source, params: effectiveParams(), time: now.toLocaleTimeString(getLang() === 'id' ? 'id-ID' : 'en-GB') };
    pop.baselineResults = pop.results;
    pop.baselineKey = JSON.stringify([pop.baseline.source, pop.baseline.params, app.asOf, getLang(), pop.rows.length, pop.name]);
    pop.changes = diffResults(pop.baselineResults, pop.results);
    pop.changedSet = new Set();
    renderPopulationPane();
  },
  onUnpin: () => {
    pop.baseline = null;
    pop.baselineResults = null;
    pop.changes = null;
    pop.changedSet = null;
    if (pop.outcome === 'changed') pop.outcome = '';
    renderPopulationPane();
  },
  onOutcomeFilter: (key) => {
    pop.outcome = key;
    renderPopulationPane();
  },
  onOpen: (i) => {
    pickFacts(pop.rows[i]);
    showTab('case');
    // The keyboard goes with the employee: to the tab that now shows it.
    $('#tab-case').focus();
  },
};

/** The example's employees as the population, compared with the example policy as published. */
function useExamplePopulation() {
  const example = findExample(app.exampleId);
  if (!example?.employees?.length) return;
  pop.baseline = { source: example.source, params: {}, time: null };
  loadPopulation(`${example.id.split('/').pop()}/employees.json`, clone(example.employees));
}

function renderPopulationPane() {
  const pane = $('#population');
  const open = new Set([...pane.querySelectorAll('details[open]')].map((d) => d.dataset.key));
  const scroll = pane.scrollTop;
  keepFocus(pane, () => renderPopulation(pane, pop, popCtx));
  for (const d of pane.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
  pane.scrollTop = scroll;
}

// ---------------------------------------------------------------- tabs, language, examples, share

function showTab(tab) {
  app.tab = tab;
  for (const b of document.querySelectorAll('[data-tab]')) {
    b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    // One tab stop for the tab list; the arrow keys go from tab to tab.
    b.tabIndex = b.dataset.tab === tab ? 0 : -1;
  }
  for (const p of document.querySelectorAll('[data-pane]')) p.hidden = p.dataset.pane !== tab;
  if (tab === 'tests' && app.testsDirty) runTests();
  if (tab === 'tests') renderTestsPane();
  if (tab === 'population') {
    renderPopulationPane();
    if (pop.dirty || (pop.rows.length && !pop.results)) runPopulation();
  }
  saveSoon();
}

function renderAll() {
  translateDom();
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === getLang()));
  renderExamplePicker();
  renderEmployeePicker();
  renderParams();
  renderProblems();
  renderDecisionPane();
  renderTestsPane();
  renderRules();
  renderPopulationPane();
  if (app.meta) factsForm.set(app.meta.schema, app.facts);
}

function editorsInLang() {
  setEditorLang(editor, getLang(), t('policySourceLabel'), 'editor-keys');
  setEditorLang(jsonEditor.view, getLang(), t('factsJsonLabel'));
  document.title = t('pageTitle');
}

function switchLang(lang) {
  const blank = app.source === BLANK_POLICY[getLang()];
  setLang(lang);
  renderAll();
  showUndeclared();
  editorsInLang();
  renderStatus();
  // Messages from the engine (the facts JSON's, a population file's) are asked for again in the
  // new language.
  if (app.jsonBroken) readFactsJson(jsonEditor.get(), false);
  if (pop.fileError && pop.error) showFileError();
  // A blank policy not yet written in takes the new language's keywords.
  if (blank) setDoc(editor, BLANK_POLICY[getLang()]);
  saveSoon();
  // Diagnostics, explanations and test messages come from the engine in the chosen language.
  pop.baselineKey = null;
  app.testsDirty = true;
  scheduleAnalyze(0);
}

function renderExamplePicker() {
  const sel = $('#example');
  const custom = !EXAMPLES.some((e) => e.id === app.exampleId);
  clear(sel, EXAMPLES.map((e) => h('option', { value: e.id, selected: e.id === app.exampleId },
    // The mark first: a long title is cut at the list's width, and "(edited)" with it.
    e.id === app.exampleId && e.source !== app.source ? `✎ ${e.title} (${t('edited')})` : e.title)),
  // Not an example: "Blank policy" while it is still the blank one, else the user's own.
  h('option', { value: '', selected: custom || !EXAMPLES.length },
    !custom || isBlankPolicy(app.source) ? t('blankExample') : t('ownPolicy')));
  // The whole title on hover.
  sel.title = sel.selectedOptions[0]?.textContent ?? '';
}

// Work replaced by other work (an example or a shared link loaded over it, another tab's save,
// an example employee picked over typed facts) is set aside in local storage, newest first, and
// offered back in the top bar until it is brought back or discarded: nothing is ever discarded
// without a way back, not even by a reload.

function setAsideWork(kind, state) {
  const list = loadSetAside().filter((e) => !(e.kind === kind && sameWork(e.state, state)));
  list.unshift({ kind, state, time: Date.now() });
  saveSetAside(list);
  setStatus({ offer: 'setAside' });
}

/** Brings back the newest set-aside work; the work it replaces is set aside in its turn. */
function restoreSetAside() {
  const [top, ...rest] = loadSetAside();
  if (!top) return;
  saveSetAside(rest);
  if (top.kind === 'facts') {
    if (app.factsEdited || app.jsonBroken) setAsideWork('facts', factsWork());
    setFacts(top.state.facts || {}, { edited: true, text: top.state.facts_text ?? null });
  } else {
    const mine = workOf(snapshot());
    if (isWork(mine) && !sameWork(mine, top.state)) setAsideWork('edits', mine);
    showWork(top.state);
  }
  setStatus({ offer: 'setAside' });
}

function discardSetAside() {
  saveSetAside(loadSetAside().slice(1));
  setStatus({ offer: 'setAside' });
}

/** Shows the facts and date just put in `app`, and `source` in the editor (which compiles it). */
function showNewState(source) {
  $('#as-of').value = app.asOf;
  setDoc(editor, source);
  app.meta = null;
  factsForm.set(null, app.facts);
  showFactsJson();
  renderEmployeePicker();
  renderParams();
}

/** Puts a whole state's work (policy, facts, date, parameters) in place, with its example's employees. */
function showWork(state) {
  applyState(workOf(state));
  showNewState(app.source);
  renderExamplePicker();
  pop.baseline = null;
  if (findExample(app.exampleId)?.employees?.length) useExamplePopulation();
  else loadPopulation('', []);
  saveSoon();
}

function loadExample(id) {
  const mine = workOf(snapshot());
  if (isWork(mine)) setAsideWork('edits', mine);
  const example = id ? findExample(id) : null;
  Object.assign(app, defaultsFor(example));
  showNewState(app.source);
  renderExamplePicker();
  pop.baseline = null;
  if (example?.employees?.length) useExamplePopulation();
  else loadPopulation('', []);
  saveSoon();
}

// Another tab's saved state, when its work differs from this tab's (see the storage listener).
function openOtherTab() {
  const theirs = parseLocal(loadLocalText());
  if (!theirs) return;
  const mine = workOf(snapshot());
  if (isWork(mine) && !sameWork(mine, theirs)) setAsideWork('edits', mine);
  else setStatus({});
  lastStored = loadLocalText();
  showWork(theirs);
}

async function share() {
  // The link is made, not followed: the address bar stays as it is, so that a reload shows the
  // work as it is then, not the state the link was made from.
  const url = new URL(await encodeState(snapshot()), location.href).href;
  const box = $('#share-box');
  box.hidden = false;
  $('#share-url').value = url;
  $('#share-url').select();
  let msg = t('shareReady');
  try {
    await navigator.clipboard.writeText(url);
    msg = t('shareCopied');
  } catch {
    // Clipboard refused (no permission): the link is selected in the box for the user to copy.
  }
  if (url.length > 8000) msg += ` ${t('shareTooLong', { n: url.length })}`;
  $('#share-msg').textContent = msg;
}

/** Whether the browser asks for Indonesian before English. */
function browserPrefersIndonesian() {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || ''];
  return /^id\b/i.test(langs.find((l) => /^(en|id)\b/i.test(l)) || '');
}

/** Opens the work of a shared link; the page stays in `ownLang`, the reader's own language,
 * when there is one (a link carries its author's). */
async function restoreFromHash(ownLang) {
  const state = await decodeState(location.hash);
  if (!state) {
    // A link cut short or mangled on the way: say so, rather than show other work as if shared.
    if (location.hash.startsWith('#s=')) setStatus({ key: 'linkUnreadable', cls: 'error' });
    return false;
  }
  // The page is not tied to the link: once opened, a reload shows the work as it is then.
  history.replaceState(null, '', location.pathname + location.search);
  // The officer's own work is set aside (in storage) before the link's state is saved over it.
  const mine = workOf(snapshot());
  if (isWork(mine) && !sameWork(mine, state)) setAsideWork('link', mine);
  applyState(state);
  if (ownLang) setLang(ownLang);
  return true;
}

/**
 * Acts on a choice in a drop-down list: chosen with the mouse or in the opened list, at once;
 * with the arrow keys (or a letter) on the closed list, which changes it at every press, on
 * Enter or when the focus leaves it, so that going down the list does not load every entry.
 */
function onPick(select, act) {
  let byKeys = false;
  // A browser that also sends the change of an Enter in the opened list acts once, not twice.
  let justActed = false;
  select.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      if (byKeys) {
        byKeys = false;
        e.preventDefault();
        act(select.value);
        justActed = true;
        setTimeout(() => { justActed = false; });
      }
      return;
    }
    // Alt+arrow, F4 and Space open the list; a choice made in it comes as a change.
    if (e.altKey || e.key === 'F4' || e.key === ' ') byKeys = false;
    else if (/^(Arrow|Page|Home|End)/.test(e.key) || e.key.length === 1) byKeys = true;
  });
  select.addEventListener('change', () => {
    if (!byKeys && !justActed) act(select.value);
  });
  select.addEventListener('blur', () => {
    if (!byKeys) return;
    byKeys = false;
    act(select.value);
  });
}

// ---------------------------------------------------------------- splitter

function setupSplitter() {
  const layout = $('#layout');
  const splitter = $('#splitter');
  const saved = Number(localStorage.getItem('aturan-playground-split'));
  if (saved > 20 && saved < 80) layout.style.setProperty('--split', `${saved}%`);
  // On a laptop's screen (1366 or 1280 pixels, or 1536 at 125 %) a narrower editor leaves the
  // facts room beside the decision.
  else if (window.innerWidth < 1440) layout.style.setProperty('--split', '38%');
  splitter.addEventListener('pointerdown', (e) => {
    splitter.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const pct = Math.min(75, Math.max(25, (ev.clientX / layout.clientWidth) * 100));
      layout.style.setProperty('--split', `${pct}%`);
      localStorage.setItem('aturan-playground-split', String(Math.round(pct)));
    };
    const up = () => {
      splitter.removeEventListener('pointermove', move);
      splitter.removeEventListener('pointerup', up);
    };
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
  });
  // From the keyboard: the arrow keys move it, Home and End to its ends.
  const at = () => parseFloat(layout.style.getPropertyValue('--split')) || 50;
  const put = (pct) => {
    const p = Math.min(75, Math.max(25, pct));
    layout.style.setProperty('--split', `${p}%`);
    splitter.setAttribute('aria-valuenow', String(Math.round(p)));
    localStorage.setItem('aturan-playground-split', String(Math.round(p)));
  };
  splitter.setAttribute('aria-valuemin', '25');
  splitter.setAttribute('aria-valuemax', '75');
  splitter.setAttribute('aria-valuenow', String(Math.round(at())));
  splitter.addEventListener('keydown', (e) => {
    const step = { ArrowLeft: -2, ArrowRight: 2, ArrowUp: -2, ArrowDown: 2 }[e.key];
    if (step) put(at() + step);
    else if (e.key === 'Home') put(25);
    else if (e.key === 'End') put(75);
    else return;
    e.preventDefault();
  });
}

// ---------------------------------------------------------------- start

async function start() {
  const example = findExample(app.exampleId);
  Object.assign(app, defaultsFor(example));
  lastStored = loadLocalText();
  const local = parseLocal(lastStored);
  if (local) applyState(local);
  // A first visit speaks the browser's language when it asks for Indonesian.
  else if (browserPrefersIndonesian()) setLang('id');
  const ownLang = local?.lang === 'en' || local?.lang === 'id' ? local.lang : browserPrefersIndonesian() ? 'id' : null;
  const fromHash = await restoreFromHash(ownLang);
  if (fromHash) setStatus({ key: 'restored' });
  // Work set aside before, even before a reload, is offered back until brought back or discarded.
  if (loadSetAside().length) setStatus({ offer: 'setAside' });

  if (editor.state.doc.toString() !== app.source) setDoc(editor, app.source);
  showFactsJson();
  $('#as-of').value = app.asOf;
  editorsInLang();

  $('#as-of').addEventListener('change', (e) => {
    // A decision needs a date: a cleared field shows again the one still in use.
    if (!e.target.value) {
      e.target.value = app.asOf;
      return;
    }
    app.asOf = e.target.value;
    saveSoon();
    evaluate();
    runPopulation();
  });
  onPick($('#example'), (v) => loadExample(v));
  $('#reload-example').addEventListener('click', () => loadExample($('#example').value));
  onPick($('#employee-picker'), (v) => {
    if (v === 'clear') pickFacts({});
    else if (v !== '') pickFacts(findExample(app.exampleId)?.employees?.[Number(v)] ?? {});
    $('#employee-picker').value = '';
  });
  for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => showTab(b.dataset.tab));
  document.querySelector('.tabs[role="tablist"]').addEventListener('keydown', (e) => {
    const tabs = [...document.querySelectorAll('[data-tab]')];
    const i = tabs.findIndex((b) => b.dataset.tab === app.tab);
    const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const b = tabs[(next + tabs.length) % tabs.length];
    showTab(b.dataset.tab);
    b.focus();
  });
  for (const b of document.querySelectorAll('[data-facts-tab]')) b.addEventListener('click', () => showFactsTab(b.dataset.factsTab));
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  $('#share').addEventListener('click', share);
  $('#share-close').addEventListener('click', () => { $('#share-box').hidden = true; });
  const showHelp = (show) => {
    $('#help-box').hidden = !show;
    $('#help').setAttribute('aria-expanded', String(show));
  };
  $('#help').addEventListener('click', () => showHelp($('#help-box').hidden));
  $('#help-close').addEventListener('click', () => showHelp(false));
  document.addEventListener('pointerdown', (e) => {
    if (!$('#share-box').hidden && !e.target.closest('#share-box, #share')) $('#share-box').hidden = true;
    if (!$('#help-box').hidden && !e.target.closest('#help-box, #help')) showHelp(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (!$('#share-box').hidden) {
      const inside = $('#share-box').contains(document.activeElement);
      $('#share-box').hidden = true;
      if (inside) $('#share').focus();
      return;
    }
    if ($('#help-box').hidden) return;
    const inside = $('#help-box').contains(document.activeElement);
    showHelp(false);
    if (inside) $('#help').focus();
  });
  // The help lies over the date, the parameters and the decision: it goes once the user works
  // there, or types in the policy (from the keyboard as with the mouse).
  document.addEventListener('focusin', (e) => {
    if (!$('#help-box').hidden && e.target.closest?.('#side-pane')) showHelp(false);
  });
  $('#editor-pane').addEventListener('keydown', (e) => {
    if (!$('#help-box').hidden && e.key.length === 1 && !e.ctrlKey && !e.metaKey) showHelp(false);
  });
  // A first visit (nothing kept, no shared link) opens the help.
  if (!local && !fromHash) showHelp(true);
  window.addEventListener('hashchange', async () => {
    if (!(await restoreFromHash())) return;
    setStatus({ key: 'restored' });
    if (loadSetAside().length) setStatus({ offer: 'setAside' });
    showNewState(app.source);
    pop.baseline = null;
    if (findExample(app.exampleId)?.employees?.length) useExamplePopulation();
    else loadPopulation('', []);
    renderAll();
    editorsInLang();
    saveSoon();
  });
  // Another tab of the playground saved: its work is this page's storage too. Say so when it
  // differs from the work here (a later save here sets it aside rather than losing it).
  window.addEventListener('storage', (e) => {
    if (!isStateKey(e.key)) {
      if (status.offer === 'setAside') renderStatus();
      return;
    }
    if (e.newValue == null || e.newValue === lastStored) return;
    const theirs = parseLocal(e.newValue);
    if (!theirs) return;
    if (sameWork(theirs, snapshot())) lastStored = e.newValue;
    else if (isWork(theirs)) setStatus({ offer: 'otherTab' });
  });
  setupSplitter();

  const exampleNow = findExample(app.exampleId);
  if (exampleNow?.id === app.exampleId && exampleNow.employees.length) useExamplePopulation();
  renderAll();
  showFactsTab(app.factsTab === 'json' ? 'json' : 'form');
  showTab(['case', 'tests', 'population', 'rules'].includes(app.tab) ? app.tab : 'case');
  scheduleAnalyze(0);
}

start();
