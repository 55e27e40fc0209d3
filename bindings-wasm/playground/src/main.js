// The playground: wires the editors, the engine worker and the panels together.
import './style.css';
import { Engine, TimeoutError, SupersededError } from './engine.js';
import { parseJsonExact } from './exact.js';
import { t, setLang, getLang, translateDom, KIND_KEYS } from './i18n.js';
import { h, clear } from './dom.js';
import { EXAMPLES, findExample, employeeLabel } from './examples.js';
import { createPolicyEditor, createJsonEditor, showDiagnostics, setDoc, goToLine, setEditorLang } from './editor.js';
import { FactsForm } from './facts-form.js';
import { renderDecision } from './decision-view.js';
import { renderTests } from './tests-view.js';
import { renderPopulation } from './population-view.js';
import { parsePopulation, diffResults } from './population.js';
import { encodeState, decodeState, saveLocal, loadLocal } from './share.js';

/** How long one evaluation may run before its worker is stopped. */
const TIME_LIMIT_MS = 3000;
const POPULATION_CHUNK = 250;
const EXPLAIN_CHANGED_MAX = 60;
const BLANK_POLICY = 'policy "New policy" version "0.1"\n\nfacts {\n}\n';

const $ = (sel) => document.querySelector(sel);
const clone = (v) => JSON.parse(JSON.stringify(v ?? {}));

// ---------------------------------------------------------------- state

const app = {
  exampleId: EXAMPLES[0]?.id ?? '',
  source: EXAMPLES[0]?.source ?? BLANK_POLICY,
  facts: {},
  asOf: new Date().toISOString().slice(0, 10),
  params: {},
  tab: 'case',
  factsTab: 'form',
  meta: null,
  compileOk: false,
  diagnostics: [],
  checking: false,
  decision: { busy: true },
  tests: { results: null },
  testsDirty: true,
};

const pop = {
  name: '', rows: [], results: null, baseline: null, baselineResults: null, baselineKey: null,
  changes: null, changedSet: null, explainCur: null, explainBase: null,
  progress: null, timeout: null, error: null, filter: '', outcome: '', dirty: false,
};

function defaultsFor(example) {
  return {
    exampleId: example?.id ?? '',
    source: example?.source ?? BLANK_POLICY,
    facts: clone(example?.employees?.[0] ?? {}),
    asOf: example?.asOf ?? new Date().toISOString().slice(0, 10),
    params: {},
  };
}

function applyState(s) {
  if (typeof s.source === 'string') app.source = s.source;
  if (typeof s.policy === 'string') app.source = s.policy;
  if (s.facts && typeof s.facts === 'object') app.facts = s.facts;
  if (typeof s.as_of === 'string') app.asOf = s.as_of;
  if (typeof s.asOf === 'string') app.asOf = s.asOf;
  if (s.params && typeof s.params === 'object') app.params = s.params;
  if (typeof s.example === 'string' || typeof s.exampleId === 'string') app.exampleId = s.example ?? s.exampleId;
  if (s.lang === 'en' || s.lang === 'id') setLang(s.lang);
  if (typeof s.tab === 'string') app.tab = s.tab;
  if (s.factsTab === 'form' || s.factsTab === 'json') app.factsTab = s.factsTab;
}

function snapshot() {
  return { v: 1, policy: app.source, facts: app.facts, as_of: app.asOf, params: app.params, lang: getLang(), example: app.exampleId };
}

let saveTimer = null;
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => saveLocal({ ...snapshot(), tab: app.tab, factsTab: app.factsTab }), 400);
}

// ---------------------------------------------------------------- engine

const engine = new Engine({
  timeoutMs: TIME_LIMIT_MS,
  onStatus: (s) => {
    if (s.fatal) setEngineStatus(t('engineFailed', { msg: s.fatal }), 'error');
  },
});

