// The decision panel: every outcome at a glance, each opening into its explanation.
import { h, clear, paramsText, withCode } from './dom.js';
import { t, stoppedTitle, missingText, KIND_KEYS } from './i18n.js';

const RESULT_MARK = { true: '✓', false: '✗', unknown: '?' };
const RESULT_KEY = { true: 'resultTrue', false: 'resultFalse', unknown: 'resultUnknown' };

/** The traces that explain an outcome given by `ruleId` (a rule id, or `table#row`). */
export function tracesFor(decision, ruleId) {
  const traces = decision?.explanation || [];
  const exact = traces.filter((tr) => tr.rule === ruleId);
  if (exact.length) return exact;
  const base = String(ruleId).split('#')[0];
  return traces.filter((tr) => String(tr.rule).split('#')[0] === base && tr.result !== 'false');
}

/** What a condition's note adds to the table (e.g. the date it will hold from), or ''. */
export function noteExtra(c) {
  const note = c.note || '';
  // `cond — not needed: another condition is not met`, `cond — unknown (missing: …)`: the
  // condition is in its own column, and what is missing in a note of its own.
  if (note.startsWith(`${c.text} — `)) {
    const rest = note.slice(c.text.length + 3);
    if (!c.missing?.length) return rest;
    const j = rest.indexOf('; ');
    return j >= 0 ? rest.slice(j + 2) : '';
  }
  if (!note.startsWith(`${c.text}:`)) return note;
  const i = note.indexOf(' — ');
  if (i < 0) return '';
  const rest = note.slice(i + 3);
  const j = rest.indexOf('; ');
  return j >= 0 ? rest.slice(j + 2) : '';
}

export function conditionsTable(conditions) {
  if (!conditions?.length) return null;
  return h('table', { class: 'conds' },
    h('thead', {}, h('tr', {}, h('th', { class: 'mark' }, ''), h('th', {}, t('condition')), h('th', {}, t('actual')), h('th', {}, t('required')))),
    h('tbody', {}, conditions.map((c) => h('tr', { class: `cond r-${c.result}` },
      h('td', { class: 'mark', title: t(RESULT_KEY[c.result] || 'resultUnknown') }, RESULT_MARK[c.result] || '?'),
      h('td', { title: c.note || null }, h('code', {}, c.text), noteExtra(c) ? h('div', { class: 'note' }, withCode(noteExtra(c))) : null,
        c.missing?.length ? h('div', { class: 'note missing' }, missingText(c.missing)) : null),
      h('td', { class: 'val' }, c.actual ?? '—'),
      h('td', { class: 'val' }, c.required ?? '—')))));
}

export function ruleRef(ruleId, ctx) {
  const base = String(ruleId).split('#')[0];
  const info = (ctx.rules || []).find((r) => r.id === base);
  if (!info) return h('code', {}, ruleId);
  return h('a', { href: '#', class: 'rule-link', title: t('goToLine', { n: info.line }),
    onclick: (e) => { e.preventDefault(); ctx.onJump?.(info.line); } }, h('code', {}, ruleId));
}

function traceBody(traces, ctx) {
  return traces.map((tr) => h('div', { class: 'trace' },
    tr.summary ? h('p', { class: 'summary' }, withCode(tr.summary)) : null,
    conditionsTable(tr.conditions)));
}

function citation(item, ctx) {
  return h('p', { class: 'cite' },
    h('span', { class: 'cite-label' }, `${t('citation')}: `), h('strong', {}, item.source || '—'),
    ' · ', `${t('rule')} `, ruleRef(item.rule, ctx));
}

function outcomeDetails(o, decision, ctx, cls) {
  const p = paramsText(o.params);
  return h('details', { class: `outcome ${cls}`, 'data-code': o.code, 'data-kind': o.kind },
    h('summary', {},
      h('span', { class: 'code' }, o.code),
      o.level ? h('span', { class: 'level' }, o.level) : null,
      p ? h('span', { class: 'params' }, p) : null,
      h('span', { class: 'title' }, o.title)),
    h('div', { class: 'body' }, citation(o, ctx), traceBody(tracesFor(decision, o.rule), ctx)));
}

