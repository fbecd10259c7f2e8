// Secrets never leave the device in clear. Two nets, in this order:
// 1. By position, where the firmware builds the text itself: the update URL is logged filled a
//    second time with '***' for [PASSWORD] and [PARAMENC] (http/url.ts fillTemplate), and the
//    password of a user:pass@ URL or proxy is cut out by its place (maskUrlPass), before any
//    message shortens the value. Nothing is searched for, so nothing can be learnt from it.
// 2. By value, as the last net for text the firmware does not build (a provider's reply, an
//    error): every log line, console print, syslog message and MQTT payload goes through
//    maskSecrets. A secret can show up raw, URL-encoded or base64-encoded, so all are masked.
//    Searching by value is an oracle: '***word' tells that the password is 'pass', and a
//    password '10' would turn 10.0.0.1 into ***.0.0.1. So a secret under MIN_SECRET (8) chars
//    is NOT searched for in free text (the validator warns loudly about such a secret); an
//    8-char secret of digits cannot sit inside a dotted IPv4 address (octets have 3 digits).

import { urlEncode, utf8 } from './text';
import { b64encode, b64decode } from './base64';
import { indexOfStr } from './text';

export var MIN_SECRET = 8;

// The text with the password of every 'scheme://user:pass@host/...' or 'user:pass@host:port'
// word replaced by '***', found by its place as splitUrl reads it: the authority ends at the
// first '/', '?' or '#', the last '@' in it ends the credentials, the first ':' starts the
// password. A placeholder ('[PASSWORD]') is kept: it is no secret.
export function maskUrlPass(text: string): string {
  if (typeof text !== 'string' || text.indexOf('@') < 0) return text;
  var words = text.split(' ');
  for (var w = 0; w < words.length; w++) {
    var s = words[w];
    var k = indexOfStr(s, '://', 0);
    var from = k < 0 ? 0 : k + 3;
    var at = -1;
    for (var i = from; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c === 47 || c === 63 || c === 35) break;
      if (c === 64) at = i;
    }
    var colon = s.indexOf(':', from);
    if (at < 0 || colon < 0 || colon >= at - 1) continue;
    if (s.charAt(colon + 1) === '[' && s.charAt(at - 1) === ']') continue;
    words[w] = s.substring(0, colon + 1) + '***' + s.substring(at);
  }
  return words.join(' ');
}

// Replaces each secret of MIN_SECRET chars or more in a line, in any of the forms it travels in
// (raw, URL-encoded with upper or lower hex, base64 alone) with '***'; shorter secrets are not
// searched for (see above). The token after 'Basic ' is masked by its place whenever it
// decodes to user:pass, whatever the secrets.
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

  // True for base64 token chars (standard and URL-safe alphabet, '=').
  function isB64Char(c: number): boolean {
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ||
      c === 43 || c === 47 || c === 61 || c === 45 || c === 95;
  }

  // Masks the token after each 'Basic ' (any case) that decodes to credentials ('user:pass') or
  // holds one of the secrets: base64 of 'user:pass' does not contain base64 of 'pass'.
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
          hit = dec.indexOf(':') >= 0;
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

  if (typeof line !== 'string') { return line; }
  const raw: string[] = [];
  for (let i = 0; secrets && i < secrets.length; i++) {
    const s = secrets[i];
    if (s === undefined || s === null || String(s).length < MIN_SECRET) { continue; }
    raw.push(String(s));
  }
  const forms: string[] = [];
  const bins: string[] = [];
  for (let j = 0; j < raw.length; j++) {
    const bin = utf8(raw[j]);
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