function setEngineStatus(text, cls = '') {
  const el = $('#engine-status');
  el.textContent = text;
  el.className = `engine-status ${cls}`;
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
    app.source = text;
    if (example && wasEdited !== (example.source !== text)) renderExamplePicker();
    scheduleAnalyze();
    saveSoon();
  },
  completionContext: () => ({ schema: app.meta?.schema, params: app.meta?.params, rules: app.meta?.rules, lang: getLang() }),
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
    if (err instanceof TimeoutError) app.decision = { timeout: err.ms };
    else app.decision = { errors: [{ message: String(err.message) }] };
    renderProblems();
    renderDecisionPane();
    return;
  }
  if (seq !== analyzeSeq) return;
  app.checking = false;
  const check = res.check;
  app.diagnostics = check.errors || check.ok?.warnings || [];
  if (editor.state.doc.toString() === source) showDiagnostics(editor, app.diagnostics);
  if (res.meta) {
    const schemaChanged = JSON.stringify(res.meta.schema) !== JSON.stringify(app.meta?.schema);
    const paramsChanged = JSON.stringify(res.meta.params) !== JSON.stringify(app.meta?.params);
    app.meta = res.meta;
    app.compileOk = true;
    if (schemaChanged) factsForm.set(app.meta.schema, app.facts);
    if (schemaChanged) showUndeclared();
    if (paramsChanged) renderParams();
    renderRules();
    app.testsDirty = true;
    if (app.tab === 'tests') runTests();
    evaluate();
    runPopulation();
  } else {
    app.compileOk = false;
    // The last decision stays (greyed) for reference; an evaluation error of the policy as it was
    // no longer applies.
    app.decision = { ...app.decision, compileErrors: true, busy: false, timeout: null, errors: null };
    renderDecisionPane();
    if (app.tab === 'tests') renderTestsPane();
  }
  renderProblems();
}

function renderProblems() {
  const el = $('#problems');
  const errors = app.diagnostics.filter((d) => d.severity === 'error');
  const warnings = app.diagnostics.filter((d) => d.severity !== 'error');
  const status = app.checking ? h('span', { class: 'muted' }, t('checking'))
    : errors.length ? h('span', { class: 'st-error' }, '✗ ', t('errorsCount', { n: errors.length }))
      : app.compileOk ? h('span', { class: 'st-ok' }, '✓ ', t('compiledOk', { rules: app.meta?.rules?.length ?? 0 })) : null;
  const list = app.diagnostics.map((d) => h('li', { class: `diag d-${d.severity}` },
    h('a', { href: '#', onclick: (e) => { e.preventDefault(); goToLine(editor, d.line); } }, t('line', { n: d.line })),
    ' ', h('code', {}, d.code || ''), ' ', d.message, d.help ? h('span', { class: 'diag-help' }, ` — ${d.help}`) : null));
  clear(el,
    h('div', { class: 'problems-head' }, status,
      warnings.length ? h('span', { class: 'st-warn' }, ' · ', t('warningsCount', { n: warnings.length })) : null,
      app.meta?.info ? h('span', { class: 'muted info' }, `${app.meta.info.name} ${app.meta.info.version}`) : null),
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
  onChange: async (text) => {
    const seq = ++jsonSeq;
    const errEl = $('#facts-json-error');
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
    let value;
    try {
      value = parseJsonExact(text);
    } catch (err) {
      problem ??= err.message;
    }
    if (problem) {
      errEl.textContent = t('jsonInvalid', { msg: problem });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errEl.textContent = t('jsonNotObject');
      return;
    }
    errEl.textContent = '';
    app.facts = value;
    factsChanged('json');
  },
});

/** The fields of `facts` the policy does not declare (`presensi.alpha`, `kinerja[].skor`): the
 * engine ignores them, as it must for what an HR system sends beside the facts, but a misspelt
 * name typed here would silently leave its fact missing. */
function undeclared(fields, value, at = '', out = []) {
  if (!fields || !value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [name, v] of Object.entries(value)) {
    const path = at ? `${at}.${name}` : name;
    const field = fields.find((f) => f.name === name);
    if (!field) out.push(path);
    else if (field.type?.type === 'record') undeclared(field.type.fields, v, path, out);
    else if (field.type?.type === 'list' && field.type.item?.type === 'record' && Array.isArray(v)) {
      for (const item of v) undeclared(field.type.item.fields, item, `${path}[]`, out);
    }
  }
  return [...new Set(out)];
}

function showUndeclared() {
  const paths = undeclared(app.meta?.schema?.fields, app.facts);
  const shown = paths.slice(0, 8).join(', ') + (paths.length > 8 ? ', …' : '');
  $('#facts-undeclared').textContent = paths.length ? t('factsUndeclared', { paths: shown }) : '';
}

