// How the board turns values into console text: print()/console.log (strings raw, the rest as
// pretty JSON, jswrap_functions.c), the REPL's "=value" echo (same JSON but unquoted keys,
// jsinteractive.c), and "Uncaught ..." lines (jsiCheckErrors).

const ID = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const LINE = 60;

function isError(v) {
  return v !== null && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Error]';
}

function quote(s) {
  return JSON.stringify(s);
}

// A cut-down jsfPrintJSON: single line when short, two-space indented lines when long.
function json(value, dropQuotes, seen, indent) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  const t = typeof value;
  if (t === 'string') return quote(value);
  if (t === 'number' || t === 'boolean') return String(value);
  if (t === 'function') {
    const src = Function.prototype.toString.call(value);
    return src.length > 200 ? 'function () { ... }' : src;
  }
  if (isError(value)) return safeString(value);
  if (seen.has(value)) return '[...]';
  seen.add(value);
  let items;
  let open;
  let close;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    open = 'new ' + value.constructor.name + '([';
    close = '])';
    items = Array.from(value, String);
  } else if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') {
    open = 'new Uint8Array([';
    close = ']).buffer';
    items = Array.from(new Uint8Array(value), String);
  } else if (Array.isArray(value)) {
    open = '[';
    close = ']';
    items = value.map((v) => json(v, dropQuotes, seen, indent + '  '));
  } else if (Object.prototype.toString.call(value) === '[object Date]') {
    seen.delete(value);
    return safeString(value);
  } else {
    open = '{';
    close = '}';
    items = Object.keys(value).map((k) => {
      const key = dropQuotes && ID.test(k) ? k : quote(k);
      return key + ': ' + json(value[k], dropQuotes, seen, indent + '  ');
    });
  }
  seen.delete(value);
  if (!items.length) return open.endsWith('[') || open === '{' ? open + close : open + close;
  const flat = `${open} ${items.join(', ')} ${close}`;
  if (flat.length <= LINE && !flat.includes('\n')) return flat;
  const inner = indent + '  ';
  return `${open}\n${inner}${items.join(',\n' + inner)}\n${indent}${close}`;
}

export function safeString(v) {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

// print(a, b, ...): strings as they are, other values as JSON, joined by spaces.
export function formatPrint(args) {
  return args.map((a) => (typeof a === 'string' ? a : json(a, false, new Set(), ''))).join(' ');
}

// The REPL result line, without the leading '='.
export function formatResult(value) {
  return json(value, true, new Set(), '');
}

// The text after "Uncaught ": errors through their (Espruino-style) toString, other values as
// jsvAsString would give them.
export function formatUncaught(value) {
  if (typeof value === 'string') return value;
  return safeString(value);
}
