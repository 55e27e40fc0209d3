// The population panel: summary counts, baseline comparison with the reasons, and employee rows.
import { h, clear, paramsText, withCode } from './dom.js';
import { t, tn, stoppedTitle, missingText, KIND_KEYS } from './i18n.js';
import { summarize, impactByCode, parseKey, ruleOf } from './population.js';
import { tracesFor, ruleRef } from './decision-view.js';
import { employeeLabel } from './examples.js';

const MAX_ROWS = 300;
// `persen 55` before `persen 100`: numbers in labels compare as numbers.
const byNumbers = (a, b) => a.localeCompare(b, undefined, { numeric: true });
const MARK = { true: '✓', false: '✗', unknown: '?' };

function kindBadge(kind) {
  const key = KIND_KEYS[kind] || (kind === 'undetermined' ? 'kindUndetermined' : kind === 'error' ? 'kindError' : null);
  return h('span', { class: `kind k-${kind}` }, key ? t(key) : kind);
}

// Why an employee could not be decided, by the engine's error code.
const ERROR_KEYS = { facts: 'popErrorsN', helper: 'popErrHelper', limit: 'popErrLimit', param: 'popErrParam', option: 'popErrOption' };

/** An outcome group's code as shown: `none`, an error's cause, or the code itself. */
function codeText(kind, code) {
  if (kind === 'error') return t(ERROR_KEYS[code] || 'popErrorsN');
  return code === 'none' ? t('noneOutcome') : code;
}

/** A `kind:code` group as the filter list shows it. */
function groupLabel(k) {
  const kind = k.split(':')[0], code = k.split(':').slice(1).join(':');
  const key = KIND_KEYS[kind] || (kind === 'undetermined' ? 'kindUndetermined' : kind === 'error' ? 'kindError' : null);
  return `${key ? t(key) : kind}: ${codeText(kind, code)}`;
}

function condLine(c, before) {
  return h('li', { class: `r-${c.result}` },
    h('span', { class: 'mark' }, MARK[c.result] || '?'), ' ', h('code', {}, c.text),
    c.actual != null ? h('span', { class: 'val' }, ` — ${t('actual').toLowerCase()} ${c.actual}`) : null,
    c.required != null ? h('span', { class: 'val' }, `, ${t('required').toLowerCase()} ${c.required}`) : null,
    before && before.text !== c.text ? h('div', { class: 'was' }, `${t('popBefore')}: `, h('code', {}, before.text), ` ${MARK[before.result] || ''}`) : null);
}

/** The conditions of a rule that explain the change: those whose text or result differ from before. */
function changedConditions(curTraces, baseTraces, lost) {
  const cur = curTraces.flatMap((tr) => tr.conditions || []);
  const base = baseTraces.flatMap((tr) => tr.conditions || []);
  const differing = cur.map((c, i) => [c, base[i]]).filter(([c, b]) => !b || b.text !== c.text || b.result !== c.result);
  if (differing.length) return differing;
  return cur.filter((c) => (lost ? c.result !== 'true' : true)).map((c) => [c, null]);
}

function reason(pop, index, key, lost, ctx) {
  const cur = pop.explainCur?.get(index);
  const base = pop.explainBase?.get(index);
  if (!cur || !base) return null;
  const item = ruleOf(lost ? base : cur, key);
  if (!item) return null;
  const ruleId = item.rule;
  const open = parseKey(key).kind === 'undetermined';
  const head = open ? (lost ? t('popWhySettled') : t('popWhyOpen')) : lost ? t('popWhyLose') : t('popWhyGain');
  const parts = [h('span', { class: 'why-head' }, head, ' ', ruleRef(ruleId, ctx), ` “${item.title}”`)];
  // What it now waits for.
  if (open && !lost && item.missing?.length) {
    parts.push(h('div', { class: 'why-detail' }, missingText(item.missing)));
  }
  if (lost && cur.ok) {
    const { code } = parseKey(key);
    const sa = cur.ok.set_aside.find((s) => s.code === code);
    if (sa) {
      parts.push(h('div', { class: 'why-detail' }, `${t('popWhyLoseSetAside')}: ${sa.reason}`));
      return parts;
    }
  }
  const curTraces = cur.ok ? tracesFor(cur.ok, ruleId) : [];
  const baseTraces = base.ok ? tracesFor(base.ok, ruleId) : [];
  const base0 = String(ruleId).split('#')[0];
  if (!curTraces.length && !(ctx.rules || []).some((r) => r.id === base0)) {
    parts.push(h('div', { class: 'why-detail' }, t('popRuleGone')));
    return parts;
  }
  const conds = changedConditions(curTraces, baseTraces, lost);
  if (conds.length) parts.push(h('ul', { class: 'why-conds' }, conds.map(([c, b]) => condLine(c, b))));
  return parts;
}

