// A tiny element builder: h('div', {class: 'x', onclick: f}, 'text', child).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'open' || k === 'disabled') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Formats an outcome's parameters: {persen: 85} -> "persen 85". */
export function paramsText(params) {
  const entries = Object.entries(params || {});
  return entries.map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

/** Engine text with names in backticks (`` sanksi `potong_tukin_25_6` ``) as text and `<code>`. */
export function withCode(text) {
  if (text == null) return null;
  return String(text).split(/`([^`]*)`/).map((part, i) => (i % 2 ? h('code', {}, part) : part));
}

/**
 * Runs `render`, which rebuilds `container`; the control that had the keyboard focus in it gets
 * it back (found again by what names it: id, data attributes, label, a button's text; else the
 * control now at its place), so that a keyboard user is not sent back to the top of the page.
 */
export function keepFocus(container, render) {
  const had = document.activeElement;
  if (!had || !container.contains(had)) return render();
  const key = focusKey(had);
  const at = focusables(container).indexOf(had);
  const result = render();
  if (document.activeElement === had && container.contains(had)) return result;
  const all = focusables(container);
  const same = all.filter((el) => focusKey(el) === key);
  const target = same.length === 1 ? same[0] : all[Math.min(at, all.length - 1)];
  target?.focus();
  return result;
}

function focusKey(el) {
  const data = Object.entries(el.dataset).map(([k, v]) => `${k}=${v}`).join(';');
  const text = el.tagName === 'BUTTON' ? el.textContent : '';
  return [el.tagName, el.id, el.getAttribute('name'), el.getAttribute('aria-label'), data, text].join('|');
}

function focusables(root) {
  return [...root.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((el) => !el.disabled && !el.closest('[hidden]'));
}