function factsChanged(from) {
  showUndeclared();
  if (from !== 'json') {
    // The JSON is written anew from the facts: a message about what was typed there goes, and so
    // does a reading of it still on its way.
    jsonSeq += 1;
    $('#facts-json-error').textContent = '';
    jsonEditor.set(JSON.stringify(app.facts, null, 2));
  }
  if (from !== 'form') factsForm.set(app.meta?.schema, app.facts);
  saveSoon();
  clearTimeout(evalTimer);
  evalTimer = setTimeout(evaluate, 200);
}

function setFacts(facts) {
  app.facts = clone(facts);
  showUndeclared();
  jsonSeq += 1;
  $('#facts-json-error').textContent = '';
  jsonEditor.set(JSON.stringify(app.facts, null, 2));
  factsForm.set(app.meta?.schema, app.facts);
  saveSoon();
  evaluate();
}

function showFactsTab(which) {
  if (app.factsTab !== which) saveSoon();
  app.factsTab = which;
  for (const b of document.querySelectorAll('[data-facts-tab]')) b.setAttribute('aria-pressed', String(b.dataset.factsTab === which));
  $('#facts-form').hidden = which !== 'form';
  $('#facts-json').hidden = which !== 'json';
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
  renderDecisionPane();
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
  renderDecision(pane, app.decision, viewCtx);
  for (const d of pane.querySelectorAll('details')) {
    const k = d.dataset.code || d.dataset.rule || d.className;
    if (open.has(k) && !d.classList.contains('as-text')) d.open = true;
  }
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
          h('option', { value: '' }, `${t('paramDefault', { v: JSON.stringify(p.default) })}`),
          h('option', { value: 'true', selected: value === true }, t('yes')), h('option', { value: 'false', selected: value === false }, t('no')));
      } else if (p.type?.type === 'enum') {
        input = h('select', { id, onchange: (e) => set(e.target.value === '' ? undefined : e.target.value) },
          h('option', { value: '' }, t('paramDefault', { v: p.default })),
          (p.type.values || []).map((v) => h('option', { value: v, selected: value === v }, v)));
      } else {
        const numeric = p.type?.type === 'int' || p.type?.type === 'decimal';
        input = h('input', { id, type: p.type?.type === 'date' ? 'date' : 'text', class: numeric ? 'num' : '',
          inputmode: numeric ? 'decimal' : null, placeholder: String(p.default ?? ''), value: value == null ? '' : String(value),
          oninput: (e) => {
            const s = e.target.value.trim();
            if (s === '') set(undefined);
            else if (numeric && /^-?\d+(\.\d+)?$/.test(s)) set(Number(s));
            else set(s);
          } });
      }
      return h('label', { class: 'param', title: p.doc || null, for: id }, h('span', {}, p.name), input);
    }));
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
  const state = app.compileOk ? app.tests : { ...app.tests, error: t('fixErrorsFirst') };
  renderTests($('#tests'), state, { onRun: runTests, onJump: (n) => goToLine(editor, n) });
}

// ---------------------------------------------------------------- rules list

function renderRules() {
  const rules = app.meta?.rules || [];
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
  runPopulation();
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
    if (pop.rows.length > POPULATION_CHUNK) {
      pop.progress = { done: Math.min(i + POPULATION_CHUNK, pop.rows.length), n: pop.rows.length };
      const el = document.querySelector('#population .progress');
      if (el) el.textContent = ` · ${t('popProgress', pop.progress)}`;
    }
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
  pop.progress = null;
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
  get hasExampleEmployees() {
    return (findExample(app.exampleId)?.employees?.length ?? 0) > 0;
  },
  onJump: (line) => goToLine(editor, line),
  onFile: async (file) => {
    try {
      const rows = parsePopulation(file.name, await file.text(), app.meta?.schema);
      loadPopulation(file.name, rows);
    } catch (err) {
      pop.error = t('popParseError', { name: file.name, msg: err.message });
      renderPopulationPane();
    }
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
    setFacts(pop.rows[i]);
    showTab('case');
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
  renderPopulation(pane, pop, popCtx);
  for (const d of pane.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
  pane.scrollTop = scroll;
}

// ---------------------------------------------------------------- tabs, language, examples, share

function showTab(tab) {
  app.tab = tab;
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
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
  setEditorLang(editor, getLang(), t('policySourceLabel'));
  setEditorLang(jsonEditor.view, getLang(), t('factsJsonLabel'));
  document.title = t('pageTitle');
}

function switchLang(lang) {
  setLang(lang);
  renderAll();
  showUndeclared();
  editorsInLang();
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
    e.id === app.exampleId && e.source !== app.source ? `${e.title} (${t('edited')})` : e.title)),
  h('option', { value: '', selected: custom || !EXAMPLES.length }, t('blankExample')));
}

