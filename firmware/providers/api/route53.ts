// Amazon Route 53 (REST API 2013-04-01, AWS Signature Version 4), as ddns-scripts'
// update_route53_v1.sh configures it:
//   username     the access key id, password  the secret access key
//   domain       the hosted zone id (Z0123...), and lookup_host the name to update
//   param_enc / param_opt  (our addition) the hosted zone id: then domain may be the name
// A signed GET of ListResourceRecordSets (name, type, maxitems=1) reads the record; only when
// it is not exactly the current address does a signed POST of ChangeResourceRecordSets UPSERT
// it (keeping its TTL, 300 for a new one). Replies are XML: the few tags needed are scanned
// for, nothing is parsed as a tree. Signatures need the wall clock: with the clock not set
// nothing is sent.

import { HttpResponse } from '../../core/ports';
import { hmacLib } from '../../core/hmac';
import { indexOfStr } from '../../core/text';
import { splitUrl, urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, sameIp, failure, netError, unreadable } from '../kit/common';

type Hash = (data: string) => string;

/** What one SigV4 signature covers. headers: [lowercase name, value], sorted by name. */
export interface SignInput {
  sha256: Hash;
  method: string;
  path: string;
  query: string;
  headers: string[][];
  body: string;
  amzDate: string;
  accessKey: string;
  secret: string;
  region: string;
  service: string;
}

var hm = hmacLib();
var hmac = hm.hmac, toHex = hm.toHex;

var BASE = 'https://route53.amazonaws.com';
var XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

// Two digits, for the date stamp.
function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

// SigV4's time stamp (20150830T123600Z) from epoch ms, by calendar arithmetic: Espruino's Date
// has no Date.UTC, and the board's clock is UTC anyway.
export function amzDate(ms: number): string {
  var s = Math.floor(ms / 1000);
  var days = Math.floor(s / 86400);
  var t = s - days * 86400;
  var z = days + 719468;
  var era = Math.floor(z / 146097);
  var doe = z - era * 146097;
  var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  var mp = Math.floor((5 * doy + 2) / 153);
  var d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  var m = mp < 10 ? mp + 3 : mp - 9;
  var y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y + pad2(m) + pad2(d) + 'T' + pad2(Math.floor(t / 3600)) + pad2(Math.floor(t / 60) % 60) + pad2(t % 60) + 'Z';
}

// SigV4 signing key: HMAC chain over date, region, service and 'aws4_request' (raw bytes).
export function signingKey(h: Hash, secret: string, date: string, region: string, service: string): string {
  var k = hmac(h, 'AWS4' + secret, date);
  k = hmac(h, k, region);
  k = hmac(h, k, service);
  return hmac(h, k, 'aws4_request');
}

// The Authorization header of a SigV4 request (canonical request, string to sign, signature).
export function authorization(s: SignInput): string {
  var canon = '';
  var names = '';
  for (var i = 0; i < s.headers.length; i++) {
    canon += s.headers[i][0] + ':' + s.headers[i][1] + '\n';
    names += (i ? ';' : '') + s.headers[i][0];
  }
  var creq = s.method + '\n' + s.path + '\n' + s.query + '\n' + canon + '\n' + names + '\n' + toHex(s.sha256(s.body));
  var scope = s.amzDate.substring(0, 8) + '/' + s.region + '/' + s.service + '/aws4_request';
  var sts = 'AWS4-HMAC-SHA256\n' + s.amzDate + '\n' + scope + '\n' + toHex(s.sha256(creq));
  var key = signingKey(s.sha256, s.secret, s.amzDate.substring(0, 8), s.region, s.service);
  return 'AWS4-HMAC-SHA256 Credential=' + s.accessKey + '/' + scope + ', SignedHeaders=' + names +
    ', Signature=' + toHex(hmac(s.sha256, key, sts));
}

// Text of the first <name>...</name> at or after `from`, or null.
function tag(xml: string, name: string, from: number): string | null {
  var open = '<' + name + '>';
  var i = indexOfStr(xml, open, from);
  if (i < 0) return null;
  var j = indexOfStr(xml, '</' + name + '>', i + open.length);
  return j < 0 ? null : xml.substring(i + open.length, j);
}

// A signed request to the Route 53 API; query is already canonical (sorted, encoded).
function signed(ctx: ApiContext, method: string, url: string, query: string, body: string,
                cb: (err: string | null, res?: HttpResponse) => void): void {
  var u = splitUrl(url);
  if (!u) { cb('badurl'); return; }
  var host = u.host.indexOf(':') >= 0 ? '[' + u.host + ']' : u.host;
  if (u.port !== (u.protocol === 'https:' ? 443 : 80)) host += ':' + u.port;
  var when = amzDate(ctx.clock.wallMs());
  // canonical URI: each segment encoded once more (SigV4 for every service but S3)
  var path = u.path.split('/').map(function (seg) { return urlEncode(seg); }).join('/');
  var auth = authorization({ sha256: ctx.sha256 as Hash, method: method, path: path, query: query,
    headers: [['host', host], ['x-amz-date', when]], body: body, amzDate: when,
    accessKey: ctx.opts.username, secret: ctx.opts.password, region: 'us-east-1', service: 'route53' });
  var headers: any = { Host: host, 'X-Amz-Date': when, Authorization: auth, Accept: '*/*' };
  if (method === 'POST') headers['Content-Type'] = 'text/xml';
  call(ctx, { method: method, url: query ? url + '?' + query : url, headers: headers,
    body: method === 'POST' ? body : undefined }, cb);
}

