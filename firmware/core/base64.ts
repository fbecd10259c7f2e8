// Base64 (RFC 4648) over binary strings: one char per byte, 0..255, which is how Espruino
// holds bytes. Core cannot reach btoa/atob (globals), so this is its own small codec.

// Encodes a binary string (Authorization: Basic, API signatures). Chars above 0xFF are taken
// modulo 256: UTF-8 encode text first (url.ts toUtf8Bytes does).
export function b64encode(bin: string): string {
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  let out = '';
  const n = bin.length;
  let i = 0;
  while (i + 2 < n) {
    const v = ((bin.charCodeAt(i) & 255) << 16) | ((bin.charCodeAt(i + 1) & 255) << 8) |
      (bin.charCodeAt(i + 2) & 255);
    out += ALPHABET.charAt((v >> 18) & 63) + ALPHABET.charAt((v >> 12) & 63) +
      ALPHABET.charAt((v >> 6) & 63) + ALPHABET.charAt(v & 63);
    i += 3;
  }
  if (n - i === 1) {
    const v1 = (bin.charCodeAt(i) & 255) << 16;
    out += ALPHABET.charAt((v1 >> 18) & 63) + ALPHABET.charAt((v1 >> 12) & 63) + '==';
  } else if (n - i === 2) {
    const v2 = ((bin.charCodeAt(i) & 255) << 16) | ((bin.charCodeAt(i + 1) & 255) << 8);
    out += ALPHABET.charAt((v2 >> 18) & 63) + ALPHABET.charAt((v2 >> 12) & 63) +
      ALPHABET.charAt((v2 >> 6) & 63) + '=';
  }
  return out;
}

// Decodes base64 (standard or URL-safe, padding optional, whitespace ignored) to a binary
// string, so a masked log can look inside 'Basic ' tokens and providers can read tokens.
// Returns null for anything that is not base64 (a bad char, a lone trailing digit).
export function b64decode(str: string): string | null {
  // Value of one base64 digit, or -1. Accepts the URL-safe digits '-' and '_' as well.
  function digitValue(c: number): number {
    if (c >= 65 && c <= 90) { return c - 65; }
    if (c >= 97 && c <= 122) { return c - 71; }
    if (c >= 48 && c <= 57) { return c + 4; }
    if (c === 43 || c === 45) { return 62; }
    if (c === 47 || c === 95) { return 63; }
    return -1;
  }

  let out = '';
  let acc = 0;
  let bits = 0;
  let pad = 0;
  let count = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) { continue; }
    if (c === 61) { pad++; continue; }
    if (pad > 0) { return null; }
    const d = digitValue(c);
    if (d < 0) { return null; }
    count++;
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  if (count % 4 === 1 || pad > 2) { return null; }
  if (pad > 0 && (count + pad) % 4 !== 0) { return null; }
  return out;
}
