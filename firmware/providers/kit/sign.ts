// What the HMAC-SHA256 request signatures of the SigV4 family share (Aliyun ACS3, Huawei Cloud
// SDK-HMAC-SHA256, Tencent Cloud TC3): the canonical request, the signed Host, the times they
// want and a canonical query. Each scheme only adds its string to sign and its key.

import { hmacLib } from '../../core/hmac';
import { splitUrl, urlEncode } from '../../http/url';

/** A raw digest of a binary string. */
export type Hash = (data: string) => string;

// METHOD, URI, query, 'name:value' lines, signed names and the payload's hex SHA-256, each on
// its line; headers are [lowercase name, trimmed value] sorted by name.
export function canonicalRequest(sha: Hash, method: string, path: string, query: string, headers: string[][], body: string): string {
  var lines = '';
  var names: string[] = [];
  for (var i = 0; i < headers.length; i++) {
    lines += headers[i][0] + ':' + headers[i][1] + '\n';
    names.push(headers[i][0]);
  }
  return method + '\n' + path + '\n' + query + '\n' + lines + '\n' + names.join(';') + '\n' + hmacLib().toHex(sha(body));
}

// The names of the signed headers, as the Authorization header lists them.
export function signedNames(headers: string[][]): string {
  var names: string[] = [];
  for (var i = 0; i < headers.length; i++) names.push(headers[i][0]);
  return names.join(';');
}

// The Host a request to url carries (with its port when it is not the scheme's), which the
// signature covers; '' for a URL that cannot be split.
export function hostOf(url: string): string {
  var u = splitUrl(url);
  if (!u) return '';
  var host = u.host.indexOf(':') >= 0 ? '[' + u.host + ']' : u.host;
  if (u.port !== (u.protocol === 'https:' ? 443 : 80)) host += ':' + u.port;
  return host;
}

// Two digits.
function pad2(n: number): string { return n < 10 ? '0' + n : '' + n; }

// UTC time as '2026-01-02T03:04:05Z' (ext) or '20260102T030405Z' (basic).
export function isoTime(ms: number, basic: boolean): string {
  var d = new Date(ms);
  var s = d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) + 'T' +
    pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds()) + 'Z';
  return basic ? s.split('-').join('').split(':').join('') : s;
}

// A canonical query from name, value, name, value, ...: each part RFC 3986 encoded, sorted by name.
export function canonicalQuery(pairs: string[]): string {
  var out: string[] = [];
  for (var i = 0; i + 1 < pairs.length; i += 2) out.push(urlEncode(pairs[i]) + '=' + urlEncode(pairs[i + 1]));
  return out.sort().join('&');
}

// Lowercase hex HMAC-SHA256 (or the raw MAC when raw) of msg under key.
export function hmacHex(sha: Hash, key: string, msg: string, raw?: boolean): string {
  var h = hmacLib();
  var mac = h.hmac(sha, key, msg);
  return raw ? mac : h.toHex(mac);
}

// Lowercase hex SHA-256 of a text (the string to sign holds the canonical request's hash).
export function sha256Hex(sha: Hash, s: string): string {
  return hmacLib().toHex(sha(s));
}