function rowCells(result) {
  if (!result) return [h('td', { colspan: 5, class: 'muted' }, '…')];
  if (!result.ok) return [h('td', { colspan: 5, class: 'err' }, (result.errors || []).flatMap((e, i) => [i ? '; ' : null, withCode(e.message)]))];
  const d = result.ok;
  const of = (kind) => d.outcomes.filter((o) => o.kind === kind).map((o) => {
    const p = Object.values(o.params || {}).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ');
    return h('span', { class: `chip k-${kind}`, title: `${o.title} — ${o.source}` }, o.code, p ? h('small', {}, ` ${p}`) : null);
  });
  return [
    h('td', {}, of('sanction')), h('td', {}, of('reward')), h('td', {}, of('promotion')), h('td', {}, of('notice')),
    h('td', {}, d.undetermined.map((u) => h('span', { class: 'chip k-undetermined', title: missingText(u.missing) }, u.code))),
  ];
}

function matchesOutcome(result, filter, pop, i) {
  if (!filter) return true;
  if (filter === 'changed') return !!pop.changedSet?.has(i);
  const [kind, code] = filter.split(':');
  if (kind === 'error') return !!result && !result.ok && (!code || (result.errors?.[0]?.code || 'facts') === code);
  if (!result?.ok) return false;
  const d = result.ok;
  if (kind === 'undetermined') return d.undetermined.some((u) => u.code === code);
  if (kind === 'sanction' && code === 'none') {
    return !d.outcomes.some((o) => o.kind === 'sanction') && !d.undetermined.some((u) => u.kind === 'sanction');
  }
  return d.outcomes.some((o) => o.kind === kind && o.code === code);
}

function matches(pop, i, result) {
  if (!matchesOutcome(result, pop.outcome, pop, i)) return false;
  if (!pop.filter) return true;
  const facts = pop.rows[i];
  const codes = result?.ok ? [...result.ok.outcomes.map((o) => o.code), ...result.ok.undetermined.map((u) => u.code)] : [];
  return [facts?.nama, facts?.nip, facts?.name, ...codes].join(' ').toLowerCase().includes(pop.filter.toLowerCase());
}

/**
 * What a row does when clicked, as a button in it: a keyboard reaches it with Tab and works it
 * with Enter or Space, and a screen reader says it can be pressed (the row's own click stays for
 * the mouse).
 */
function rowButton(content, onclick, attrs = {}) {
  return h('button', { type: 'button', class: 'row-button', ...attrs, onclick: (e) => { e.stopPropagation(); onclick(); } }, content);
}

/** The employee rows that pass the filters (rebuilt alone while the user types a filter). */
function rowsTable(pop, ctx) {
  const results = pop.results || [];
  const shown = [];
  for (let i = 0; i < pop.rows.length; i++) if (matches(pop, i, results[i])) shown.push(i);
  const table = h('div', { class: 'pop-rows-wrap' }, h('table', { class: 'pop-rows', id: 'pop-rows' },
    h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, t('name')), h('th', {}, t('sanction')), h('th', {}, t('rewards')),
      h('th', {}, t('promotions')), h('th', {}, t('notices')), h('th', {}, t('undetermined')))),
    h('tbody', {}, shown.slice(0, MAX_ROWS).map((i) => h('tr', { 'data-index': i, class: pop.changedSet?.has(i) ? 'changed' : '', title: t('popOpen'),
      onclick: () => ctx.onOpen(i) },
      h('td', { class: 'num' }, String(i + 1)), h('td', { class: 'emp' }, rowButton(employeeLabel(pop.rows[i], i), () => ctx.onOpen(i))),
      rowCells(results[i]))))));
  return { table, count: h('span', { class: 'muted', id: 'pop-shown' }, t('popRowsShown', { shown: shown.length, n: pop.rows.length })) };
}

