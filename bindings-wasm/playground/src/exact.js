// Numbers as the engine reads them: exactly. A JavaScript number holds about 17 significant
// digits, so `JSON.parse` turns `89.99499999999999999` into 89.995 and `1e400` into Infinity
// (which `JSON.stringify` then sends as null): a different decision, silently. Such a number is
// kept here as its text, which the engine reads as the exact decimal it is.

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The value of decimal text as `digits e exponent`, without leading or trailing zeros. */
function canonical(text) {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return null;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let digits = (whole + fraction).replace(/^0+/, '');
  if (!digits) return '0';
  let exp = Number(exponent) - fraction.length;
  const kept = digits.replace(/0+$/, '');
  exp += digits.length - kept.length;
  digits = kept;
  return `${sign}${digits}e${exp}`;
}

/** The number `text` (`-12.5`, `1e3`) as a JavaScript number when that holds it exactly, else the
 * text itself. */
export function exactNumber(text) {
  const n = Number(text);
  return Number.isFinite(n) && canonical(String(n)) === canonical(text) ? n : text;
}

/** `JSON.parse`, except that a number a JavaScript number would change is kept as its text. */
export function parseJsonExact(text) {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue;
      const token = m[0];
      if (typeof exactNumber(token) === 'string') {
        out += text.slice(from, i) + JSON.stringify(token);
        from = i + token.length;
      }
      i += token.length - 1;
    }
  }
  return JSON.parse(from === 0 ? text : out + text.slice(from));
}

/** `1.250`, `12.500`: three decimals ending in 0, which may be thousands as Indonesian groups
 * them. The engine reads a point as the decimal point (1.25); such text is kept as written, so
 * that what was written can still be shown, with how it is read. */
export function maybeThousands(text) {
  return /^-?\d{1,3}(\.\d{3})+$/.test(text) && text.endsWith('0');
}
