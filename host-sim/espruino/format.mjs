// How the board turns values into console text: print()/console.log (strings raw, the rest as
// pretty JSON, jswrap_functions.c), the REPL's "=value" echo (same JSON but unquoted keys and
// long arrays shortened, jsinteractive.c), and "Uncaught ..." lines (jsiCheckErrors).
// The layout follows jsfGetJSONWithCallback's JSON_PRETTY|JSON_SOME_NEWLINES rules: "{ " and
// " }", a line break before any value that is not a number/boolean/null/undefined and after
// it, and after every 4 items on a line.

import { ID, quote } from './jsonjs.mjs';

const INTEGERISH = /^-?\d+$/;
const ITEMS_ON_LINE = 4;
const LIMIT_AMOUNT = 15;
const LIMITED_AMOUNT = 5;
const LIMIT_TEXT = ' ... ';

function tag(v) {
  return Object.prototype.toString.call(v);
}

export function safeString(v) {
  try {
    return String(v);
  } catch {
    return tag(v);
  }
}

function needsNewLine(v) {
  return !(v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean');
}

function newLine(level) {
  return '\n' + '  '.repeat(level);
}

function json(v, opt, level, seen) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  const t = typeof v;
  if (t === 'string') return quote(v);
  if (t === 'number' || t === 'boolean') return String(v);
  if (t === 'function') {
    const src = Function.prototype.toString.call(v);
    return opt.limit && src.length > 100 ? 'function () {...}' : src;
  }
  if (tag(v) === '[object Error]' || tag(v) === '[object Date]') return safeString(v);
  if (seen.has(v)) return LIMIT_TEXT;
  seen.add(v);
  try {
    if (ArrayBuffer.isView(v) || tag(v) === '[object ArrayBuffer]') return typed(v, opt);
    if (Array.isArray(v)) return array(v, opt, level, seen);
    return object(v, opt, level, seen);
  } finally {
    seen.delete(v);
  }
}

function typed(v, opt) {
  const isBuffer = tag(v) === '[object ArrayBuffer]';
  const items = Array.from(isBuffer ? new Uint8Array(v) : v);
  const name = isBuffer ? 'Uint8Array' : tag(v).slice(8, -1);
  if (items.every((x) => x === 0)) return `new ${isBuffer ? 'ArrayBuffer' : name}(${items.length})`;
  const limited = opt.limit && items.length > LIMIT_AMOUNT;
  let out = `new ${name}([`;
  items.forEach((x, i) => {
    if (limited && i >= LIMITED_AMOUNT && i < items.length - LIMITED_AMOUNT) return;
    if (i > 0) out += ', ';
    if (limited && i === items.length - LIMITED_AMOUNT) out += LIMIT_TEXT;
    out += String(x);
  });
  return out + '])' + (isBuffer ? '.buffer' : '');
}

function array(v, opt, level, seen) {
  const limited = opt.limit && v.length > LIMIT_AMOUNT;
  let out = '[ ';
  let need = false;
  let first = true;
  for (let i = 0; i < v.length; i++) {
    if (limited && i >= LIMITED_AMOUNT && i < v.length - LIMITED_AMOUNT) continue;
    if (!first) out += ', ';
    first = false;
    if (limited && i === v.length - LIMITED_AMOUNT) out += LIMIT_TEXT;
    const item = v[i];
    const newNeeds = needsNewLine(item);
    if (need || newNeeds) out += newLine(level + 1);
    out += json(item, opt, level + 1, seen);
    need = newNeeds;
  }
  if (need) out += newLine(level);
  return out + ' ]';
}

function object(v, opt, level, seen) {
  let out = '{ ';
  let need = false;
  let first = true;
  let since = 0;
  for (const k of Object.keys(v)) {
    const item = v[k];
    since++;
    if (!first) out += ', ';
    const newNeeds = needsNewLine(item);
    if (since > ITEMS_ON_LINE) need = true;
    if (need || newNeeds) {
      out += newLine(level + 1);
      since = 0;
    }
    const bare = opt.dropQuotes && (INTEGERISH.test(k) || (k.length < 63 && ID.test(k)));
    out += (bare ? k : quote(k)) + ': ' + json(item, opt, level + 1, seen);
    first = false;
    need = newNeeds;
  }
  if (need) out += newLine(level);
  return out + ' }';
}

// print(a, b, ...): strings as they are, other values as JSON, joined by spaces.
export function formatPrint(args) {
  return args.map((a) => (typeof a === 'string' ? a : json(a, {}, 0, new Set()))).join(' ');
}

// The REPL result line, without the leading '='.
export function formatResult(value) {
  return json(value, { dropQuotes: true, limit: true }, 0, new Set());
}

// The text after "Uncaught ": errors through their (Espruino-style) toString, other values as
// jsvAsString would give them.
export function formatUncaught(value) {
  if (typeof value === 'string') return value;
  return safeString(value);
}
