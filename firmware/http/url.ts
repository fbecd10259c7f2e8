// Update URLs: ddns-scripts' placeholders and encoding, the http->https upgrade, and splitting a
// URL into what Espruino's http.request takes (it cannot send user:pass@ URLs itself).
// Helpers sit inside the function using them: Espruino creates the function objects of a scope
// when the scope runs, so module-level helpers would hold variable blocks all the time.

import { b64encode } from '../core/base64';
import { parseIPv6 } from '../core/ip';
import { toUtf8Bytes, urlEncode } from '../core/text';
import { maskUrlPass } from '../core/mask';

export { toUtf8Bytes, urlEncode };

// Decodes %XX to bytes (a binary string); a '%' not followed by two hex digits stays as is.
// Credentials taken out of a URL are sent decoded in the Basic header.
export function percentDecode(s: string): string {
  // Value of a hex digit char code, or -1.
  function hexVal(c: number): number {
    if (c >= 48 && c <= 57) { return c - 48; }
    if (c >= 97 && c <= 102) { return c - 87; }
    if (c >= 65 && c <= 70) { return c - 55; }
    return -1;
  }

  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 37 && i + 2 < s.length) {
      const h = hexVal(s.charCodeAt(i + 1));
      const l = hexVal(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        out += String.fromCharCode(h * 16 + l);
        i += 3;
        continue;
      }
    }
    out += s.charAt(i);
    i++;
  }
  return out;
}

export interface TemplateValues {
  username?: string;
  password?: string;
  domain?: string;
  ip?: string;
  param_enc?: string;
  param_opt?: string;
}

// The placeholders ddns-scripts replaces in update_url, in its own order.
var PLACEHOLDERS = ['USERNAME', 'PASSWORD', 'PARAMENC', 'PARAMOPT', 'DOMAIN', 'IP'];

// Walks a template's [NAME] placeholders left to right: fn gets each known name and returns
// its text; the result is the template with them replaced. Other brackets (an IPv6 literal
// host '[2001:db8::1]') are kept. One pass, so a value that itself holds '[IP]' stays as is.
function eachPlaceholder(template: string, fn: (name: string) => string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('[', i);
    if (open < 0) { break; }
    const close = template.indexOf(']', open + 1);
    if (close < 0) { break; }
    const name = template.substring(open + 1, close);
    if (PLACEHOLDERS.indexOf(name) < 0) {
      out += template.substring(i, open + 1);
      i = open + 1;
    } else {
      out += template.substring(i, open) + fn(name);
      i = close + 1;
    }
  }
  return out + template.substring(i);
}

// Fills update_url as ddns-scripts' send_update does: [USERNAME] [PASSWORD] [PARAMENC]
// URL-encoded, [DOMAIN] [IP] [PARAMOPT] as is, missing values empty (sed in ddns-scripts would
// also replace a placeholder inside a value; this does not). With masked, the URL as the log
// shows it: '***' in place of [PASSWORD] and [PARAMENC] and of the password of a user:pass@
// written in the template. Masked by position: nothing is searched for in the filled text.
export function fillTemplate(template: string, v: TemplateValues, masked?: boolean): string {
  var url = eachPlaceholder(template, function (name) {
    if (name === 'USERNAME') { return urlEncode(v.username || ''); }
    if (name === 'PASSWORD' || name === 'PARAMENC') {
      return masked ? '***' : urlEncode((name === 'PASSWORD' ? v.password : v.param_enc) || '');
    }
    if (name === 'PARAMOPT') { return v.param_opt || ''; }
    if (name === 'DOMAIN') { return v.domain || ''; }
    return v.ip || '';
  });
  return masked ? maskUrlPass(url) : url;
}

// The placeholders a template uses, once each in order of appearance (['USERNAME', 'IP']):
// config validation asks for username/password/param_* only when the URL needs them.
export function placeholdersIn(template: string): string[] {
  const found: string[] = [];
  eachPlaceholder(template, function (name) {
    if (found.indexOf(name) < 0) { found.push(name); }
    return '';
  });
  return found;
}

