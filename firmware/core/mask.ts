// Secrets never leave the device in clear: every log line, console print, syslog message and
// MQTT payload goes through maskSecrets. A secret can show up raw, URL-encoded (in the update
// URL) or base64-encoded (inside an Authorization: Basic header), so all three are masked.

import { urlEncode, toUtf8Bytes } from './text';
import { b64encode, b64decode } from './base64';
import { indexOfStr } from './text';

// Replaces each non-empty secret in a line, in any of the forms it travels in (raw,
// URL-encoded with upper or lower hex, base64 alone, base64 of user:pass after 'Basic '),
// with '***'. Even one-char secrets are masked: a mangled log beats a leaked password.
export function maskSecrets(line: string, secrets: string[]): string {
  var MASK = '***';

  // Espruino 2v29's split returns [] when the separator is longer than the string (and its indexOf
  // can match past the end), so scan with indexOfStr instead.
  function replaceAll(s: string, find: string, rep: string): string {
    if (!find || find.length > s.length) return s;
    var out = '';
    var from = 0;
    var at = indexOfStr(s, find, 0);
    while (at >= 0) {
      out += s.substring(from, at) + rep;
      from = at + find.length;
      at = indexOfStr(s, find, from);
    }
    return out + s.substring(from);
  }

  // ddns-scripts' urlencode prints lowercase hex: the same encoding with %xx lowercased.
  function lowerHex(enc: string): string {
    let out = '';
    let i = 0;
    while (i < enc.length) {
      if (enc.charAt(i) === '%' && i + 2 < enc.length) {
        out += '%' + enc.substring(i + 1, i + 3).toLowerCase();
        i += 3;
      } else {
        out += enc.charAt(i);
        i++;
      }
    }
    return out;
  }

  // A string of bytes from a byte array.
  function binOf(bytes: number[]): string {
    let s = '';
    for (let i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return s;
  }

  // True for base64 token chars (standard and URL-safe alphabet, '=').
  function isB64Char(c: number): boolean {
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ||
      c === 43 || c === 47 || c === 61 || c === 45 || c === 95;
  }

  // Masks the token after each 'Basic ' (any case) whose decoded text holds one of the secrets:
  // base64 of 'user:pass' does not contain base64 of 'pass', so the token is decoded to check.
  function maskBasic(line: string, secrets: string[]): string {
    const lower = line.toLowerCase();
    let out = '';
    let from = 0;
    let k = indexOfStr(lower, 'basic ', 0);
    while (k >= 0) {
      let start = k + 6;
      while (start < line.length && line.charCodeAt(start) === 32) { start++; }
      let end = start;
      while (end < line.length && isB64Char(line.charCodeAt(end))) { end++; }
      let hit = false;
      if (end > start) {
        const dec = b64decode(line.substring(start, end));
        if (dec !== null) {
          for (let i = 0; i < secrets.length && !hit; i++) {
            if (indexOfStr(dec, secrets[i]) >= 0) { hit = true; }
          }
        }
      }
      if (hit) {
        out += line.substring(from, start) + MASK;
        from = end;
      }
      k = indexOfStr(lower, 'basic ', end > k + 6 ? end : k + 6);
    }
    return out + line.substring(from);
  }

  if (typeof line !== 'string' || !secrets || secrets.length === 0) { return line; }
  const raw: string[] = [];
  for (let i = 0; i < secrets.length; i++) {
    const s = secrets[i];
    if (s === undefined || s === null || s === '') { continue; }
    raw.push(String(s));
  }
  if (raw.length === 0) { return line; }
  const forms: string[] = [];
  const bins: string[] = [];
  for (let j = 0; j < raw.length; j++) {
    const bin = binOf(toUtf8Bytes(raw[j]));
    const enc = urlEncode(raw[j]);
    const cand = [raw[j], bin, enc, lowerHex(enc), b64encode(bin)];
    for (let c = 0; c < cand.length; c++) {
      if (cand[c] !== '' && forms.indexOf(cand[c]) < 0) { forms.push(cand[c]); }
    }
    bins.push(bin);
    if (bin !== raw[j]) { bins.push(raw[j]); }
  }
  let out = maskBasic(line, bins);
  forms.sort(function (a: string, b: string): number { return b.length - a.length; });
  for (let f = 0; f < forms.length; f++) {
    out = replaceAll(out, forms[f], MASK);
  }
  return out;
}