export function renderPopulation(container, pop, ctx) {
  const fileInput = h('input', { type: 'file', id: 'pop-file', accept: '.csv,.json,.ndjson,.jsonl,text/csv,application/json', hidden: true,
    onchange: (e) => { const f = e.target.files?.[0]; if (f) ctx.onFile(f); e.target.value = ''; } });
  const toolbar = h('div', { class: 'pop-toolbar' },
    fileInput,
    h('button', { type: 'button', id: 'pop-load', onclick: () => fileInput.click() }, t('popLoad')),
    ctx.hasExampleEmployees ? h('button', { type: 'button', id: 'pop-use-example', class: 'ghost', onclick: ctx.onUseExample }, t('popUseExample')) : null,
    pop.rows.length ? h('button', { type: 'button', id: 'pop-pin', class: 'primary', onclick: ctx.onPin, disabled: !pop.results }, t('popPin')) : null,
    pop.rows.length && pop.baseline ? h('button', { type: 'button', id: 'pop-unpin', onclick: ctx.onUnpin }, t('popUnpin')) : null);
  const parts = [toolbar];
  const broken = pop.rows.length ? ctx.policyBroken : null;
  if (broken) parts.push(h('div', { class: 'banner warn', id: 'pop-policy-errors', role: 'status' }, broken));
  if (pop.error) parts.push(h('div', { class: 'banner error', role: 'alert' }, pop.error));
  if (pop.timeout) parts.push(h('div', { class: 'banner timeout', role: 'alert' }, h('strong', {}, stoppedTitle('timeoutTitle', pop.timeout)), h('p', {}, t('timeoutBody'))));
  if (!pop.rows.length) {
    parts.push(h('p', { class: 'muted pop-empty' }, t('popEmpty')));
    clear(container, parts);
    return;
  }
  parts.push(h('p', { class: 'pop-file' }, tn('popFile', pop.rows.length, { name: pop.name, n: pop.rows.length }),
    pop.progress ? h('span', { class: 'progress' }, ' · ', t('popProgress', pop.progress)) : null,
    pop.baseline ? h('span', { class: 'muted baseline-note' }, ' · ',
      pop.baseline.time ? t('popPinned', { time: pop.baseline.time }) : t('popBaselineExample')) : null));
  if (pop.undeclared) parts.push(h('p', { class: 'json-warning', id: 'pop-undeclared' }, t('popUndeclared', { paths: pop.undeclared })));
  if (pop.thousands) parts.push(h('p', { class: 'json-warning', id: 'pop-thousands' }, tn('popThousands', pop.thousands.n, pop.thousands)));

  // Summary, with the baseline beside it when one is pinned.
  const results = pop.results || [];
  const now = summarize(results);
  const before = pop.baselineResults ? summarize(pop.baselineResults) : null;
  const groups = new Map(now.map((g) => [`${g.kind}:${g.code}`, { now: g, before: null }]));
  for (const g of before || []) {
    const k = `${g.kind}:${g.code}`;
    if (!groups.has(k)) groups.set(k, { now: null, before: g });
    else groups.get(k).before = g;
  }
  // Employees who gained, lost or changed an outcome of each code.
  const impact = pop.baseline && pop.changes ? impactByCode(pop.changes) : [];
  const moved = new Map(impact.map((g) => [g.id, g]));
  // Codes in the order the policy declares them (lightest sanction first), `none` first.
  const policyOrder = (ctx.rules || []).flatMap((r) => r.codes || []);
  const rank = (code) => (code === 'none' ? -1 : policyOrder.indexOf(code) < 0 ? 1e6 : policyOrder.indexOf(code));
  const order = ['sanction', 'reward', 'promotion', 'notice', 'undetermined', 'error'];
  const rows = [...groups.entries()].sort(([a], [b]) => {
    const [ka, ca] = [a.split(':')[0], a.split(':').slice(1).join(':')];
    const [kb, cb] = [b.split(':')[0], b.split(':').slice(1).join(':')];
    return order.indexOf(ka) - order.indexOf(kb) || rank(ca) - rank(cb) || ca.localeCompare(cb);
  });
  // While the population is evaluated again, what is shown is the previous results'.
  // (So is it while the policy has errors: the banner above says so.)
  const outdated = (pop.progress || broken) && pop.results ? ' outdated' : '';
  const summary = h('table', { class: `pop-summary${outdated}`, id: 'pop-summary', 'aria-busy': outdated ? 'true' : 'false' },
    h('caption', {}, t('popSummary')),
    h('thead', {}, h('tr', {}, h('th', {}, t('popOutcome')), before ? h('th', { class: 'num' }, t('popBaseline')) : null,
      h('th', { class: 'num' }, t(before ? 'popNow' : 'popCount')), before ? h('th', { class: 'num' }, t('popDelta')) : null)),
    h('tbody', {}, rows.map(([k, { now: g, before: b }]) => {
      const kind = k.split(':')[0], code = k.split(':').slice(1).join(':');
      const n = g?.count || 0, nb = b?.count || 0;
      const m = moved.get(k);
      const variants = g && g.variants.size > 1 && g.variants.size <= 8
        ? h('div', { class: 'variants' }, [...g.variants.entries()].sort(([a], [b]) => byNumbers(a, b)).map(([p, c]) => `${p} ×${c}`).join(' · ')) : null;
      return h('tr', { class: `${pop.outcome === k ? 'selected' : ''}${m ? ' moved' : ''}`, 'data-key': k, title: t('popFilter'),
        onclick: () => ctx.onOutcomeFilter(pop.outcome === k ? '' : k) },
        h('td', {}, rowButton([kindBadge(kind), ' ', h('code', {}, codeText(kind, code))],
          () => ctx.onOutcomeFilter(pop.outcome === k ? '' : k), { 'aria-pressed': String(pop.outcome === k) }), variants),
        before ? h('td', { class: 'num' }, String(nb)) : null,
        h('td', { class: 'num n-now' }, String(n)),
        before ? h('td', { class: 'num delta' },
          m?.gained.length ? h('span', { class: 'up' }, `+${m.gained.length} `) : null,
          m?.lost.length ? h('span', { class: 'down' }, `−${m.lost.length} `) : null,
          m?.changed.length ? h('span', { class: 'changed' }, `~${m.changed.length}`) : null) : null);
    })));

  // Impact against the baseline, per outcome code.
  if (pop.baseline && pop.changes) {
    const label = (i) => employeeLabel(pop.rows[i], i);
    const variant = (key) => paramsText(parseKey(key).params);
    const open = (i) => (e) => { e.preventDefault(); ctx.onOpen(i); };
    parts.push(h('section', { class: `impact${outdated}`, id: 'pop-impact', 'aria-busy': outdated ? 'true' : 'false' },
      h('h3', {}, t('popImpact')),
      outdated && !broken ? h('p', { class: 'muted pop-outdated' }, t('popOutdated')) : null,
      pop.changes.length === 0 ? h('p', { class: 'muted' }, t('popNoImpact')) : [
        h('p', { class: 'impact-total' }, tn('popChangedN', pop.changes.length, { n: pop.changes.length })),
        impact.map((g) => h('details', { class: 'impact-item', 'data-key': g.id, open: impact.length <= 4 },
          h('summary', {}, kindBadge(g.kind), ' ', h('code', {}, g.code === 'none' ? t('noneOutcome') : g.code), ' ',
            // An undetermined outcome is not gained or lost: it becomes, or stops being, open.
            g.gained.length ? h('span', { class: 'gain' }, t(g.kind === 'undetermined' ? 'popOpenN' : 'popGainN', { n: g.gained.length })) : null, ' ',
            g.lost.length ? h('span', { class: 'lose' }, t(g.kind === 'undetermined' ? 'popSettledN' : 'popLoseN', { n: g.lost.length })) : null, ' ',
            g.changed.length ? h('span', { class: 'changed' }, t('popChangedParamsN', { n: g.changed.length })) : null),
          h('ul', { class: 'impact-emps' },
            g.gained.map((c) => h('li', { class: 'gain' },
              h('a', { href: '#', onclick: open(c.index) }, `+ ${label(c.index)}`),
              variant(c.keys[0]) ? h('span', { class: 'variant' }, ` (${variant(c.keys[0])})`) : null,
              h('div', { class: 'why' }, reason(pop, c.index, c.keys[0], false, ctx)))),
            g.lost.map((c) => h('li', { class: 'lose' },
              h('a', { href: '#', onclick: open(c.index) }, `− ${label(c.index)}`),
              variant(c.keys[0]) ? h('span', { class: 'variant' }, ` (${variant(c.keys[0])})`) : null,
              h('div', { class: 'why' }, reason(pop, c.index, c.keys[0], true, ctx)))),
            g.changed.map((c) => h('li', { class: 'changed' },
              h('a', { href: '#', onclick: open(c.index) }, `~ ${label(c.index)}`),
              h('span', { class: 'variant' }, `: ${c.from.map(variant).join(', ')} → ${c.to.map(variant).join(', ')}`),
              h('div', { class: 'why' }, reason(pop, c.index, c.to[0], false, ctx)))))))]));
  }

  parts.push(summary);

  // Employee rows.
  let built = rowsTable(pop, ctx);
  const filterBar = h('div', { class: 'pop-filter' },
    h('input', { type: 'search', id: 'pop-filter', placeholder: t('popFilter'), value: pop.filter,
      oninput: (e) => {
        pop.filter = e.target.value;
        const next = rowsTable(pop, ctx);
        built.table.replaceWith(next.table);
        built.count.replaceWith(next.count);
        built = next;
      } }),
    h('select', { id: 'pop-outcome', onchange: (e) => ctx.onOutcomeFilter(e.target.value) },
      h('option', { value: '' }, t('popAll')),
      pop.changes?.length ? h('option', { value: 'changed', selected: pop.outcome === 'changed' }, tn('popChangedN', pop.changes.length, { n: pop.changes.length })) : null,
      rows.map(([k]) => h('option', { value: k, selected: pop.outcome === k }, groupLabel(k)))),
    built.count);
  parts.push(filterBar, built.table);
  clear(container, parts);
}
