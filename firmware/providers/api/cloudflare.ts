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
// Error codes as text, so that the module keeps one string rather than an array of numbers:
// missing, malformed, unknown or insufficient credentials; an object id that does not exist
// ('could not route', 'record does not exist').
var AUTH_CODES = ',1000,6003,6100,6101,6102,6103,6111,9103,9106,9107,9109,10000,';
var MISSING_CODES = ',7000,7003,81044,';

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


// True when any of codes is in the list (',code,code,').
function anyIn(codes: number[], list: string): boolean {
  for (var i = 0; i < codes.length; i++) {
    if (list.indexOf(',' + codes[i] + ',') >= 0) { return true; }
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

/**
 * One update in progress: what its steps share, passed from step to step (the steps are the
 * module's own functions, not closures made per update).
 */
interface Job {
  ctx: ApiContext;
  cb: (res: ApiResult) => void;
  /** the credentials' headers */
  auth: Dict<string>;
  base: string;
  /** 'A' or 'AAAA' */
  type: string;
  fqdn: string;
  zoneId: string;
  /** the record id param_opt gives, or '' */
  recId: string;
  /** zone names still to try, the next first */
  names: string[];
}

// One API call; next(J, rep) gets the reply when it is a success, else the update ends here.
// next runs on a tick of its own, so this reply and its request are let go before the next
// request is made. A reply is read to its first KB: what is needed comes first (a zone's or a
// record's id, name, type and content open its object; an error reply is short), and a zone's
// whole object is over 1 KB (readReply reads a cut body).
function call(J: Job, method: string, path: string, body: string | undefined, next: (J: Job, rep: CfReply) => void) {
  var h: Dict<string> = {};
  for (var k in J.auth) { h[k] = J.auth[k]; }
  h['User-Agent'] = J.ctx.userAgent;
  if (body !== undefined) { h['Content-Type'] = 'application/json'; }
  J.ctx.http.request({ url: J.base + path, method: method, headers: h, body: body, timeoutMs: 20000, maxBytes: 1024 },
    function (err: ErrCode | null, res?: HttpResponse) {
      if (err || !res) { J.cb({ err: err || 'noreply', text: method + ' ' + path + ': ' + (err || 'no reply') }); return; }
      var rep = readReply(res.body);
      var f = failure(res, rep, method + ' ' + path.split('?')[0]);
      if (f) { J.cb(f); } else { J.ctx.clock.setTimeout(next, 0, J, rep); }
    });
}

// Sends the new content only when it differs: Cloudflare counts every call, and a PATCH
// that changes nothing still costs one.
function patch(J: Job, rec: Dict<string>) {
  var ip = J.ctx.ip;
  if (sameAddr(rec.content || '', ip, J.ctx.ipv6)) {
    J.cb({ word: 'nochg', text: J.fqdn + ' ' + J.type + ' is already ' + ip });
    return;
  }
  call(J, 'PATCH', '/zones/' + J.zoneId + '/dns_records/' + rec.id, '{"content":"' + ip + '"}', patched);
}

// The PATCH went through.
function patched(J: Job) {
  J.cb({ word: 'good', text: J.fqdn + ' ' + J.type + ' set to ' + J.ctx.ip });
}

// The record to update: by its id when param_opt gives one (its content is needed for the
// compare), else by type and name.
function record(J: Job) {
  var path = '/zones/' + J.zoneId + '/dns_records';
  call(J, 'GET', J.recId ? path + '/' + J.recId : path + '?type=' + J.type + '&name=' + urlEncode(J.fqdn), undefined,
    gotRecord);
}

// The record read by its id (the result is one object), or the first of those found by type and
// name (a list).
function gotRecord(J: Job, rep: CfReply) {
  var recs = rep.items.filter(function (r: Dict<string>) { return !!r.id; });
  var rec = recs[0];
  var what = J.recId ? 'record ' + J.recId : J.type + ' record ' + J.fqdn;
  if (!rec && J.recId) { J.cb({ err: 'badanswer', text: what + ': no result' }); return; }
  if (!rec) { J.cb({ word: 'nohost', text: 'no ' + what + ': create it first' }); return; }
  if (rec.type && rec.type !== J.type) { J.cb({ word: 'nohost', text: what + ' is ' + rec.type + ', not ' + J.type }); return; }
  if (!J.recId) {
    if (recs.length > 1) { J.ctx.log('cloudflare: more than one ' + what + ', updating the first'); }
    J.ctx.log('cloudflare: ' + what + ' has id ' + rec.id + ' (param_opt dns_record_id= skips this lookup)');
  }
  patch(J, rec);
}

// The zone id from the zone name, trying each of J.names in turn.
function findZone(J: Job) {
  call(J, 'GET', '/zones?name=' + urlEncode(J.names[0]), undefined, foundZones);
}

// The zone whose name is the one asked for, or the next name to try.
function foundZones(J: Job, rep: CfReply) {
  var name = J.names.shift() as string;
  for (var i = 0; i < rep.items.length; i++) {
    if (rep.items[i].id && canon(rep.items[i].name || '') === name) {
      J.zoneId = rep.items[i].id;
      J.ctx.log('cloudflare: zone ' + name + ' id ' + J.zoneId + ' (param_opt zone_id= skips this lookup)');
      record(J);
      return;
    }
  }
  if (J.names.length) { findZone(J); return; }
  J.cb({ word: 'nohost', text: 'no zone for ' + J.fqdn + ' in this Cloudflare account' });
}

// One update: zone id, record, compare, PATCH. Exactly one callback.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var user = o.username || '';
  if (!user || !o.password) {
    cb({ word: 'badauth', text: 'username (\'Bearer\' or the account e-mail) and password (token or key) are needed' });
    return;
  }
  var auth: Dict<string> = user === 'Bearer' ? { Authorization: 'Bearer ' + o.password } :
    { 'X-Auth-Email': user, 'X-Auth-Key': o.password };
  var base = o.api_url || BASE;
  while (base.charAt(base.length - 1) === '/') { base = base.substring(0, base.length - 1); }
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
  var J: Job = { ctx: ctx, cb: cb, auth: auth, base: base, type: ctx.ipv6 ? 'AAAA' : 'A', fqdn: fqdn, zoneId: zoneId,
    recId: recId, names: zoneId ? [] : zoneName ? [zoneName] : suffixes(fqdn) };
  // the first request on a tick of its own too: this setup and the caller's are let go first
  ctx.clock.setTimeout(zoneId ? record : findZone, 0, J);
}
