// Text helpers without RegExp (Espruino's is tiny): a substring search that is right on
// Espruino, ddns-scripts' answer check, UTF-8 bytes and ddns-scripts' urlencode.
//
// The answer check: after an update ddns-scripts runs grep -i -E "$UPD_ANSWER" on the
// reply. Provider answers are plain words joined by '|' ('good|nochg', 'OK|NOERROR'), so this
// is a case-insensitive substring test per alternative, with no RegExp (Espruino's is tiny).

// Index of needle in hay from 'from', or -1. Espruino's String indexOf (and replace) report a
// match when only a prefix of the needle meets the end of the string ('abc'.indexOf('cd') is
// 2 on 2v29), so any search for more than one char goes through here.
export function indexOfStr(hay: string, needle: string, from?: number): number {
  const k = hay.indexOf(needle, from || 0);
  return k >= 0 && k + needle.length <= hay.length ? k : -1;
}

// True when the reply body contains any '|'-separated alternative of expected, ignoring case.
// An empty expected always matches (ddns-scripts skips the check); empty alternatives
// ('good|') are ignored instead of matching everything as grep would.
// The body is lowercased a window at a time (each overlapping the next by the longest
// alternative less one char), not whole: a 1 KB answer copied whole took about 75 variable
// blocks while an update's answer was judged.
export function matchesAnswer(body: string, expected: string): boolean {
  if (!expected) { return true; }
  const alts = expected.toLowerCase().split('|');
  let longest = 0;
  for (let i = 0; i < alts.length; i++) if (alts[i].length > longest) longest = alts[i].length;
  if (!longest) { return true; }
  const text = body || '';
  for (let at = 0; at === 0 || at < text.length; at += 128) {
    const piece = text.substring(at, at + 128 + longest - 1).toLowerCase();
    for (let k = 0; k < alts.length; k++) {
      if (alts[k] !== '' && indexOfStr(piece, alts[k]) >= 0) { return true; }
    }
  }
  return false;
}

// The UTF-8 bytes of a string. On the board, text read from Storage is already UTF-8 bytes
// (8-bit strings); on a PC it is Unicode. A string that already is valid UTF-8 bytes is taken
// as bytes, anything else is encoded, so both give the same bytes and nothing is encoded twice.
export function toUtf8Bytes(s: string): number[] {
  // Length of the UTF-8 sequence starting at i in a string of bytes (chars <= 0xFF), or 0.
  function utf8SeqLen(s: string, i: number): number {
    const c = s.charCodeAt(i);
    let len = 0;
    if (c >= 0xc2 && c <= 0xdf) { len = 2; } else if (c >= 0xe0 && c <= 0xef) { len = 3; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; }
    if (len === 0 || i + len > s.length) { return 0; }
    for (let k = 1; k < len; k++) {
      const d = s.charCodeAt(i + k);
      if (d < 0x80 || d > 0xbf) { return 0; }
    }
    return len;
  }

  // True when every char is a byte and the bytes above 0x7F form valid UTF-8.
  function isUtf8Bytes(s: string): boolean {
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c > 0xff) { return false; }
      if (c < 0x80) { i++; continue; }
      const len = utf8SeqLen(s, i);
      if (len === 0) { return false; }
      i += len;
    }
    return true;
  }

  const out: number[] = [];
  if (isUtf8Bytes(s)) {
    for (let i = 0; i < s.length; i++) { out.push(s.charCodeAt(i)); }
    return out;
  }
  for (let j = 0; j < s.length; j++) {
    let c = s.charCodeAt(j);
    if (c >= 0xd800 && c <= 0xdbff && j + 1 < s.length) {
      const lo = s.charCodeAt(j + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        j++;
      }
    }
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    } else if (c < 0x10000) {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else {
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
  }
  return out;
}

/** The UTF-8 bytes of a string as a string of bytes: an ASCII string is itself (nothing is made:
 *  the log masks every line with this, see mask.ts), anything else as toUtf8Bytes gives them. */
export function utf8(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) < 0x80) { i++; }
  if (i === s.length) { return s; }
  const bytes = toUtf8Bytes(s);
  let out = '';
  for (let j = 0; j < bytes.length; j++) { out += String.fromCharCode(bytes[j]); }
  return out;
}

// ddns-scripts' urlencode for username, password and param_enc: every byte except
// A-Z a-z 0-9 - _ . ~ becomes %XX. Uppercase hex (RFC 3986 section 2.1; ddns-scripts' awk
// prints lowercase, servers read both). Non-ASCII text is sent as its UTF-8 bytes.
export function urlEncode(s: string): string {
  var HEX = '0123456789ABCDEF';

  if (s === undefined || s === null) { return ''; }
  const bytes = utf8(String(s));
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    const keep = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ||
      c === 45 || c === 95 || c === 46 || c === 126;
    out += keep ? String.fromCharCode(c) : '%' + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
  }
  return out;
}
