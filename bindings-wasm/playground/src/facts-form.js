// The facts form, generated from the policy's `facts` declaration (compiled policy's schema()).
// The facts object is edited in place; an empty input means the fact is absent.
import { exactNumber, maybeThousands } from './exact.js';
import { h, clear, keepFocus, withCode } from './dom.js';
import { t } from './i18n.js';

export function pathText(path) {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

export function getAt(obj, path) {
  let cur = obj;
  for (const p of path) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = cur[p];
  }
  return cur;
}

export function setAt(obj, path, value) {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i];
    if (cur[p] == null || typeof cur[p] !== 'object') cur[p] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[p];
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) cur[last] = null;
    else delete cur[last];
  } else cur[last] = value;
}

function rangeHint(ty) {
  if (ty.min != null && ty.max != null) return `${ty.min}..${ty.max}`;
  if (ty.min != null) return `≥ ${ty.min}`;
  if (ty.max != null) return `≤ ${ty.max}`;
  // A hint like `0` reads as a value typed in: an empty field with no bounds says nothing.
  return null;
}

/** Parses what was typed into a number field; keeps text the engine will report as wrong. */
export function parseNumber(text, ty) {
  const s = text.trim();
  if (s === '') return undefined;
  // A number a JavaScript number would change (more than 17 digits) stays text, read exactly.
  if (ty.type === 'int' && /^-?\d+$/.test(s)) return exactNumber(s);
  // `1.250` may be thousands as Indonesian groups them: kept as written (the engine reads it as
  // 1.25), so that the field goes on showing it, and saying how it is read, when drawn again.
  if (ty.type === 'decimal' && maybeThousands(s)) return s;
  if (ty.type === 'decimal' && /^-?\d+(\.\d+)?$/.test(s)) return exactNumber(s);
  // `86,5` is how a decimal is written in Indonesian: one comma between digits and no dot cannot
  // be anything else (the text is changed, never the number, so it stays exact).
  if (ty.type === 'decimal' && /^-?\d+,\d+$/.test(s)) return exactNumber(s.replace(',', '.'));
  return s;
}

/** `1.250`, as Indonesian groups thousands: the engine reads a point as the decimal point (1.25),
 * so the field says how it is read and how to write one thousand two hundred fifty. */
function noteGrouping(input, ty) {
  const s = input.value.trim();
  const whole = s.replace(/\./g, '');
  // A decimal with three decimals is often just that (89.995): only one ending in 0 (1.250,
  // 12.500), which a decimal seldom is written as, and whose thousands would fit the field.
  const fits = (ty.max == null || Number(whole) <= Number(ty.max)) && (ty.min == null || Number(whole) >= Number(ty.min));
  const grouped = ty.type === 'int' ? /^-?\d{1,3}(\.\d{3})+$/.test(s) : maybeThousands(s) && fits;
  const read = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  // Two points or more (6.000.000) are no number at all: the engine refuses the value.
  const key = ty.type === 'int' ? 'groupedInt' : s.indexOf('.') !== s.lastIndexOf('.') ? 'groupedUnread' : 'groupedDecimal';
  const text = grouped ? t(key, { text: s, read, whole }) : '';
  input.classList.toggle('grouped', grouped);
  input.title = text;
  let hint = input.nextElementSibling;
  if (!hint || !hint.classList.contains('ff-hint')) {
    if (!grouped || !input.parentNode) return;
    hint = h('div', { class: 'ff-hint', role: 'note' });
    input.after(hint);
  }
  hint.textContent = text;
  hint.hidden = !grouped;
}

/** Today's date where the user is, YYYY-MM-DD (`toISOString` gives the UTC date: yesterday's in
 * Jakarta until 7 in the morning). */
export function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * The fields of `value` the schema does not declare (`presensi.alpha`, `kinerja[].skor`), added to
 * the set `out`: the engine ignores them, as it must for what an HR system sends beside the facts,
 * but a misspelt name would silently leave its fact missing.
 */
export function undeclared(fields, value, out = new Set(), at = '') {
  if (!fields || !value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [name, v] of Object.entries(value)) {
    const path = at ? `${at}.${name}` : name;
    const field = fields.find((f) => f.name === name);
    if (!field) out.add(path);
    else if (field.type?.type === 'record') undeclared(field.type.fields, v, out, path);
    else if (field.type?.type === 'list' && field.type.item?.type === 'record' && Array.isArray(v)) {
      for (const item of v) undeclared(field.type.item.fields, item, out, `${path}[]`);
    }
  }
  return out;
}

