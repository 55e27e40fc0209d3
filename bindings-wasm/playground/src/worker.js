// The Web Worker that runs the policy engine (the aturan-wasm package), so that a slow or runaway
// evaluation never blocks the page. The page terminates and restarts this worker after a time limit.
import init, * as aturan from 'aturan-wasm';

/** Compiled policies by language and source text, most recently used last (a small LRU cache). */
const handles = new Map();
const MAX_HANDLES = 4;

function compiled(source, lang) {
  const key = `${lang}\n${source}`;
  const cached = handles.get(key);
  if (cached) {
    handles.delete(key);
    handles.set(key, cached);
    return { ok: cached };
  }
  const result = aturan.compile(source, lang);
  if (!result.ok) return result;
  handles.set(key, result.ok);
  while (handles.size > MAX_HANDLES) {
    const [oldest, handle] = handles.entries().next().value;
    handles.delete(oldest);
    handle.free?.();
  }
  return result;
}

const ops = {
  /** Check the source; when it compiles, describe it (schema, parameters, rules, header). */
  analyze({ source, lang }) {
    const check = aturan.check(source, lang);
    if (check.errors) return { check };
    const c = compiled(source, lang);
    if (!c.ok) return { check: c };
    const h = c.ok;
    return {
      check,
      meta: { schema: h.schema(), params: h.params(), rules: h.rules(), lets: h.lets(), info: h.info() },
    };
  },
  evaluate({ source, facts, options }) {
    const c = compiled(source, options.lang);
    if (!c.ok) return { compileErrors: c.errors };
    return c.ok.evaluate(facts, options);
  },
  evaluateMany({ source, factsList, options }) {
    const c = compiled(source, options.lang);
    if (!c.ok) return { compileErrors: c.errors };
    return c.ok.evaluateMany(factsList, options);
  },
  runTests({ source, lang }) {
    const c = compiled(source, lang);
    if (!c.ok) return { compileErrors: c.errors };
    return { ok: c.ok.runTests() };
  },
  /** Why the facts text does not read (in the interface's language), or null. */
  jsonError({ text, lang }) {
    return aturan.jsonError(text, lang) ?? null;
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
