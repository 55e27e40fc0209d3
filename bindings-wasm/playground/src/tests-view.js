// The tests panel: the policy's own examples, green or red, with what differed.
import { h, clear, keepFocus, withCode } from './dom.js';
import { t, stoppedTitle } from './i18n.js';

/** Marks the characters of `b` that differ from `a` (a simple common prefix/suffix diff). */
function diffSpans(a, b, cls) {
  a = String(a ?? '');
  b = String(b ?? '');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  // Whole words only: `tpp` and `tidak ada` share no `t`.
  const word = (c) => c !== undefined && /\w/.test(c);
  while (start > 0 && word(b[start - 1]) && (word(b[start]) || word(a[start]))) start--;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  while (end > 0 && word(b[b.length - end]) && (word(b[b.length - 1 - end]) || word(a[a.length - 1 - end]))) end--;
  return [b.slice(0, start), h('mark', { class: cls }, b.slice(start, b.length - end)), b.slice(b.length - end)];
}

export function renderTests(container, state, ctx) {
  const { results, error, busy, timeout, stale } = state;
  const head = h('div', { class: 'tests-head' },
    h('button', { type: 'button', id: 'run-tests', class: 'primary', onclick: ctx.onRun, disabled: !!stale }, t('runTests')),
    results ? h('span', { class: `tests-summary ${stale ? 'stale' : results.every((r) => r.passed) ? 'pass' : 'fail'}` },
      t('testsSummary', { passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).length })) : null,
    busy ? h('span', { class: 'muted' }, t('working')) : null);
  const body = [h('p', { class: 'muted tests-own' }, withCode(t('testsOwnSettings')))];
  if (timeout) body.push(h('div', { class: 'banner timeout', role: 'alert' }, h('strong', {}, stoppedTitle('timeoutTitle', timeout)), h('p', {}, t('timeoutBody'))));
  if (error) body.push(h('div', { class: 'banner warn' }, error));
  if (results && results.length === 0) body.push(h('p', { class: 'muted' }, withCode(t('noTests'))));
  if (results?.length) {
    // Results of the policy as it was, while the one in the editor has errors: dimmed.
    body.push(h('ul', { class: `test-list${stale ? ' stale' : ''}` }, results.map((r) => h('li', { class: `test ${r.passed ? 'pass' : 'fail'}` },
      h('div', { class: 'test-line' },
        h('span', { class: 'mark' }, r.passed ? '✓' : '✗'),
        h('span', { class: 'name' }, r.name),
        r.line ? h('a', { href: '#', class: 'line-link', onclick: (e) => { e.preventDefault(); ctx.onJump(r.line); } }, t('fileLine', { n: r.line })) : null),
      r.error ? h('pre', { class: 'test-error' }, r.error) : null,
      r.failures?.length ? h('table', { class: 'diff' },
        h('thead', {}, h('tr', {}, h('th', {}, t('testWhat')), h('th', {}, t('testExpected')), h('th', {}, t('testActual')))),
        h('tbody', {}, r.failures.map((f) => h('tr', {},
          // The engine writes them in the language the policy was compiled in (the interface's).
          h('td', {}, h('code', {}, f.what),
            f.line ? [' ', h('a', { href: '#', class: 'line-link', onclick: (e) => { e.preventDefault(); ctx.onJump(f.line); } }, t('fileLine', { n: f.line }))] : null),
          h('td', { class: 'expected' }, diffSpans(f.actual, f.expected, 'del')),
          h('td', { class: 'actual' }, diffSpans(f.expected, f.actual, 'ins'),
            // Why an expected outcome is not given: the conditions its rules fail.
            f.why?.length ? h('ul', { class: 'why' }, f.why.map((w) => h('li', {}, withCode(w)))) : null))))) : null))));
  }
  keepFocus(container, () => clear(container, head, body));
}