/** Every declared path (`presensi`, `presensi.alpa_hari`, `kinerja[].nilai_skp`). */
function declaredPaths(fields, at = '', out = []) {
  for (const f of fields || []) {
    const path = at ? `${at}.${f.name}` : f.name;
    out.push(path);
    if (f.type?.type === 'record') declaredPaths(f.type.fields, path, out);
    if (f.type?.type === 'list' && f.type.item?.type === 'record') declaredPaths(f.type.item.fields, `${path}[]`, out);
  }
  return out;
}

function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The undeclared paths as a short list, each with the declared path it looks like a misspelling
 * of (`presensi.alpa_harii (did you mean presensi.alpa_hari?)`). */
export function undeclaredText(schema, paths, max = 8) {
  const known = declaredPaths(schema?.fields);
  const named = [...paths].slice(0, max).map((path) => {
    const near = known.filter((k) => editDistance(k, path) <= 2).sort((x, y) => editDistance(x, path) - editDistance(y, path))[0];
    return near ? t('didYouMean', { path, suggestion: near }) : path;
  });
  return named.join(', ') + (paths.size > max ? ', …' : '');
}

function isScalar(ty) {
  return ty && ty.type !== 'record' && ty.type !== 'list';
}

/** A new row: a record with no field filled, or a value not yet chosen (`null`, which the engine
 * refuses naming the row until it is filled). A value filled in for the user (the first status,
 * today's date, 0) would change the decision without anyone having chosen it. */
function defaultItem(ty) {
  switch (ty.type) {
    case 'record': return {};
    case 'list': return [];
    default: return null;
  }
}

export class FactsForm {
  constructor(container, { onChange }) {
    this.container = container;
    this.onChange = onChange;
    this.schema = null;
    this.facts = {};
  }

  set(schema, facts) {
    this.schema = schema;
    this.facts = facts;
    this.render();
  }

  changed() {
    this.onChange(this.facts);
  }

  render() {
    const fields = this.schema?.fields || [];
    const form = h('div', { class: 'ff', role: 'form' });
    for (const f of fields) form.append(this.field(f, [f.name]));
    // A policy without facts yet (a blank one): where they come from, not an empty pane.
    if (fields.length === 0) form.append(h('p', { class: 'muted empty' }, withCode(t('noFacts'))));
    keepFocus(this.container, () => clear(this.container, form));
    this.markIssues(this.issues || []);
  }