// use_https: ddns-scripts rewrites a leading 'http:' to 'https:' (sed 's#^http:#https:#').
export function upgradeHttps(url: string): string {
  if (url.substring(0, 7).toLowerCase() === 'http://') { return 'https://' + url.substring(7); }
  return url;
}

export interface SplitUrl {
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
  path: string;
  user?: string;
  pass?: string;
}

// Splits an http(s) URL into the options Espruino's http.request needs. Credentials in
// 'user:pass@' are taken out and %-decoded (the caller sends them as Authorization: Basic,
// Espruino cannot). The authority ends at the first '/', '?' or '#'; inside it the LAST '@'
// splits credentials from host, so an unencoded '@' in a password still works. IPv6 literal
// hosts come back without brackets, canonical. Default ports 80/443, empty path '/', the
// '#fragment' is dropped (never sent). Returns null for anything else.
export function splitUrl(url: string): SplitUrl | null {
  // Port text to a number 1..65535, '' to the default, anything else to -1.
  function portOf(p: string, dflt: number): number {
    if (p === '') { return dflt; }
    if (p.length > 5) { return -1; }
    let v = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) { return -1; }
      v = v * 10 + (c - 48);
    }
    return v >= 1 && v <= 65535 ? v : -1;
  }

  // True when a host name has no char that cannot be in one (spaces, controls, '@[]\').
  function hostOk(h: string): boolean {
    if (h === '') { return false; }
    for (let i = 0; i < h.length; i++) {
      const c = h.charCodeAt(i);
      if (c <= 32 || c === 127 || c === 64 || c === 91 || c === 93 || c === 92) { return false; }
    }
    return true;
  }

  if (typeof url !== 'string') { return null; }
  const lower = url.substring(0, 8).toLowerCase();
  let protocol: 'http:' | 'https:';
  let rest: string;
  if (lower.substring(0, 7) === 'http://') {
    protocol = 'http:';
    rest = url.substring(7);
  } else if (lower === 'https://') {
    protocol = 'https:';
    rest = url.substring(8);
  } else {
    return null;
  }
  let end = rest.length;
  const seps = ['/', '?', '#'];
  for (let s = 0; s < seps.length; s++) {
    const k = rest.indexOf(seps[s]);
    if (k >= 0 && k < end) { end = k; }
  }
  let authority = rest.substring(0, end);
  let path = rest.substring(end);
  const hash = path.indexOf('#');
  if (hash >= 0) { path = path.substring(0, hash); }
  if (path === '' || path.charAt(0) !== '/') { path = '/' + path; }
  const out: SplitUrl = { protocol: protocol, host: '', port: protocol === 'https:' ? 443 : 80, path: path };
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const cred = authority.substring(0, at);
    authority = authority.substring(at + 1);
    const colon = cred.indexOf(':');
    out.user = percentDecode(colon >= 0 ? cred.substring(0, colon) : cred);
    out.pass = percentDecode(colon >= 0 ? cred.substring(colon + 1) : '');
  }
  let portText = '';
  if (authority.charAt(0) === '[') {
    const close = authority.indexOf(']');
    if (close < 0) { return null; }
    const v6 = parseIPv6(authority.substring(1, close));
    if (!v6) { return null; }
    out.host = v6;
    const after = authority.substring(close + 1);
    if (after !== '') {
      if (after.charAt(0) !== ':') { return null; }
      portText = after.substring(1);
    }
  } else {
    const pc = authority.indexOf(':');
    const host = pc >= 0 ? authority.substring(0, pc) : authority;
    if (!hostOk(host)) { return null; }
    out.host = host.toLowerCase();
    portText = pc >= 0 ? authority.substring(pc + 1) : '';
  }
  const port = portOf(portText, out.port);
  if (port < 0) { return null; }
  out.port = port;
  return out;
}

// The Authorization header value for HTTP Basic auth (RFC 7617): 'Basic ' + base64 of the
// UTF-8 bytes of user:pass. Used for credentials that splitUrl took out of the URL.
export function basicAuth(user: string, pass: string): string {
  const bytes = toUtf8Bytes((user || '') + ':' + (pass || ''));
  let bin = '';
  for (let i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
  return 'Basic ' + b64encode(bin);
}
