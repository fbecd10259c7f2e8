// The JS-style JSON that Storage.writeJSON writes (unquoted identifier keys, \xXX escapes,
// functions and undefined dropped, typed arrays as arrays; jswrap_storage.c) and the liberal
// parser Storage.readJSON uses to read it back. JSON.parse cannot read such files, on the
// board or here.

// A key that may be written without quotes.
export const ID = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// A double-quoted string with C-style escapes (\xXX below 32 and from 127 to 255, \uXXXX above),
// the board's one string escaping: Storage.writeJSON and the console's JSON use it alike.
export function quote(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 32 || (c >= 127 && c < 256)) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c >= 256) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export function stringifyJS(value) {
  const seen = new Set();
  const walk = (v) => {
    if (v && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON();
    if (v === null) return 'null';
    if (typeof v === 'string') return quote(v);
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v !== 'object') return undefined;
    if (seen.has(v)) return 'null';
    seen.add(v);
    let out;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      out = '[' + Array.from(v, (x) => walk(x) ?? 'null').join(',') + ']';
    } else if (Object.prototype.toString.call(v) === '[object ArrayBuffer]') {
      out = '[' + Array.from(new Uint8Array(v)).join(',') + ']';
    } else {
      const parts = [];
      for (const k of Object.keys(v)) {
        const w = walk(v[k]);
        if (w !== undefined) parts.push((ID.test(k) ? k : quote(k)) + ':' + w);
      }
      out = '{' + parts.join(',') + '}';
    }
    seen.delete(v);
    return out;
  };
  return walk(value) ?? 'undefined';
}

// Accepts standard JSON plus unquoted keys, single quotes and \xXX escapes. Returns host
// values; throws SyntaxError-like Errors with Espruino-ish messages.
export function parseLiberal(text) {
  let i = 0;
  const fail = (msg) => {
    throw new Error(msg || `Got ${JSON.stringify(text[i] ?? 'EOF')} expected JSON value`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const string = () => {
    const q = text[i++];
    let out = '';
    while (i < text.length && text[i] !== q) {
      let ch = text[i++];
      if (ch === '\\') {
        const e = text[i++];
        if (e === 'n') ch = '\n';
        else if (e === 'r') ch = '\r';
        else if (e === 't') ch = '\t';
        else if (e === 'b') ch = '\b';
        else if (e === 'f') ch = '\f';
        else if (e === 'v') ch = '\v';
        else if (e === '0') ch = '\0';
        else if (e === 'x') { ch = String.fromCharCode(parseInt(text.substr(i, 2), 16)); i += 2; }
        else if (e === 'u') { ch = String.fromCharCode(parseInt(text.substr(i, 4), 16)); i += 4; }
        else ch = e;
      }
      out += ch;
    }
    if (text[i] !== q) fail('Unterminated string');
    i++;
    return out;
  };
  const value = () => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const o = {};
      ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws();
        let key;
        if (text[i] === '"' || text[i] === "'") key = string();
        else {
          const m = /^[A-Za-z0-9_$]+/.exec(text.slice(i));
          if (!m) fail();
          key = m[0];
          i += key.length;
        }
        ws();
        if (text[i++] !== ':') fail("Expected ':'");
        o[key] = value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return o; }
        fail();
      }
    }
    if (ch === '[') {
      i++;
      const a = [];
      ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return a; }
        fail();
      }
    }
    if (ch === '"' || ch === "'") return string();
    const m = /^(-?[0-9.]+([eE][+-]?[0-9]+)?|true|false|null|undefined|NaN|-?Infinity)/.exec(text.slice(i));
    if (!m) fail();
    i += m[0].length;
    const t = m[0];
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    if (t === 'undefined') return undefined;
    return Number(t);
  };
  const v = value();
  ws();
  if (i < text.length) fail();
  return v;
}
