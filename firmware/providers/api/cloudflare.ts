// cloudflare.com-v4: Cloudflare API v4 the way ddns-scripts' update_cloudflare_com_v4.sh uses it:
// find the zone, find the A/AAAA record, PATCH its content. Only the content is sent, so proxied,
// TTL and comments stay as they are.
//
// Options:
//   username   'Bearer' to use an API token (password = the token, sent as Authorization:
//              Bearer), or the account e-mail for the global API key (X-Auth-Email/X-Auth-Key)
//   password   the API token or the global API key
//   domain     'host@zone.tld' as in ddns-scripts (the record host.zone.tld in zone zone.tld;
//              '@zone.tld' for the apex), or a plain name: then the zone is found by asking for
//              the name itself, then each shorter suffix of two labels or more (one request each)
//   param_opt  optional ids that skip lookups, as key=value pairs joined by '&' (',' and spaces
//              also separate): 'zone_id=ZID' or 'zone_id=ZID&dns_record_id=RID' (ddns-scripts'
//              keys; record_id is accepted for dns_record_id, which needs zone_id)
//   api_url    (our extension, for tests against a local fake) the API base URL, default
//              https://api.cloudflare.com/client/v4
// Requests per update: host@zone 2 + PATCH; zone_id 1 + PATCH; zone_id and dns_record_id 1 +
// PATCH. The PATCH is left out when the record already holds the address (answer 'nochg').
// Replies are read with a small scanner, not JSON.parse, so a body cut at maxBytes still gives
// the ids at its start and RAM holds only the few fields needed.