  /** Marks the inputs whose facts the engine rejected (paths like `kinerja[1].nilai_skp`). */
  markIssues(issues) {
    this.issues = issues;
    for (const el of this.container.querySelectorAll('.invalid')) {
      el.classList.remove('invalid');
      el.removeAttribute('title');
    }
    for (const issue of issues) {
      if (!issue.path) continue;
      let path = issue.path;
      let el = null;
      while (path) {
        el = this.container.querySelector(`[data-path="${CSS.escape(path)}"]`);
        if (el) break;
        const shorter = path.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '');
        if (shorter === path) break;
        path = shorter;
      }
      if (el) {
        el.classList.add('invalid');
        el.title = issue.message.replace(/`/g, ''); // a tooltip is plain text
      }
    }
  }

  label(f, path) {
    // The whole name on hover (a long one is cut in its column), with its description.
    return h('label', { class: 'ff-label', for: `ff-${pathText(path)}`, title: f.doc ? `${f.name} — ${f.doc}` : f.name },
      f.name, f.optional ? h('span', { class: 'ff-opt' }, ` (${t('optional')})`) : null);
  }

  field(f, path) {
    const ty = f.type;
    if (ty.type === 'record') {
      return h('fieldset', { class: 'ff-record', 'data-path': pathText(path) },
        h('legend', { title: f.doc || null }, f.name, f.optional ? h('span', { class: 'ff-opt' }, ` (${t('optional')})`) : null),
        ty.fields.map((sub) => this.field(sub, [...path, sub.name])));
    }
    if (ty.type === 'list') {
      return h('fieldset', { class: 'ff-list', 'data-path': pathText(path) },
        h('legend', { title: f.doc || null }, f.name), this.list(ty.item, path));
    }
    return h('div', { class: 'ff-row' }, this.label(f, path), this.control(ty, path));
  }

  control(ty, path) {
    const id = `ff-${pathText(path)}`;
    const value = getAt(this.facts, path);
    // A control in a list's row has no label of its own (the column heads name it): a screen
    // reader says "kinerja 2 nilai_skp".
    const inList = path.some((p) => typeof p === 'number');
    const spoken = inList ? path.map((p) => (typeof p === 'number' ? String(p + 1) : p)).join(' ') : null;
    const attrs = { id, 'data-path': pathText(path), name: pathText(path), 'aria-label': spoken };
    const set = (v) => {
      setAt(this.facts, path, v);
      this.changed();
    };
    switch (ty.type) {
      case 'bool':
        return h('select', { ...attrs, onchange: (e) => set(e.target.value === '' ? undefined : e.target.value === 'true') },
          h('option', { value: '', selected: value == null }, t('notSet')),
          h('option', { value: 'true', selected: value === true }, t('yes')),
          h('option', { value: 'false', selected: value === false }, t('no')));
      case 'enum': {
        const values = ty.values || [];
        const known = value == null || values.includes(value);
        return h('select', { ...attrs, onchange: (e) => set(e.target.value === '' ? undefined : e.target.value) },
          h('option', { value: '', selected: value == null }, t('notSet')),
          values.map((v) => h('option', { value: v, selected: v === value }, v)),
          known ? null : h('option', { value: String(value), selected: true }, String(value)));
      }
      case 'date':
        // A day the browser's picker refuses (02/30/2025, or half typed) has no value: it is given
        // as text the engine refuses, naming the field, rather than dropped as if not filled in.
        return h('input', { ...attrs, type: 'date', value: typeof value === 'string' ? value : '',
          onchange: (e) => set(e.target.value || (e.target.validity.badInput ? t('badDate') : undefined)) });
      case 'int':
      case 'decimal': {
        const input = h('input', { ...attrs, type: 'text', inputmode: ty.type === 'int' ? 'numeric' : 'decimal', class: 'num',
          placeholder: rangeHint(ty), value: value == null ? '' : String(value),
          oninput: (e) => {
            set(parseNumber(e.target.value, ty));
            noteGrouping(e.target, ty);
          } });
        queueMicrotask(() => noteGrouping(input, ty));
        return input;
      }
      default:
        return h('input', { ...attrs, type: 'text', value: value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value),
          oninput: (e) => set(e.target.value === '' ? undefined : e.target.value) });
    }
  }

  list(item, path) {
    const items = getAt(this.facts, path);
    const rows = Array.isArray(items) ? items : [];
    const add = h('button', { type: 'button', class: 'small add-row', 'data-add': pathText(path), onclick: () => {
      const cur = getAt(this.facts, path);
      if (Array.isArray(cur)) cur.push(defaultItem(item));
      else setAt(this.facts, path, [defaultItem(item)]);
      this.render();
      this.changed();
    } }, `+ ${t('addRow')}`);
    const remove = (i) => h('button', { type: 'button', class: 'small remove-row', title: t('removeRow'), 'aria-label': t('removeRow'),
      onclick: () => {
        getAt(this.facts, path).splice(i, 1);
        this.render();
        this.changed();
      } }, '×');
    // A list not given is unknown (what needs it is undetermined); an empty one is known to hold
    // nothing (no violations). The two look alike without rows, so the state says which, with
    // the switch to the other.
    const toggle = (to, key, label) => h('button', { type: 'button', class: 'small list-state', [key]: pathText(path), onclick: () => {
      setAt(this.facts, path, to);
      this.render();
      this.changed();
    } }, label);
    const state = !Array.isArray(items)
      ? h('span', { class: 'ff-list-state muted' }, t('listNotGiven'), ' ', toggle([], 'data-empty', t('listSetNone')))
      : items.length === 0
        ? h('span', { class: 'ff-list-state' }, t('listNone'), ' ', toggle(undefined, 'data-unset', t('listSetNotGiven')))
        : null;
    if (item.type === 'record' && item.fields.every((f) => isScalar(f.type))) {
      const table = h('table', { class: 'ff-table' },
        h('thead', {}, h('tr', {}, item.fields.map((f) => h('th', { title: f.doc || null }, f.name, f.optional ? '?' : '')), h('th'))),
        h('tbody', {}, rows.map((_, i) => h('tr', { 'data-path': pathText([...path, i]) },
          item.fields.map((f) => h('td', {}, this.control(f.type, [...path, i, f.name]))), h('td', {}, remove(i))))));
      // Wide rows (a date, a text and a choice) scroll in their box rather than spill out of it.
      return [state, rows.length ? h('div', { class: 'ff-table-wrap' }, table) : null, add];
    }
    if (item.type === 'record') {
      return [rows.map((_, i) => h('div', { class: 'ff-card', 'data-path': pathText([...path, i]) },
        h('div', { class: 'ff-card-head' }, `#${i + 1}`, remove(i)),
        item.fields.map((f) => this.field(f, [...path, i, f.name])))), state, add];
    }
    if (item.type === 'list') {
      return [rows.map((_, i) => h('div', { class: 'ff-card' }, this.list(item.item, [...path, i]), remove(i))), state, add];
    }
    return [h('div', { class: 'ff-items' }, rows.map((_, i) => h('div', { class: 'ff-item', 'data-path': pathText([...path, i]) },
      this.control(item, [...path, i]), remove(i)))), state, add];
  }
}
