// Beget API (api.beget.com/api/dns), as ddns-scripts' update_beget_com.sh uses it:
//   username   the account login, password  the account (or API) password
//   domain     the full name to update (home.example.com)
// getData reads the name's records; only when the A (or AAAA) records are not exactly the
// address does changeRecords write them. changeRecords sets every record of the name, so the
// others read by getData (MX, TXT, the other address type) are sent back unchanged, where
// ddns-scripts sends only the one record. Beget answers {status, answer: {status, result}}
// with HTTP 200; status 'error' carries error_code / errors.

import { ApiContext, ApiResult } from '../types';
import { form } from '../kit/params';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';

var BASE = 'https://api.beget.com/api';

// The result of a reply, or the failure in policy words.
function result(j: any, what: string): { r?: any; f?: ApiResult } {
  if (!j) return { f: { word: 'dnserr', text: what + ': reply not understood' } };
  var a = j.answer;
  if (j.status === 'success' && a && a.status === 'success') return { r: a.result };
  var e = j.status !== 'success' ? j : (a && a.errors && a.errors[0]) || {};
  var code = String(e.error_code || '');
  var text = what + ': ' + code + (e.error_text ? ' ' + e.error_text : '');
  return { f: { word: code === 'AUTH_ERROR' ? 'badauth' : code === 'NO_SUCH_DOMAIN' ? 'nohost' : 'badsys', text: text } };
}

// The update: getData, compare, changeRecords.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var fqdn = (o.domain || '').toLowerCase();
  var type = rrType(ctx);
  var base = apiBase(ctx, BASE) + '/dns/';
  // One method call as a form POST; next gets its result.
  var method = function (name: string, data: any, next: (r: any) => void) {
    var body = form(['login', o.username || '', 'passwd', o.password || '', 'input_format', 'json',
      'output_format', 'json', 'input_data', JSON.stringify(data)]);
    step(ctx, { method: 'POST', url: base + name, body: body, maxBytes: 4096,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 'beget ' + name, cb, function (res) {
      var j = json(res);
      if (!j) { cb(unreadable(res, 'beget ' + name)); return; }
      var x = result(j, 'beget ' + name);
      if (x.f) { cb(x.f); } else { next(x.r); }
    });
  };
  method('getData', { fqdn: fqdn }, function (r: any) {
    var recs = (r && r.records) || {};
    var cur = recs[type] || [];
    if (cur.length === 1 && sameIp(cur[0].value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: fqdn + ' ' + type + ' already ' + ctx.ip }); return; }
    var out: any = {};
    for (var k in recs) {
      if (k !== 'DNS' && k !== 'DNS_IP' && recs[k] && recs[k].length) out[k] = recs[k];
    }
    out[type] = [{ value: ctx.ip, priority: 10 }];
    method('changeRecords', { fqdn: fqdn, records: out }, function () {
      cb({ word: 'good', text: fqdn + ' ' + type + ' set to ' + ctx.ip });
    });
  });
}