// Work replaced by loading an example or opening a shared link, kept until the next such change
// so that one click brings it back (nothing is ever discarded without a way back).
let setAside = null;

function offerUndo(message, label) {
  clear($('#engine-status'), [message, ' ',
    h('button', { type: 'button', class: 'small', id: 'undo-set-aside', onclick: undoSetAside }, label)]);
  $('#engine-status').className = 'engine-status';
}

/** Shows the facts and date just put in `app`, and `source` in the editor (which compiles it). */
function showNewState(source) {
  $('#as-of').value = app.asOf;
  setDoc(editor, source);
  app.meta = null;
  factsForm.set(null, app.facts);
  jsonEditor.set(JSON.stringify(app.facts, null, 2));
  renderEmployeePicker();
  renderParams();
}

function undoSetAside() {
  if (!setAside) return;
  const s = setAside;
  setAside = null;
  applyState(s);
  showNewState(app.source);
  renderExamplePicker();
  setEngineStatus('');
  saveSoon();
}

function loadExample(id) {
  const current = findExample(app.exampleId);
  const edited = current ? current.source !== app.source : app.source.trim() !== '';
  if (edited) setAside = snapshot();
  const example = id ? findExample(id) : null;
  const d = defaultsFor(example);
  app.exampleId = d.exampleId;
  app.params = {};
  app.asOf = d.asOf;
  app.facts = d.facts;
  showNewState(d.source);
  pop.baseline = null;
  if (example?.employees?.length) useExamplePopulation();
  else loadPopulation('', []);
  saveSoon();
  if (edited) offerUndo(t('editsSetAside'), t('undoEdits'));
}

async function share() {
  const hash = await encodeState(snapshot());
  history.replaceState(null, '', hash);
  const url = location.href;
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

async function restoreFromHash() {
  const state = await decodeState(location.hash);
  if (!state) {
    // A link cut short or mangled on the way: say so, rather than show other work as if shared.
    if (location.hash.startsWith('#s=')) setEngineStatus(t('linkUnreadable'), 'error');
    return false;
  }
  const own = loadLocal();
  applyState(state);
  // The officer's own last work stays one click away (the shared state is saved over it).
  if (own && own.policy !== app.source) setAside = own;
  return true;
}

// ---------------------------------------------------------------- splitter

function setupSplitter() {
  const layout = $('#layout');
  const splitter = $('#splitter');
  const saved = Number(localStorage.getItem('aturan-playground-split'));
  if (saved > 20 && saved < 80) layout.style.setProperty('--split', `${saved}%`);
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
}

// ---------------------------------------------------------------- start

async function start() {
  const example = findExample(app.exampleId);
  Object.assign(app, defaultsFor(example));
  const local = loadLocal();
  if (local) applyState(local);
  const fromHash = await restoreFromHash();
  if (fromHash && setAside) offerUndo(t('restored'), t('backToOwnWork'));
  else if (fromHash) setEngineStatus(t('restored'));

  if (editor.state.doc.toString() !== app.source) setDoc(editor, app.source);
  jsonEditor.set(JSON.stringify(app.facts, null, 2));
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
  $('#example').addEventListener('change', (e) => loadExample(e.target.value));
  $('#reload-example').addEventListener('click', () => loadExample($('#example').value));
  $('#employee-picker').addEventListener('change', (e) => {
    const v = e.target.value;
    if (v === 'clear') setFacts({});
    else if (v !== '') setFacts(findExample(app.exampleId)?.employees?.[Number(v)] ?? {});
    e.target.value = '';
  });
  for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => showTab(b.dataset.tab));
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
  // A first visit (nothing kept, no shared link) opens the help.
  if (!local && !fromHash) showHelp(true);
  window.addEventListener('hashchange', async () => {
    if (await restoreFromHash()) {
      setDoc(editor, app.source);
      jsonEditor.set(JSON.stringify(app.facts, null, 2));
      $('#as-of').value = app.asOf;
      renderAll();
      scheduleAnalyze(0);
    }
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
