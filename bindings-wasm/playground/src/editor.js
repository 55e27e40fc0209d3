// The CodeMirror editors: the policy (Aturan) and the raw facts (JSON).
import { basicSetup } from 'codemirror';
import { EditorView, keymap } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { indentWithTab } from '@codemirror/commands';
import { indentUnit, syntaxTree } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { json } from '@codemirror/lang-json';
import { aturan, aturanLanguage, aturanCompletion } from './aturan-lang.js';
import { h, withCode } from './dom.js';
import { t } from './i18n.js';

const fill = EditorView.theme({
  '&': { height: '100%', fontSize: '13.5px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-tooltip.cm-tooltip-lint': { maxWidth: '520px' },
});

// The editors' own words (fold markers, the search panel) and their screen-reader labels, in
// the interface's language.
const PHRASES_ID = {
  'Fold line': 'Lipat baris', 'Unfold line': 'Buka lipatan', 'Folded lines': 'Baris terlipat',
  'Find': 'Cari', 'Replace': 'Ganti', 'next': 'berikutnya', 'previous': 'sebelumnya', 'all': 'semua',
  'match case': 'huruf sama', 'regexp': 'regexp', 'by word': 'per kata', 'replace': 'ganti',
  'replace all': 'ganti semua', 'close': 'tutup', 'Go to line': 'Ke baris', 'go': 'ke',
};
const wording = new Compartment();

// Each editor's extensions and current wording, for starting it over on another document.
const setups = new WeakMap();

function words(lang, label, describedBy) {
  return [EditorState.phrases.of(lang === 'id' ? PHRASES_ID : {}),
    EditorView.contentAttributes.of({ 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) })];
}

/** Puts an editor's own words and label in the interface's language; `describedBy`, the id of
 * what else a screen reader should say of it (how to leave the policy editor). */
export function setEditorLang(view, lang, label, describedBy = null) {
  const w = words(lang, label, describedBy);
  const setup = setups.get(view);
  if (setup) setup.words = w;
  view.dispatch({ effects: wording.reconfigure(w) });
}

/**
 * Puts another document in the editor with an undo history of its own: a document the page
 * puts there (work restored on a reload, an example or an employee picked) is not a user edit,
 * so Ctrl+Z cannot take the editor back to what was there before it and lose that work.
 */
function startOver(view, text) {
  const setup = setups.get(view);
  view.setState(EditorState.create({ doc: text, extensions: setup.extensions, selection: { anchor: 0 } }));
  if (setup.words) view.dispatch({ effects: wording.reconfigure(setup.words) });
  view.dispatch({ effects: EditorView.scrollIntoView(0, { y: 'start', x: 'start' }) });
  // A new state is no transaction: those who follow the text are told as of an edit.
  if (!setup.muted) setup.onChange?.(text);
}

export function createPolicyEditor(parent, { doc, onChange, completionContext }) {
  const extensions = [
    basicSetup,
    keymap.of([indentWithTab]),
    indentUnit.of('    '),
    aturan(),
    aturanLanguage.data.of({ autocomplete: aturanCompletion(completionContext) }),
    lintGutter(),
    fill,
    // The line being edited stays above the note on how to leave the editor (bottom right),
    // the last line too.
    EditorView.scrollMargins.of(() => ({ bottom: 30 })),
    EditorView.theme({ '.cm-content': { paddingBottom: '30px' } }),
    wording.of(words('en', 'policy source')),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
  setups.set(view, { extensions, words: null, onChange });
  return view;
}

/** Engine diagnostics (UTF-16 offsets) as CodeMirror diagnostics. */
export function toCmDiagnostics(doc, diagnostics) {
  const len = doc.length;
  return diagnostics.map((d) => {
    let from = d.start_utf16;
    let to = d.end_utf16;
    if (from == null && d.line) {
      const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
      from = line.from + Math.max((d.column || 1) - 1, 0);
      to = d.end_line ? doc.line(Math.min(d.end_line, doc.lines)).from + Math.max((d.end_column || 1) - 1, 0) : from;
    }
    from = Math.min(Math.max(from ?? 0, 0), len);
    to = Math.min(Math.max(to ?? from, from), len);
    if (to === from && to < len) to = from + 1;
    const severity = d.severity === 'warning' ? 'warning' : d.severity === 'error' ? 'error' : 'info';
    return {
      from, to, severity, message: d.message,
      renderMessage: () => h('div', { class: 'diag-msg' },
        h('div', {}, h('strong', {}, d.code ? `${d.code}: ` : ''), withCode(d.message)),
        d.help ? h('div', { class: 'diag-help' }, `${t('help')}: `, withCode(d.help)) : null),
    };
  });
}

/**
 * Where the value at a fact path (`kinerja[1].nilai_skp`) is written in a JSON editor's text, as
 * `{from, to}`: the property or item itself, or, for one the text lacks, the first line of the
 * nearest record or list that holds it.
 */
export function jsonPathRange(state, path) {
  const parts = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  let node = syntaxTree(state).topNode.firstChild;
  let found = node;
  let whole = true;
  for (const part of parts) {
    let next = null;
    if (node?.name === 'Array' && typeof part === 'number') {
      let i = 0;
      for (let c = node.firstChild; c && !next; c = c.nextSibling) {
        if (!['[', ']', ',', '⚠'].includes(c.name) && i++ === part) next = c;
      }
    } else if (node?.name === 'Object' && typeof part === 'string') {
      for (let c = node.firstChild; c && !next; c = c.nextSibling) {
        const key = c.name === 'Property' ? c.getChild('PropertyName') : null;
        let name = null;
        try {
          name = key ? JSON.parse(state.sliceDoc(key.from, key.to)) : null;
        } catch {
          name = null;
        }
        if (name === part) next = c;
      }
    }
    if (!next) {
      whole = false;
      break;
    }
    found = next;
    node = next.name === 'Property' ? next.lastChild : next;
  }
  if (!found) return null;
  const to = whole ? found.to : Math.min(found.to, state.doc.lineAt(found.from).to);
  return { from: found.from, to };
}

export function showDiagnostics(view, diagnostics) {
  view.dispatch(setDiagnostics(view.state, toCmDiagnostics(view.state.doc, diagnostics)));
}

/** Replaces the whole text with another document, cursor and view at its start, and an undo
 * history of its own. */
export function setDoc(view, text) {
  startOver(view, text);
}

export function goToLine(view, line) {
  const l = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
  view.dispatch({ selection: { anchor: l.from }, effects: EditorView.scrollIntoView(l.from, { y: 'center' }) });
  view.focus();
}

export function createJsonEditor(parent, { doc, onChange }) {
  const extensions = [basicSetup, json(), fill,
    wording.of(words('en', 'facts JSON')),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
    })];
  const view = new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
  // The page sets this text from the facts (an employee picked, the form edited): never reported
  // back as an edit of the JSON.
  setups.set(view, { extensions, words: null, onChange, muted: true });
  return {
    view,
    /** Replaces the text, with an undo history of its own, without reporting it as a user edit. */
    set(text) {
      if (view.state.doc.toString() === text) return;
      startOver(view, text);
    },
    get: () => view.state.doc.toString(),
  };
}
