// The Web Worker that runs the policy engine (the aturan-wasm package), so that a slow or runaway
// evaluation never blocks the page. The page terminates and restarts this worker after a time limit.
import init, * as aturan from 'aturan-wasm';

/** Compiled policies by source text, most recently used last (a small LRU cache). */
const handles = new Map();
const MAX_HANDLES = 4;

function compiled(source, lang) {
  const cached = handles.get(source);
  if (cached) {
    handles.delete(source);
    handles.set(source, cached);
    return { ok: cached };
  }
  const result = plain(aturan.compile(source, lang));
  if (!result.ok) return result;
  handles.set(source, result.ok);
  while (handles.size > MAX_HANDLES) {
    const [oldest, handle] = handles.entries().next().value;
    handles.delete(oldest);
    handle.free?.();
  }
  return result;
}

/** Converts Maps (and serde_json's private arbitrary-precision numbers) into plain JSON values. */
function plain(value) {
  if (value instanceof Map) {
    const out = {};
    for (const [k, v] of value) out[k] = plain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$serde_json::private::Number') return Number(value[keys[0]]);
    const out = {};
    for (const k of keys) out[k] = plain(value[k]);
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

const ops = {
  /** Check the source; when it compiles, describe it (schema, parameters, rules, header). */
  analyze({ source, lang }) {
    const check = plain(aturan.check(source, lang));
    if (check.errors) return { check };
    const c = compiled(source, lang);
    if (!c.ok) return { check: c };
    const h = c.ok;
    return {
      check,
      meta: { schema: plain(h.schema()), params: plain(h.params()), rules: plain(h.rules()), info: plain(h.info()) },
    };
  },
  evaluate({ source, facts, options }) {
    const c = compiled(source, options.lang);
    if (!c.ok) return { compileErrors: c.errors };
    return plain(c.ok.evaluate(facts, options));
  },
  evaluateMany({ source, factsList, options }) {
    const c = compiled(source, options.lang);
    if (!c.ok) return { compileErrors: c.errors };
    return plain(c.ok.evaluateMany(factsList, options));
  },
  runTests({ source, lang }) {
    const c = compiled(source, lang);
    if (!c.ok) return { compileErrors: c.errors };
    return { ok: plain(c.ok.runTests()) };
  },
  explainText({ source, decision, lang }) {
    const c = compiled(source, lang);
    if (!c.ok) return { compileErrors: c.errors };
    return { ok: c.ok.explainText(decision, lang) };
  },
};

let ready = null;
self.onmessage = async (event) => {
  const { id, type, payload } = event.data;
  try {
    await ready;
    const op = ops[type];
    if (!op) throw new Error(`unknown request ${type}`);
    self.postMessage({ id, result: op(payload) });
  } catch (err) {
    self.postMessage({ id, failure: String(err?.message ?? err) });
  }
};

ready = init().then(
  () => self.postMessage({ ready: true }),
  (err) => {
    self.postMessage({ fatal: String(err?.message ?? err) });
    throw err;
  },
);