// A refused request in policy words. Route 53 answers XML: <Code> and <Message> tell a bad key
// (403) from a clock that is off (403 'Signature expired'), throttling (400) from a bad batch.
function refused(res: HttpResponse, what: string, ctx: ApiContext): ApiResult {
  var b = res.body || '';
  var code = tag(b, 'Code', 0) || '';
  var msg = tag(b, 'Message', 0) || '';
  var text = what + ': HTTP ' + res.status + (code ? ' ' + code : '') + (msg ? ' (' + msg.substring(0, 120) + ')' : '');
  if (code === 'RequestExpired' || indexOfStr(msg, 'expired') >= 0) {
    return { word: 'dnserr', status: res.status, text: text + '; is the clock right?' };
  }
  if (code === 'Throttling' || code === 'PriorRequestNotComplete') return { status: 429, retryAfter: 60, text: text };
  return failure(res, what, ctx.clock.wallMs(), code + (msg ? ': ' + msg.substring(0, 120) : ''));
}

// The UPSERT batch for one name, type, TTL and address.
function batch(name: string, type: string, ttl: string, ip: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="' + XMLNS +
    '"><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>' + name +
    '</Name><Type>' + type + '</Type><TTL>' + ttl + '</TTL><ResourceRecords><ResourceRecord><Value>' + ip +
    '</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>' +
    '</ChangeResourceRecordSetsRequest>';
}

// Zone id and record name (with the root dot) from the options, or null. A name equal to the
// zone id (lookup_host defaulted to domain) or without a dot is no name to update.
function target(o: any): string[] | null {
  var zone = o.param_enc || o.param_opt || '';
  var name = zone ? (o.lookup_host || o.domain || '') : (o.lookup_host || '');
  if (!zone) zone = o.domain || '';
  if (name === zone) name = '';
  if (zone.substring(0, 12) === '/hostedzone/') zone = zone.substring(12);
  name = name.toLowerCase();
  if (name.charAt(name.length - 1) !== '.') name += '.';
  return zone && name.indexOf('.') < name.length - 1 ? [zone, name] : null;
}

// The provider: signed read of the record set, signed UPSERT only when it differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var found = target(o);
  var type = rrType(ctx);
  if (!o.username || !o.password) { cb({ word: 'badauth', text: 'route53: username (access key id) and password (secret key) must be set' }); return; }
  if (!found) { cb({ word: 'notfqdn', text: 'route53: set domain to the hosted zone id and lookup_host to the name to update' }); return; }
  if (!ctx.sha256) { cb({ word: 'dnserr', text: 'route53: no SHA-256 on this board' }); return; }
  if (!ctx.clock.wallMs()) { cb({ word: 'dnserr', text: 'clock not set: AWS signatures need the time' }); return; }
  var t = found;
  var zoneUrl = apiBase(ctx, BASE) + '/2013-04-01/hostedzone/' + urlEncode(t[0]) + '/rrset';
  var what = type + ' record ' + t[1];
  var query = 'maxitems=1&name=' + urlEncode(t[1]) + '&type=' + type;
  signed(ctx, 'GET', zoneUrl, query, '', function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'route53 lookup')); return; }
    if (res.status !== 200) { cb(refused(res, 'route53 lookup', ctx)); return; }
    if (res.truncated) { cb(unreadable(res, 'route53 lookup')); return; }
    var set = tag(res.body, 'ResourceRecordSet', 0);
    var ttl = '300';
    if (set !== null && (tag(set, 'Name', 0) || '').toLowerCase().split('\\052').join('*') === t[1] &&
        tag(set, 'Type', 0) === type) {
      ttl = tag(set, 'TTL', 0) || ttl;
      var first = indexOfStr(set, '<Value>');
      if (first >= 0 && indexOfStr(set, '<Value>', first + 7) < 0 && sameIp(tag(set, 'Value', 0), ctx.ip, ctx.ipv6)) {
        cb({ word: 'nochg', text: what + ' already ' + ctx.ip });
        return;
      }
      ctx.log('route53: ' + what + ' is ' + (tag(set, 'Value', 0) || 'an alias') + ', updating');
    } else {
      ctx.log('route53: no ' + what + ' yet, creating it');
    }
    signed(ctx, 'POST', zoneUrl + '/', '', batch(t[1], type, ttl, ctx.ip), function (err2, res2) {
      if (err2 || !res2) { cb(netError(err2 || 'closed', 'route53 update')); return; }
      if (res2.status !== 200) { cb(refused(res2, 'route53 update', ctx)); return; }
      if (indexOfStr(res2.body, '<ChangeInfo>') < 0) { cb(unreadable(res2, 'route53 update')); return; }
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
