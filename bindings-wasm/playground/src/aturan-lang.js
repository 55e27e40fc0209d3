// Aturan language support for CodeMirror 6: highlighting (English and Indonesian keywords) and
// completion of keywords, declared fact paths, `let` names and their fields, parameters, enum values
// and rule ids.
import { StreamLanguage, LanguageSupport, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { snippetCompletion } from '@codemirror/autocomplete';

/** English keyword -> Indonesian alias (from the language reference). */
export const KEYWORDS = [
  ['policy', 'kebijakan'], ['version', 'versi'], ['effective', 'berlaku'], ['from', 'mulai'],
  ['until', 'sampai'], ['description', 'deskripsi'], ['facts', 'fakta'], ['enum', null],
  ['ordered', 'berurutan'], ['param', 'parameter'], ['let', 'misal'], ['table', 'tabel'],
  ['decision', 'keputusan'], ['hit', null], ['first', 'pertama'], ['collect', 'kumpulkan'],
  ['given', 'masukan'], ['rule', 'aturan'], ['source', 'sumber'], ['when', 'jika'], ['then', 'maka'],
  ['else', 'lainnya'], ['if', 'bila'], ['exception', 'pengecualian'], ['to', 'atas'],
  ['sanction', 'sanksi'], ['reward', 'penghargaan'], ['promotion', 'kenaikan_pangkat'],
  ['notice', 'pemberitahuan'], ['severity', 'tingkat_sanksi'], ['combine', 'gabung'],
  ['example', 'contoh'], ['on', 'pada'], ['expect', 'harapkan'], ['no', 'tanpa'],
  ['undetermined', 'belum_pasti'], ['and', 'dan'], ['or', 'atau'], ['not', 'bukan'], ['in', 'dalam'],
  ['is', 'adalah'], ['absent', 'kosong'], ['present', 'ada'], ['true', 'benar'], ['false', 'salah'],
  ['none', 'tidak_ada'], ['any', 'sebarang'], ['all', 'semua'], ['count', 'banyak'], ['sum', 'jumlah'], ['average', 'rata_rata'],
  ['min', null], ['max', 'maks'], ['where', 'yang'], ['of', 'dari'], ['list', 'daftar'],
  ['optional', 'opsional'], ['helpers', 'fungsi_bantu'], ['helper', 'fungsi'], ['as_of', 'per_tanggal'],
  ['with', 'dengan'], ['for', 'untuk'], ['otherwise', 'jika_kosong'], ['unique', 'unik'], ['by', 'menurut'],
];
/** Built-in functions (English / Indonesian). */
export const BUILTINS = [
  ['year', 'tahun'], ['month', 'bulan'], ['full_years', 'tahun_penuh'], ['full_months', 'bulan_penuh'],
  ['days_between', 'hari_antara'], ['add_years', 'tambah_tahun'], ['add_months', 'tambah_bulan'],
  ['add_days', 'tambah_hari'], ['date', 'tanggal'], ['next', 'berikutnya'], ['previous', 'sebelumnya'],
  ['abs', 'mutlak'], ['round', 'bulatkan'], ['floor', 'bulatkan_bawah'], ['ceil', 'bulatkan_atas'],
];
export const TYPES = [['bool', 'logika'], ['int', 'bulat'], ['decimal', 'desimal'], ['text', 'teks'], ['date', 'tanggal']];

const ATOMS = new Set(['true', 'benar', 'false', 'salah', 'none', 'tidak_ada', 'absent', 'kosong', 'present', 'ada']);
const OPERATOR_WORDS = new Set(['and', 'dan', 'or', 'atau', 'not', 'bukan', 'in', 'dalam', 'is', 'adalah']);
const OUTCOME_WORDS = new Set(['sanction', 'sanksi', 'reward', 'penghargaan', 'promotion', 'kenaikan_pangkat',
  'notice', 'pemberitahuan', 'undetermined', 'belum_pasti']);
const DEFINERS = new Set(['rule', 'aturan', 'table', 'tabel', 'decision', 'keputusan', 'enum', 'param', 'parameter',
  'let', 'misal', 'helper', 'fungsi', 'example', 'contoh']);
const KEYWORD_SET = new Set(KEYWORDS.flat().filter(Boolean));
const TYPE_SET = new Set(TYPES.flat());
const BUILTIN_SET = new Set(BUILTINS.flat());

const aturanStream = {
  name: 'aturan',
  startState: () => ({ inTriple: false, afterDefiner: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (state.inTriple) {
      if (stream.skipTo('"""')) { stream.pos += 3; state.inTriple = false; } else stream.skipToEnd();
      return 'special';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) { stream.skipToEnd(); return 'comment'; }
    if (stream.match('"""')) {
      state.inTriple = true;
      if (stream.skipTo('"""')) { stream.pos += 3; state.inTriple = false; } else stream.skipToEnd();
      return 'special';
    }
    if (stream.peek() === '"') {
      stream.next();
      let escaped = false, ch;
      while ((ch = stream.next()) != null) {
        if (ch === '"' && !escaped) break;
        escaped = !escaped && ch === '\\';
      }
      return 'string';
    }
    if (stream.match(/^\d{4}-\d{2}-\d{2}\b/)) return 'atom';
    if (stream.match(/^\d+(\.\d+)?%?/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      const wasDefiner = state.afterDefiner;
      state.afterDefiner = DEFINERS.has(word);
      if (ATOMS.has(word)) return 'atom';
      if (OPERATOR_WORDS.has(word)) return 'operatorKeyword';
      if (OUTCOME_WORDS.has(word)) return 'controlKeyword';
      if (KEYWORD_SET.has(word)) return 'keyword';
      if (TYPE_SET.has(word)) return 'typeName';
      if (wasDefiner) return 'definition';
      if (BUILTIN_SET.has(word) && stream.match(/^\s*\(/, false)) return 'builtin';
      if (/^[A-Z]/.test(word)) return 'typeName';
      return 'variableName';
    }
    state.afterDefiner = false;
    if (stream.match(/^(==|!=|>=|<=|->|=>|\.\.|[<>=+\-*\/])/)) return 'operator';
    if (stream.match(/^[{}()[\]]/)) return 'bracket';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '//' }, closeBrackets: { brackets: ['(', '[', '{', '"'] } },
  tokenTable: {
    operatorKeyword: t.operatorKeyword, controlKeyword: t.controlKeyword, definition: t.definition(t.variableName),
    special: t.special(t.string), builtin: t.function(t.standard(t.variableName)),
  },
};

export const aturanLanguage = StreamLanguage.define(aturanStream);

const aturanHighlight = HighlightStyle.define([
  { tag: t.keyword, color: '#7c2d8e', fontWeight: '600' },
  { tag: t.controlKeyword, color: '#b3261e', fontWeight: '600' },
  { tag: t.operatorKeyword, color: '#7c2d8e' },
  { tag: t.comment, color: '#6b7280', fontStyle: 'italic' },
  { tag: t.string, color: '#0b7a3e' },
  { tag: t.special(t.string), color: '#8a5a00' },
  { tag: t.number, color: '#0a58ca' },
  { tag: t.atom, color: '#0a58ca' },
  { tag: t.typeName, color: '#006d77' },
  { tag: t.definition(t.variableName), color: '#1d4ed8', fontWeight: '600' },
  { tag: t.operator, color: '#374151' },
  { tag: t.function(t.standard(t.variableName)), color: '#9a3412' },
]);

/** The policy's `let`s and, for one that is a record (`presensi_ini`), its fields' paths
 * (`presensi_ini.alpa_hari`), as `factPaths` gives a schema's. */
export function letPaths(lets) {
  const out = [];
  for (const l of lets || []) {
    out.push({ path: l.name, type: l.type, isLet: true });
    if (l.type?.type === 'record') out.push(...factPaths(l.type).map((p) => ({ ...p, path: `${l.name}.${p.path}`, isLet: true })));
  }
  return out;
}

/** Every dotted fact path of a facts schema, with a short type label. */
export function factPaths(schema) {
  const out = [];
  const walk = (fields, prefix) => {
    for (const f of fields || []) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      out.push({ path, type: f.type, doc: f.doc, optional: f.optional });
      if (f.type?.type === 'record') walk(f.type.fields, path);
      if (f.type?.type === 'list' && f.type.item?.type === 'record') walk(f.type.item.fields, path);
    }
  };
  walk(schema?.fields, '');
  return out;
}

export function typeLabel(ty) {
  if (!ty) return '';
  switch (ty.type) {
    case 'enum': return ty.name || 'enum';
    case 'list': return `list of ${typeLabel(ty.item)}`;
    case 'record': return '{…}';
    default: return ty.type;
  }
}

/**
 * A completion source. `getContext()` returns {schema, params, rules, lets, lang} of the last policy that
 * compiled, so completion keeps working while the text has errors.
 */
// The outcome kinds' keywords, English and Indonesian, and the kind each names.
const OUTCOME_KINDS = {
  sanction: 'sanction', sanksi: 'sanction', reward: 'reward', penghargaan: 'reward',
  promotion: 'promotion', kenaikan_pangkat: 'promotion', notice: 'notice', pemberitahuan: 'notice',
};

/**
 * Whether a policy is written with the Indonesian keywords (`aturan`, `jika`, `maka`), by those of
 * its first 20,000 characters: completion then offers them first.
 */
export function writtenInIndonesian(text) {
  const words = text.slice(0, 20000).match(/\b(kebijakan|fakta|aturan|jika|maka|dan|atau|sumber|policy|facts|rule|when|then|and|or|source)\b/g) || [];
  const id = words.filter((w) => /^(kebijakan|fakta|aturan|jika|maka|dan|atau|sumber)$/.test(w)).length;
  return id > words.length - id;
}

export function aturanCompletion(getContext) {
  // Each keyword in both languages; the policy's own language first (its boost is set per request).
  const keywordOptions = [];
  for (const [en, id] of KEYWORDS) {
    keywordOptions.push({ label: en, type: 'keyword', detail: id ? `= ${id}` : undefined, lang: 'en' });
    if (id) keywordOptions.push({ label: id, type: 'keyword', detail: `= ${en}`, lang: 'id' });
  }
  for (const [en, id] of TYPES) {
    keywordOptions.push({ label: en, type: 'type', detail: `= ${id}`, lang: 'en' });
    keywordOptions.push({ label: id, type: 'type', detail: `= ${en}`, lang: 'id' });
  }
  for (const [en, id] of BUILTINS) {
    keywordOptions.push({ label: en, type: 'function', detail: `= ${id}()`, apply: `${en}(`, lang: 'en' });
    keywordOptions.push({ label: id, type: 'function', detail: `= ${en}()`, apply: `${id}(`, lang: 'id' });
  }
  const inLanguage = (indonesian) => keywordOptions.map(({ lang, ...o }) => ({ ...o, boost: (lang === 'id') === indonesian ? -1 : -2 }));
  const byLanguage = { true: inLanguage(true), false: inLanguage(false) };
  const snippets = [
    snippetCompletion('rule ${id} "${title}"\n    source "${source}"\n    when ${condition}\n    then ${outcome}', {
      label: 'rule', detail: 'template', type: 'text', boost: 1 }),
    snippetCompletion('aturan ${id} "${judul}"\n    sumber "${sumber}"\n    jika ${syarat}\n    maka ${hasil}', {
      label: 'aturan', detail: 'templat', type: 'text', boost: 1 }),
  ];
  return (context) => {
    const word = context.matchBefore(/[A-Za-z_][\w.]*/);
    if (!word && !context.explicit) return null;
    const from = word ? word.from : context.pos;
    // Inside a comment or a string: no completion.
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    if (before.includes('//') || (before.split('"').length - 1) % 2 === 1) return null;
    const ctx = getContext();
    const options = [];
    const text = word ? word.text : '';
    // After an outcome's kind (`sanksi `, `reward `): the codes the policy gives of that kind.
    const kindBefore = before.slice(0, from - line.from).match(/([A-Za-z_]\w*)\s+$/);
    const kind = kindBefore && OUTCOME_KINDS[kindBefore[1]];
    if (kind) {
      const codes = new Set((ctx.rules || []).filter((r) => r.kind === kind).flatMap((r) => r.codes || []));
      if (codes.size) {
        return { from, options: [...codes].map((c) => ({ label: c, type: 'constant', detail: kind, boost: 3 })), validFor: /^\w*$/ };
      }
    }
    if (text.includes('.')) {
      for (const p of [...factPaths(ctx.schema), ...letPaths(ctx.lets)]) {
        if (p.path.startsWith(text.slice(0, text.lastIndexOf('.') + 1))) {
          options.push({ label: p.path, type: 'property', detail: typeLabel(p.type), info: p.doc || undefined, boost: 2 });
        }
      }
      return { from, options, validFor: /^[\w.]*$/ };
    }
    for (const p of factPaths(ctx.schema)) {
      options.push({ label: p.path, type: 'property', detail: typeLabel(p.type), info: p.doc || undefined, boost: 2 });
    }
    // The policy's own names for values (`presensi_ini`, `tahun_ini`), which its rules read most.
    for (const p of letPaths(ctx.lets)) {
      if (!p.path.includes('.')) options.push({ label: p.path, type: 'variable', detail: `let: ${typeLabel(p.type)}`, boost: 2 });
    }
    for (const p of ctx.params || []) {
      options.push({ label: p.name, type: 'constant', detail: `param = ${JSON.stringify(p.default)}`, info: p.doc || undefined, boost: 1 });
    }
    const enumValues = new Set();
    for (const p of factPaths(ctx.schema)) {
      const ty = p.type?.type === 'list' ? p.type.item : p.type;
      if (ty?.type === 'enum') for (const v of ty.values || []) if (/^[A-Za-z_]\w*$/.test(v)) enumValues.add(v);
    }
    for (const v of enumValues) options.push({ label: v, type: 'enum', boost: 0 });
    for (const r of ctx.rules || []) options.push({ label: r.id, type: 'function', detail: r.kind, info: r.title, boost: 0 });
    const indonesian = writtenInIndonesian(context.state.doc.sliceString(0, 20000));
    const mine = snippets.map((sn) => ({ ...sn, boost: (sn.label === 'aturan') === indonesian ? 1 : 0 }));
    return { from, options: [...mine, ...options, ...byLanguage[indonesian]], validFor: /^[\w.]*$/ };
  };
}

export function aturan() {
  return new LanguageSupport(aturanLanguage, [syntaxHighlighting(aturanHighlight)]);
}
