// Share links (state compressed into the URL hash) and the last state in local storage.

const STORAGE_KEY = 'aturan-playground-state-v1';
const HASH_PREFIX = '#s=';

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The state as a URL hash: JSON, deflated with the browser's CompressionStream, base64url. */
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return HASH_PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The state in a URL hash, or null when there is none or it cannot be read. */
export async function decodeState(hash) {
  if (!hash || !hash.startsWith(HASH_PREFIX)) return null;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(HASH_PREFIX.length)), new DecompressionStream('deflate-raw'));
    const state = JSON.parse(new TextDecoder().decode(bytes));
    return state && typeof state === 'object' ? state : null;
  } catch {
    return null;
  }
}

/** Keeps the state in local storage; returns the text written, or null when it could not be. */
export function saveLocal(state) {
  const text = JSON.stringify(state);
  try {
    localStorage.setItem(STORAGE_KEY, text);
    return text;
  } catch {
    // Storage full or disabled: the state simply is not kept.
    return null;
  }
}

/** The state kept in local storage, as stored (to tell whether another tab wrote it). */
export function loadLocalText() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Parses a kept state's text; null when there is none or it cannot be read. */
export function parseLocal(text) {
  try {
    const state = JSON.parse(text || 'null');
    return state && typeof state === 'object' ? state : null;
  } catch {
    return null;
  }
}

/** Whether a storage event is about the kept state. */
export const isStateKey = (key) => key === STORAGE_KEY;

// Work set aside (an example or a shared link loaded over it, another tab's work saved over, typed
// facts replaced by an example employee), newest first. It is kept in local storage, not only in
// memory, so that a reload or a closed tab does not lose it; it goes only when the user brings it
// back or discards it (or after SET_ASIDE_MAX newer ones).
const SET_ASIDE_KEY = 'aturan-playground-set-aside-v1';
const SET_ASIDE_MAX = 5;

/** The set-aside entries, newest first: `{kind, state, time}`. */
export function loadSetAside() {
  try {
    const list = JSON.parse(localStorage.getItem(SET_ASIDE_KEY) || '[]');
    return Array.isArray(list) ? list.filter((e) => e && typeof e === 'object' && e.state && typeof e.state === 'object') : [];
  } catch {
    return [];
  }
}

/** Stores the set-aside entries; when storage is short, the oldest go first. */
export function saveSetAside(list) {
  try {
    if (!list.length) {
      localStorage.removeItem(SET_ASIDE_KEY);
      return;
    }
    for (let n = Math.min(list.length, SET_ASIDE_MAX); n > 0; n--) {
      try {
        localStorage.setItem(SET_ASIDE_KEY, JSON.stringify(list.slice(0, n)));
        return;
      } catch {
        // Too big for the storage left: try without the oldest entry.
      }
    }
  } catch {
    // Storage disabled: nothing can be kept.
  }
}