import { ApiContext, ApiResult } from '../types';
import { paramValue } from '../kit/params';
import { retryAfter } from '../kit/common';
import { Dict, ErrCode, HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { parseIPv6 } from '../../core/ip';

export interface CfReply {
  success: boolean;
  codes: number[];
  message: string;
  /** the result object, or the items of the result array: id, name, type, content only */
  items: Dict<string>[];
}

var BASE = 'https://api.cloudflare.com/client/v4';
var MAX_ITEMS = 8;
/** error codes Cloudflare sends for missing, malformed, unknown or insufficient credentials */
var AUTH_CODES = [1000, 6003, 6100, 6101, 6102, 6103, 6111, 9103, 9106, 9107, 9109, 10000];
/** error codes for an object id that does not exist ('could not route', 'record does not exist') */
var MISSING_CODES = [7000, 7003, 81044];

// Index just past the closing quote of the string whose text starts at start, or -1 when the
// text ends first (a cut body).
function strEnd(s: string, start: number): number {
  var i = start;
  for (;;) {
    var q = s.indexOf('"', i);
    if (q < 0) { return -1; }
    var k = q - 1;
    var n = 0;
    while (k >= start && s.charAt(k) === '\\') { n++; k--; }
    if (n % 2 === 0) { return q; }
    i = q + 1;
  }
}

// The text of a JSON string body with its escapes resolved.
function unescapeJson(s: string): string {
  if (s.indexOf('\\') < 0) { return s; }
  var out = '';
  for (var i = 0; i < s.length; i++) {
    var c = s.charAt(i);
    if (c !== '\\') { out += c; continue; }
    c = s.charAt(++i);
    if (c === 'u') {
      out += String.fromCharCode(parseInt(s.substr(i + 1, 4), 16) || 0);
      i += 4;
    } else {
      var k = 'bfnrt'.indexOf(c);
      out += k >= 0 ? '\b\f\n\r\t'.charAt(k) : c;
    }
  }
  return out;
}

// Calls visit(path, value) for every scalar of a JSON text. path holds the keys and array
// indexes from the root (['result', 0, 'id']) and is reused between calls; value is the text
// of a string or of a literal ('true', '12'). Stops quietly where a cut text ends.
export function scanJson(s: string, visit: (path: any[], value: string) => void): void {
  var path: any[] = [];
  var isArr: boolean[] = [];
  var wantKey = false;
  var i = 0;
  while (i < s.length) {
    var c = s.charAt(i);
    if (c === '"') {
      var end = strEnd(s, i + 1);
      if (end < 0) { return; }
      var text = unescapeJson(s.substring(i + 1, end));
      if (wantKey) {
        path[path.length - 1] = text;
        wantKey = false;
      } else {
        visit(path, text);
      }
      i = end + 1;
    } else if (c === '{' || c === '[') {
      isArr.push(c === '[');
      path.push(c === '[' ? 0 : '');
      wantKey = c === '{';
      i++;
    } else if (c === '}' || c === ']') {
      isArr.pop();
      path.pop();
      wantKey = false;
      i++;
    } else if (c === ',') {
      if (isArr.length > 0 && isArr[isArr.length - 1]) { path[path.length - 1]++; } else { wantKey = true; }
      i++;
    } else if (c === ':' || c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
    } else {
      var j = i;
      while (j < s.length && ',}] \n\r\t'.indexOf(s.charAt(j)) < 0) { j++; }
      if (j >= s.length) { return; }
      visit(path, s.substring(i, j));
      i = j;
    }
  }
}

// The parts of a Cloudflare envelope ({success, errors, messages, result, result_info}) the
// provider needs: success, every error code (error_chain included), the first message, and
// id/name/type/content of the result object or of each result item (up to MAX_ITEMS).
export function readReply(body: string): CfReply {
  var r: CfReply = { success: false, codes: [], message: '', items: [] };
  scanJson(body || '', function (p: any[], v: string) {
    var top = p[0];
    if (p.length === 1 && top === 'success') {
      r.success = v === 'true';
    } else if (top === 'errors') {
      var last = p[p.length - 1];
      if (last === 'code' && (p.length === 3 || p.length === 5)) { r.codes.push(parseInt(v, 10)); }
      if (last === 'message' && p.length === 3 && !r.message) { r.message = v; }
    } else if (top === 'result') {
      var list = typeof p[1] === 'number';
      var n = list ? p[1] : 0;
      var key = list ? (p.length === 3 ? p[2] : '') : (p.length === 2 ? p[1] : '');
      if (n >= MAX_ITEMS || (key !== 'id' && key !== 'name' && key !== 'type' && key !== 'content')) { return; }
      while (r.items.length <= n) { r.items.push({}); }
      r.items[n][key] = v;
    }
  });
  return r;
}


// True when any of codes is in set.
function anyIn(codes: number[], set: number[]): boolean {
  for (var i = 0; i < codes.length; i++) {
    if (set.indexOf(codes[i]) >= 0) { return true; }
  }
  return false;
}

// What a failed reply means for the policy, or null when the reply is a success. A 2xx body
// cut at maxBytes has lost 'success' (it comes after the result): then the result counts.
function failure(res: HttpResponse, rep: CfReply, what: string): ApiResult | null {
  var st = res.status;
  var text = what + ': HTTP ' + st + (rep.message ? ' ' + rep.message : '') +
    (rep.codes.length ? ' (' + rep.codes.join(',') + ')' : '');
  if (st === 429) {
    return { status: 429, retryAfter: retryAfter(res, 0) || undefined, text: text };
  }
  if (st >= 500) { return { status: st, text: text }; }
  if (st === 401 || st === 403 || anyIn(rep.codes, AUTH_CODES)) { return { word: 'badauth', status: st, text: text }; }
  if (st === 404 || anyIn(rep.codes, MISSING_CODES)) { return { word: 'nohost', status: st, text: text }; }
  if (st < 200 || st >= 300) { return { status: st, text: text }; }
  if (rep.success || (res.truncated && rep.items.length > 0)) { return null; }
  return { err: 'badanswer', text: text };
}

// True when the record's content is the address (IPv6 compared in canonical form).
function sameAddr(content: string, ip: string, v6: boolean): boolean {
  if (!v6) { return content === ip; }
  var a = parseIPv6(content);
  return a !== null && a === parseIPv6(ip);
}

// Lowercase, no trailing dot.
function canon(n: string): string {
  var s = (n || '').toLowerCase();
  return s.charAt(s.length - 1) === '.' ? s.substring(0, s.length - 1) : s;
}

// Zone names to try for a plain FQDN: the name, then each shorter suffix of two labels or more.
function suffixes(fqdn: string): string[] {
  var out: string[] = [];
  var labels = fqdn.split('.');
  for (var i = 0; i + 2 <= labels.length; i++) { out.push(labels.slice(i).join('.')); }
  return out;
}

// One update: zone id, record, compare, PATCH. Exactly one callback.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var user = o.username || '';
  if (!user || !o.password) {
    cb({ word: 'badauth', text: 'username (\'Bearer\' or the account e-mail) and password (token or key) are needed' });
    return;
  }
  var headers: Dict<string> = { 'User-Agent': ctx.userAgent };
  if (user === 'Bearer') {
    headers.Authorization = 'Bearer ' + o.password;
  } else {
    headers['X-Auth-Email'] = user;
    headers['X-Auth-Key'] = o.password;
  }
  var base = o.api_url || BASE;
  while (base.charAt(base.length - 1) === '/') { base = base.substring(0, base.length - 1); }
  var type = ctx.ipv6 ? 'AAAA' : 'A';
  var domain = o.domain || '';
  var at = domain.indexOf('@');
  var zoneName = canon(at >= 0 ? domain.substring(at + 1) : '');
  var fqdn = at >= 0 ? (at > 0 ? canon(domain.substring(0, at)) + '.' + zoneName : zoneName) : canon(domain);
  var zoneId = paramValue(o.param_opt, 'zone_id');
  var recId = paramValue(o.param_opt, 'dns_record_id') || paramValue(o.param_opt, 'record_id');
  if (fqdn.indexOf('.') < 0 || (at >= 0 && zoneName.indexOf('.') < 0)) {
    cb({ word: 'notfqdn', text: 'domain must be host@zone.tld or a full name' });
    return;
  }
  if (recId && !zoneId) { cb({ word: 'badsys', text: 'param_opt dns_record_id needs zone_id too' }); return; }

  // One API call; next gets the reply when it is a success, else the update ends here.
  var call = function (method: string, path: string, body: string | undefined, next: (rep: CfReply) => void) {
    var h: Dict<string> = {};
    for (var k in headers) { h[k] = headers[k]; }
    if (body !== undefined) { h['Content-Type'] = 'application/json'; }
    ctx.http.request({ url: base + path, method: method, headers: h, body: body, timeoutMs: 20000, maxBytes: 4096 },
      function (err: ErrCode | null, res?: HttpResponse) {
        if (err || !res) { cb({ err: err || 'noreply', text: method + ' ' + path + ': ' + (err || 'no reply') }); return; }
        var rep = readReply(res.body);
        var f = failure(res, rep, method + ' ' + path.split('?')[0]);
        if (f) { cb(f); } else { next(rep); }
      });
  };

  // Sends the new content only when it differs: Cloudflare counts every call, and a PATCH
  // that changes nothing still costs one.
  var patch = function (rec: Dict<string>) {
    if (sameAddr(rec.content || '', ctx.ip, ctx.ipv6)) {
      cb({ word: 'nochg', text: fqdn + ' ' + type + ' is already ' + ctx.ip });
      return;
    }
    call('PATCH', '/zones/' + zoneId + '/dns_records/' + rec.id, '{"content":"' + ctx.ip + '"}', function () {
      cb({ word: 'good', text: fqdn + ' ' + type + ' set to ' + ctx.ip });
    });
  };

  // The record to update: by its id when param_opt gives one (its content is needed for the
  // compare), else by type and name.
  var record = function () {
    if (recId) {
      call('GET', '/zones/' + zoneId + '/dns_records/' + recId, undefined, function (rep: CfReply) {
        var rec = rep.items[0];
        if (!rec || !rec.id) { cb({ err: 'badanswer', text: 'record ' + recId + ': no result' }); return; }
        if (rec.type && rec.type !== type) { cb({ word: 'nohost', text: 'record ' + recId + ' is ' + rec.type + ', not ' + type }); return; }
        patch(rec);
      });
      return;
    }
    call('GET', '/zones/' + zoneId + '/dns_records?type=' + type + '&name=' + urlEncode(fqdn), undefined,
      function (rep: CfReply) {
        var recs = rep.items.filter(function (r: Dict<string>) { return !!r.id; });
        if (recs.length === 0) { cb({ word: 'nohost', text: 'no ' + type + ' record ' + fqdn + ': create it first' }); return; }
        if (recs.length > 1) { ctx.log('cloudflare: ' + recs.length + ' ' + type + ' records for ' + fqdn + ', updating the first'); }
        ctx.log('cloudflare: ' + fqdn + ' ' + type + ' record id ' + recs[0].id + ' (param_opt dns_record_id= skips this lookup)');
        patch(recs[0]);
      });
  };

  // The zone id from the zone name, trying names[k], then the next (shorter) candidate.
  var findZone = function (names: string[], k: number) {
    call('GET', '/zones?name=' + urlEncode(names[k]), undefined, function (rep: CfReply) {
      for (var i = 0; i < rep.items.length; i++) {
        if (rep.items[i].id && canon(rep.items[i].name || '') === names[k]) {
          zoneId = rep.items[i].id;
          ctx.log('cloudflare: zone ' + names[k] + ' id ' + zoneId + ' (param_opt zone_id= skips this lookup)');
          record();
          return;
        }
      }
      if (k + 1 < names.length) { findZone(names, k + 1); return; }
      cb({ word: 'nohost', text: 'no zone for ' + fqdn + ' in this Cloudflare account' });
    });
  };

  if (zoneId) { record(); } else { findZone(zoneName ? [zoneName] : suffixes(fqdn), 0); }
}