// An empty section says "none" only when nothing of its kind is undetermined: with a sanction
// undetermined (a missing fact), "no sanction" would be a decision the engine did not make.
// `why`: what decided "none" (a table row that matched and gives no outcome, as absence of 0..2
// days gives no sanction), shown under it.
function section(title, cls, items, pending = false, why = []) {
  const empty = pending ? h('p', { class: 'none pending' }, t('undeterminedBelow'))
    : [h('p', { class: 'none' }, t('noneOutcome')), ...why];
  // What is listed may not be all (a heavier sanction, another reward): said where it is listed.
  const more = items.length && pending
    ? h('p', { class: 'none pending more' }, t(cls === 'sanction' ? 'heavierUndetermined' : 'moreUndetermined')) : null;
  return h('section', { class: `dsec ${cls}` },
    h('h3', {}, title, items.length ? h('span', { class: 'count' }, String(items.length)) : null),
    items.length ? [...items, more] : empty);
}

export function renderDecision(container, state, ctx) {
  const { decision, errors, compileErrors, timeout, busy, stale, checkStopped, factsStale } = state;
  const parts = [];
  if (checkStopped) {
    parts.push(h('div', { class: 'banner timeout check-stopped', role: 'alert' },
      h('strong', {}, stoppedTitle('checkStoppedTitle', checkStopped.ms)),
      h('p', {}, t('checkStoppedBody', { lines: checkStopped.lines }))));
  }
  if (factsStale) parts.push(h('div', { class: 'banner warn facts-stale' }, t('factsJsonStale')));
  if (timeout) {
    parts.push(h('div', { class: 'banner timeout', role: 'alert' },
      h('strong', {}, stoppedTitle('timeoutTitle', timeout)), h('p', {}, t('timeoutBody'))));
  }
  if (compileErrors) parts.push(h('div', { class: 'banner warn' }, t('fixErrorsFirst')));
  if (errors?.length) {
    parts.push(h('div', { class: 'banner error', role: 'alert' }, h('strong', {}, t('evalErrors')),
      h('ul', {}, errors.map((e) => h('li', {}, withCode(e.message))))));
  }
  if (decision) {
    const d = decision;
    const of = (kind) => d.outcomes.filter((o) => o.kind === kind);
    const given = new Set(d.outcomes.map((o) => o.rule));
    const undeterminedRules = new Set(d.undetermined.map((u) => u.rule));
    const notApplied = (d.explanation || []).filter((tr) => tr.result === 'false' && !given.has(tr.rule) && !undeterminedRules.has(tr.rule));
    // The rewards and promotions not given, each with only the conditions it fails or leaves
    // open: what would have to change. As the engine's text lists them (docs/decision.md): none of
    // its codes given, nor another promotion; no exception taking its base's outcome away.
    const traces = d.explanation || [];
    const givenCode = (kind, code) => d.outcomes.some((o) => o.kind === kind && o.code === code);
    const promoted = d.outcomes.some((o) => o.kind === 'promotion');
    const sameCodes = (a = [], b = []) => a.length === b.length && a.every((c, i) => c === b[i]);
    const notGiven = traces.filter((tr) => (tr.kind === 'reward' || tr.kind === 'promotion')
      && tr.result === 'false' && tr.in_effect !== false && tr.codes?.length
      && !(tr.kind === 'promotion' && promoted) && !tr.codes.some((c) => givenCode(tr.kind, c))
      && (!tr.exception_to || !sameCodes(traces.find((b) => b.rule === tr.exception_to)?.codes, tr.codes)));
    const sanction = of('sanction');
    const pending = (kind) => d.undetermined.some((u) => u.kind === kind);
    // Rules of a kind that held but gave nothing: a table row giving `none`.
    const noneBy = (kind) => (d.explanation || [])
      .filter((tr) => tr.kind === kind && tr.result === 'true' && !given.has(tr.rule) && !undeterminedRules.has(tr.rule))
      .map((tr) => h('details', { class: 'outcome k-none why-none', 'data-rule': tr.rule },
        h('summary', {}, h('span', { class: 'code' }, tr.rule), h('span', { class: 'title' }, tr.title)),
        h('div', { class: 'body' }, citation(tr, ctx), traceBody([tr], ctx))));
    const body = h('div', { class: `decision${stale || compileErrors || checkStopped || factsStale ? ' stale' : ''}` },
      h('div', { class: 'dhead' },
        h('h2', {}, t('decisionFor', { date: d.as_of })),
        h('span', { class: 'muted' }, `${d.policy?.name ?? ''} ${d.policy?.version ?? ''}`)),
      section(t('sanction'), 'sanction', sanction.map((o) => outcomeDetails(o, d, ctx, 'k-sanction')), pending('sanction'), noneBy('sanction')),
      d.set_aside.length ? h('section', { class: 'dsec set-aside' },
        h('h3', {}, t('setAside'), h('span', { class: 'count' }, String(d.set_aside.length))),
        d.set_aside.map((s) => h('details', { class: 'outcome k-set-aside', 'data-code': s.code },
          // A reward or a promotion set aside (by an exception, as a duplicate) says its kind: the
          // section stands under the sanction.
          h('summary', {}, h('span', { class: 'code' }, s.code), s.level ? h('span', { class: 'level' }, s.level) : null,
            Object.keys(s.params || {}).length ? h('span', { class: 'params' }, paramsText(s.params)) : null,
            s.kind && s.kind !== 'sanction' ? h('span', { class: `kind k-${s.kind}` }, t(KIND_KEYS[s.kind] ?? s.kind)) : null,
            h('span', { class: 'title' }, t('setAsideBy', { rule: s.by }))),
          h('div', { class: 'body' }, h('p', { class: 'reason' }, withCode(s.reason)), citation(s, ctx), traceBody(tracesFor(d, s.rule), ctx))))) : null,
      section(t('rewards'), 'rewards', of('reward').map((o) => outcomeDetails(o, d, ctx, 'k-reward')), pending('reward')),
      section(t('promotions'), 'promotions', of('promotion').map((o) => outcomeDetails(o, d, ctx, 'k-promotion')), pending('promotion')),
      section(t('notices'), 'notices', of('notice').map((o) => outcomeDetails(o, d, ctx, 'k-notice')), pending('notice')),
      notGiven.length ? section(t('notGiven'), 'not-given', notGiven.map((tr) => h('details', { class: 'outcome k-not-given', 'data-rule': tr.rule },
        h('summary', {}, h('span', { class: 'code' }, tr.codes.join(', ')), h('span', { class: `kind k-${tr.kind}` }, t(KIND_KEYS[tr.kind] ?? tr.kind)),
          h('span', { class: 'title' }, tr.title)),
        h('div', { class: 'body' }, citation(tr, ctx), conditionsTable(tr.conditions.filter((c) => c.result !== 'true')))))) : null,
      section(t('undetermined'), 'undetermined', d.undetermined.map((u) => h('details', { class: 'outcome k-undetermined', 'data-code': u.code },
        // An undetermined sanction is the heaviest that might be imposed, not one that is pending.
        h('summary', {}, h('span', { class: 'code' }, u.kind === 'sanction' ? t('upTo', { code: u.code }) : u.code),
          h('span', { class: 'level' }, t(`kind${u.kind[0].toUpperCase()}${u.kind.slice(1)}`)),
          h('span', { class: 'title' }, u.title)),
        h('div', { class: 'body' }, h('p', { class: 'missing' }, missingText(u.missing)),
          citation(u, ctx), traceBody(tracesFor(d, u.rule), ctx))))),
      notApplied.length ? h('details', { class: 'not-applied' },
        h('summary', {}, t('notApplied'), h('span', { class: 'count' }, String(notApplied.length))),
        notApplied.map((tr) => h('details', { class: 'outcome k-none', 'data-rule': tr.rule },
          h('summary', {}, h('span', { class: 'code' }, tr.rule), h('span', { class: 'title' }, tr.title)),
          h('div', { class: 'body' }, citation(tr, ctx), traceBody([tr], ctx))))) : null,
      h('details', { class: 'as-text', ontoggle: (e) => { if (e.target.open) ctx.onExplainText?.(e.target.querySelector('pre')); } },
        h('summary', {}, t('explanationText')),
        h('div', { class: 'text-box' },
          h('button', { type: 'button', class: 'small copy', onclick: (e) => {
            const pre = e.target.closest('.text-box').querySelector('pre');
            navigator.clipboard?.writeText(pre.textContent).then(() => { e.target.textContent = t('copied'); }, () => {});
          } }, t('copy')),
          h('pre', {}, t('working')))));
    parts.push(body);
  } else if (busy && !timeout) {
    parts.push(h('p', { class: 'muted' }, t('working')));
  }
  clear(container, parts);
}
