// Huawei Cloud DNS (API v2, signed with AK/SK: SDK-HMAC-SHA256), as ddns-scripts'
// update_huaweicloud_com.sh uses it:
//   username   the Access Key ID (AK), password  the Secret Access Key (SK)
//   domain     host@example.com, or home.example.com (first label is the host); @example.com
//              for the domain itself
//   api_url    optional, another region's endpoint (default https://dns.cn-north-1.myhuaweicloud.com)
// GET /v2/zones?name= finds the zone, GET .../recordsets?name=&type= the record set; PUT changes
// it only when its records are not exactly the address; a missing set is created by POST (TTL
// 120), as ddns-scripts does. Signatures need the wall clock: with the clock not set nothing is
// sent.

import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, unreadable, netError, failure } from '../kit/common';
import { Hash, canonicalRequest, canonicalQuery, signedNames, hostOf, hmacHex, sha256Hex, isoTime } from '../kit/sign';

var BASE = 'https://dns.cn-north-1.myhuaweicloud.com';

// Huawei's error text: {error_msg} of the API gateway or {message} of the DNS service.
function huaweiText(body: string): string {
  try {
    var j = JSON.parse(body || '');
    var m = String(j.error_code || j.code || '') + ' ' + String(j.error_msg || j.message || '');
    return m.length > 120 ? m.substring(0, 120) : m;
  } catch (e) { return ''; }
}

// The update: zone, record set, then PUT or POST.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var sha = ctx.sha256 as Hash;
  if (!sha) { cb({ word: 'dnserr', text: 'huaweicloud: no SHA-256 on this board' }); return; }
  if (!ctx.clock.wallMs()) { cb({ word: 'dnserr', text: 'clock not set: Huawei Cloud signatures need the time' }); return; }
  var d = (o.domain || '').toLowerCase();
  if (d.substring(0, 2) === '@.') d = d.substring(1);
  if (d.indexOf('@') < 0) d = d.substring(0, d.indexOf('.')) + '@' + d.substring(d.indexOf('.') + 1);
  var host = d.substring(0, d.indexOf('@'));
  var zone = d.substring(d.indexOf('@') + 1) + '.';
  var name = !host || host + '.' === zone ? zone : host + '.' + zone;
  var type = rrType(ctx);
  var base = apiBase(ctx, BASE);
  var hostHdr = hostOf(base + '/');

  // One signed call; next gets the JSON reply of a 2xx answer.
  var api = function (method: string, path: string, params: string[], body: string, what: string, next: (j: any) => void) {
    var query = canonicalQuery(params);
    var hdrs = [['host', hostHdr], ['x-sdk-date', isoTime(ctx.clock.wallMs(), true)]];
    if (body) hdrs.unshift(['content-type', 'application/json']);
    var sts = 'SDK-HMAC-SHA256\n' + hdrs[hdrs.length - 1][1] + '\n' + sha256Hex(sha, canonicalRequest(sha, method, path + '/', query, hdrs, body));
    var h: any = { Host: hostHdr, 'X-Sdk-Date': hdrs[hdrs.length - 1][1],
      Authorization: 'SDK-HMAC-SHA256 Access=' + (o.username || '') + ', SignedHeaders=' + signedNames(hdrs) + ', Signature=' + hmacHex(sha, o.password || '', sts) };
    call(ctx, { method: method, url: base + path + (query ? '?' + query : ''), headers: h, body: body || undefined, maxBytes: 4096 },
      function (err, res) {
        if (err || !res) { cb(netError(err || 'closed', 'huaweicloud ' + what)); return; }
        if (res.status < 200 || res.status > 299) { cb(failure(res, 'huaweicloud ' + what, ctx.clock.wallMs(), huaweiText(res.body))); return; }
        var j = json(res);
        if (!j) { cb(unreadable(res, 'huaweicloud ' + what)); return; }
        next(j);
      });
  };

  api('GET', '/v2/zones', ['name', zone, 'search_mode', 'equal'], '', 'zone', function (j: any) {
    var zs = j.zones || [];
    var zid = '';
    for (var i = 0; i < zs.length; i++) if (String(zs[i].name).toLowerCase() === zone) zid = String(zs[i].id);
    if (!zid) { cb({ word: 'nohost', text: 'huaweicloud: no zone ' + zone + ' in this account' }); return; }
    var sets = '/v2/zones/' + zid + '/recordsets';
    api('GET', sets, ['name', name, 'type', type, 'search_mode', 'equal'], '', 'lookup', function (j2: any) {
      var list = j2.recordsets || [];
      var rec: any = null;
      for (var k = 0; k < list.length && !rec; k++) if (list[k].type === type && String(list[k].name).toLowerCase() === name) rec = list[k];
      var what = type + ' record ' + name;
      var done = function () { cb({ word: 'good', text: what + ' set to ' + ctx.ip }); };
      var body = JSON.stringify({ name: name, type: type, records: [ctx.ip], ttl: rec && rec.ttl > 0 ? rec.ttl : 120 });
      if (!rec) { ctx.log('huaweicloud: no ' + what + ', creating it'); api('POST', sets, [], body, 'create', done); return; }
      var r = rec.records || [];
      if (r.length === 1 && sameIp(r[0], ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
      api('PUT', sets + '/' + rec.id, [], body, 'update', done);
    });
  });
}

