// Conversions between the board's 8-bit strings and bytes. Espruino strings on the ESP32 hold
// one byte per character, so the host side always uses latin1 ('binary') to cross over.

export function strToBuf(s) {
  return Buffer.from(String(s), 'latin1');
}

export function bufToStr(b) {
  return Buffer.from(b.buffer ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : b).toString('latin1');
}

function tag(v) {
  return Object.prototype.toString.call(v);
}

export function isArrayBuffer(v) {
  return tag(v) === '[object ArrayBuffer]';
}

export function isView(v) {
  return ArrayBuffer.isView(v);
}

// The raw bytes of data given to write()-like calls (JSV_GET_AS_CHAR_ARRAY): strings byte per
// char, arrays element per byte, typed arrays and ArrayBuffers their memory, else String(v).
export function dataToBuf(v) {
  if (typeof v === 'string') return strToBuf(v);
  if (isArrayBuffer(v)) return Buffer.from(new Uint8Array(v));
  if (isView(v)) return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (Array.isArray(v)) return Buffer.from(v.map((x) => Number(x) & 255));
  return strToBuf(String(v));
}

// E.toString / E.toUint8Array argument flattening (jswrap_espruino.c): strings and arrays
// element by element, {data, count} repeated, {callback} called, anything else one byte.
export function flattenArgs(args, callFn) {
  const out = [];
  const add = (v) => {
    if (typeof v === 'string') {
      for (let i = 0; i < v.length; i++) out.push(v.charCodeAt(i) & 255);
    } else if (Array.isArray(v) || isView(v)) {
      for (let i = 0; i < v.length; i++) add(v[i]);
    } else if (isArrayBuffer(v)) {
      for (const b of new Uint8Array(v)) out.push(b);
    } else if (v !== null && typeof v === 'object') {
      if ('callback' in v) add(callFn(v.callback));
      else if ('data' in v) {
        const n = Number(v.count) || 1;
        for (let i = 0; i < n; i++) add(v.data);
      }
    } else if (v !== undefined) {
      out.push(Number(v) & 255);
    }
  };
  for (const a of args) add(a);
  return out;
}
