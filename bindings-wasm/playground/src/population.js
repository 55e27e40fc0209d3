// Population files (CSV, JSON, NDJSON) and the comparison of decisions with a pinned baseline.
import Papa from 'papaparse';
import { exactNumber, maybeThousands, parseJsonExact } from './exact.js';
import { setAt } from './facts-form.js';
import { paramsText } from './dom.js';

/** The declared type at a dotted path (`presensi.alpa_hari`), or null. */
function typeAt(schema, dotted) {
  let fields = schema?.fields;
  let ty = null;
  for (const part of dotted.split('.')) {
    const f = (fields || []).find((x) => x.name === part);
    if (!f) return null;
    ty = f.type;
    fields = ty.type === 'record' ? ty.fields : null;
  }
  return ty;
}

function looksJson(s) {
  return /^\s*[[{]/.test(s);
}

/** Converts one CSV cell to the JSON value the declared type expects (or leaves text as it is). */
export function convertCell(cell, ty) {
  const s = cell.trim();
  if (s === '') return undefined;
  const tryJson = () => {
    try {
      return parseJsonExact(s);
    } catch {
      return s;
    }
  };
  if (!ty) {
    if (looksJson(s)) return tryJson();
    if (/^-?\d+(\.\d+)?$/.test(s) && !/^0\d/.test(s)) return exactNumber(s);
    if (s === 'true' || s === 'false') return s === 'true';
    return s;
  }
  switch (ty.type) {
    case 'int': return /^-?\d+$/.test(s) ? exactNumber(s) : s;
    case 'decimal':
      if (maybeThousands(s)) return s;
      if (/^-?\d+(\.\d+)?$/.test(s)) return exactNumber(s);
      if (/^-?\d+,\d+$/.test(s)) return exactNumber(s.replace(',', '.'));
      return s;
    case 'bool': {
      const low = s.toLowerCase();
      if (['true', 'ya', 'benar', '1', 'yes'].includes(low)) return true;
      if (['false', 'tidak', 'salah', '0', 'no'].includes(low)) return false;
      return s;
    }
    case 'list': case 'record': return tryJson();
    default: return s;
  }
}

/**
 * Why a population file cannot be read: `empty`, `onlyHeader` (a CSV without rows), or `json` with
 * the text to have the engine explain (`text`, placed so that its line numbers are the file's).
 * The page words the message, in the interface's language.
 */
export class PopulationError extends Error {
  constructor(kind, message = kind, text = null) {
    super(message);
    this.kind = kind;
    this.text = text;
  }
}

/** Reads a population file into an array of facts objects. Throws a PopulationError. */
export function parsePopulation(name, text, schema) {
  const lower = name.toLowerCase();
  const content = text.replace(/^\uFEFF/, '');
  const trimmed = content.trim();
  if (!trimmed) throw new PopulationError('empty');
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return parseNdjson(content);
  if (lower.endsWith('.json') || (!lower.endsWith('.csv') && /^[[{]/.test(trimmed))) {
    try {
      const data = parseJsonExact(trimmed);
      const rows = Array.isArray(data) ? data : Array.isArray(data?.employees) ? data.employees : [data];
      return rows;
    } catch (err) {
      if (trimmed.startsWith('{')) return parseNdjson(content);
      throw new PopulationError('json', err.message, content);
    }
  }
  const parsed = Papa.parse(trimmed, { header: true, skipEmptyLines: true });
  // A quote opened and never closed takes the rows after it into one cell: employees merged
  // without a word, so the file is refused, naming the line the quote opens on.
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  if (quote) {
    const before = typeof quote.index === 'number' ? trimmed.slice(0, quote.index) : '';
    const line = quote.index != null ? before.split('\n').length : (quote.row ?? 0) + 2;
    throw new PopulationError('csvQuote', quote.message, String(line));
  }
  if (!parsed.data.length) throw new PopulationError('onlyHeader');
  const columns = parsed.meta.fields || [];
  return parsed.data.map((row) => {
    const facts = {};
    for (const col of columns) {
      const value = convertCell(String(row[col] ?? ''), typeAt(schema, col));
      if (value !== undefined) setAt(facts, col.split('.'), value);
    }
    return facts;
  });
}

function parseNdjson(text) {
  const rows = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(parseJsonExact(line));
    } catch (err) {
      // The line alone, after as many empty lines as precede it: the engine then names the
      // file's line.
      throw new PopulationError('json', err.message, '\n'.repeat(i) + line);
    }
  });
  return rows;
}

/** A stable key for one item of a decision: `reward:tpp:{"persen":85}`. */
export function outcomeKeys(result) {
  // An employee that could not be decided, by why: `error:facts`, `error:helper`, `error:limit`…
  if (!result?.ok) return [`error:${result?.errors?.[0]?.code || 'facts'}:{}`];
  const d = result.ok;
  const keys = d.outcomes.map((o) => `${o.kind}:${o.code}:${JSON.stringify(o.params || {})}`);
  if (!d.outcomes.some((o) => o.kind === 'sanction') && !d.undetermined.some((u) => u.kind === 'sanction')) keys.push('sanction:none:{}');
  for (const u of d.undetermined) keys.push(`undetermined:${u.code}:{}`);
  return keys;
}

export function parseKey(key) {
  if (key === 'error') return { kind: 'error', code: 'facts', params: {} };
  const [kind, code, ...rest] = key.split(':');
  return { kind, code, params: JSON.parse(rest.join(':') || '{}') };
}

export function keyLabel(key) {
  const { code, params } = parseKey(key);
  const p = paramsText(params);
  return p ? `${code} (${p})` : code;
}

const KIND_ORDER = ['sanction', 'reward', 'promotion', 'notice', 'undetermined', 'error'];

/** Counts per outcome code (kind:code) with the parameter variants inside each. */
export function summarize(results) {
  const groups = new Map();
  for (const r of results) {
    if (!r) continue;
    const seen = new Set();
    for (const key of outcomeKeys(r)) {
      const { kind, code, params } = parseKey(key);
      const g = `${kind}:${code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!groups.has(g)) groups.set(g, { kind, code, count: 0, variants: new Map() });
      const entry = groups.get(g);
      entry.count += 1;
      const p = paramsText(params);
      if (p) entry.variants.set(p, (entry.variants.get(p) || 0) + 1);
    }
  }
  return [...groups.values()].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.code === 'none' ? 1 : b.code === 'none' ? -1 : a.code.localeCompare(b.code)));
}

/** Per employee: the outcome keys gained and lost against the baseline. */
export function diffResults(baseline, current) {
  const changes = [];
  const n = Math.min(baseline.length, current.length);
  for (let i = 0; i < n; i++) {
    const before = new Set(outcomeKeys(baseline[i]));
    const after = new Set(outcomeKeys(current[i]));
    const gained = [...after].filter((k) => !before.has(k));
    const lost = [...before].filter((k) => !after.has(k));
    if (gained.length || lost.length) changes.push({ index: i, gained, lost });
  }
  return changes;
}

/**
 * The changes per outcome code (`reward:tpp`): the employees who gained it, who lost it, and whose
 * parameters changed (lost one variant, gained another: `persen 85` -> `persen 100`).
 */
export function impactByCode(changes) {
  const groups = new Map();
  for (const c of changes) {
    const per = new Map();
    const at = (key) => {
      const { kind, code } = parseKey(key);
      const id = `${kind}:${code}`;
      if (!per.has(id)) per.set(id, { kind, code, gained: [], lost: [] });
      return per.get(id);
    };
    for (const k of c.gained) at(k).gained.push(k);
    for (const k of c.lost) at(k).lost.push(k);
    for (const [id, { kind, code, gained, lost }] of per) {
      if (!groups.has(id)) groups.set(id, { id, kind, code, gained: [], lost: [], changed: [] });
      const g = groups.get(id);
      if (gained.length && lost.length) g.changed.push({ index: c.index, from: lost, to: gained });
      else if (gained.length) g.gained.push({ index: c.index, keys: gained });
      else g.lost.push({ index: c.index, keys: lost });
    }
  }
  return [...groups.values()].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.code.localeCompare(b.code));
}

/** The rule behind an outcome key in a decision (outcome, set-aside or undetermined item). */
export function ruleOf(result, key) {
  if (!result?.ok) return null;
  const { kind, code, params } = parseKey(key);
  const d = result.ok;
  const p = JSON.stringify(params);
  if (kind === 'undetermined') return d.undetermined.find((u) => u.code === code) || null;
  return d.outcomes.find((o) => o.kind === kind && o.code === code && JSON.stringify(o.params || {}) === p)
    || d.outcomes.find((o) => o.kind === kind && o.code === code) || null;
}

/** Decimal facts of `rows` written as `1.250` (see `maybeThousands`), at the top level and in
 * records: up to `max` of them as `path = text`, and how many there are in all. */
export function thousandsLike(schema, rows, max = 3) {
  const found = [];
  let n = 0;
  const walk = (fields, value, prefix) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const f of fields) {
      const v = value[f.name];
      if (f.type?.type === 'decimal' && typeof v === 'string' && maybeThousands(v.trim())) {
        n++;
        if (found.length < max) found.push(`${prefix}${f.name} = ${v.trim()}`);
      } else if (f.type?.type === 'record') {
        walk(f.type.fields || [], v, `${prefix}${f.name}.`);
      }
    }
  };
  for (const row of rows) walk(schema?.fields || [], row, '');
  return { found, n };
}
