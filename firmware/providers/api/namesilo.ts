// NameSilo API (version 1, JSON replies), as ddns-scripts' update_namesilo_com_v1.sh uses it:
//   username   the host in the domain (www; '@' for the domain itself)
//   password   the API key (sent as the key query parameter, over HTTPS)
//   domain     the domain (example.com)
//   param_opt  optional ttl=N (default 3600, NameSilo's least)
// dnsListRecords finds the record of host and type; dnsUpdateRecord only when its value differs.
// NameSilo answers HTTP 200 with reply.code: 300 success, 110 invalid key, 200 domain not in
// this account; the rest are errors of the request.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { paramValue } from '../kit/params';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';
import { findNear } from '../kit/list';
import { indexOfStr } from '../../core/text';

var BASE = 'https://www.namesilo.com/api';

// A reply in policy words when its code is not 300, else null.
function refused(j: any, what: string): ApiResult | null {
  var code = j && j.reply ? String(j.reply.code) : '';
  if (code === '300') return null;
  var text = 'namesilo ' + what + ': code ' + code + (j && j.reply && j.reply.detail ? ' ' + j.reply.detail : '');
  if (code === '110' || code === '111' || code === '112' || code === '113') return { word: 'badauth', text: text };
  if (code === '200') return { word: 'nohost', text: text };
  if (code === '280' || code === '115') return { word: 'dnserr', text: text };
  return { word: 'badsys', text: text };
}

// The update: list the domain's records, update the one of host and type.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var domain = (o.domain || '').toLowerCase();
  var host = (o.username || '@').toLowerCase();
  var fqdn = host === '@' ? domain : host + '.' + domain;
  var type = rrType(ctx);
  var ttl = paramValue(o.param_opt, 'ttl') || '3600';
  var q = apiBase(ctx, BASE) + '/';
  var common = '?version=1&type=json&key=' + urlEncode(o.password || '') + '&domain=' + urlEncode(domain);
  step(ctx, { method: 'GET', url: q + 'dnsListRecords' + common, maxBytes: 8192 }, 'namesilo list', cb, function (res) {
    var b = res.body || '';
    // the list is read one record at a time (kit/list.ts); a reply without one is small
    var rec = findNear(b, 'resource_record', '"host":"' + fqdn + '"', function (x: any) {
      var h = String(x.host).toLowerCase();
      return x.type === type && (h === fqdn || h === host);
    });
    if (rec === undefined || rec === null) {
      var j = json(res);
      var f = j ? refused(j, 'list') : null;
      if (f) { cb(f); return; }
      if (rec === undefined && !j) { cb(unreadable(res, 'namesilo list')); return; }
    } else if (indexOfStr(b, '"code":300') < 0 && indexOfStr(b, '"code":"300"') < 0) {
      cb({ word: 'badsys', text: 'namesilo list: no code 300' });
      return;
    }
    if (!rec) { cb({ word: 'nohost', text: 'namesilo: no ' + type + ' record ' + fqdn + ': create it first' }); return; }
    if (sameIp(rec.value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: fqdn + ' ' + type + ' already ' + ctx.ip }); return; }
    var up = q + 'dnsUpdateRecord' + common + '&rrid=' + urlEncode(String(rec.record_id)) +
      '&rrhost=' + (host === '@' ? '' : urlEncode(host)) + '&rrvalue=' + urlEncode(ctx.ip) + '&rrttl=' + urlEncode(ttl);
    step(ctx, { method: 'GET', url: up }, 'namesilo update', cb, function (res2) {
      var j2 = json(res2);
      if (!j2) { cb(unreadable(res2, 'namesilo update')); return; }
      cb(refused(j2, 'update') || { word: 'good', text: fqdn + ' ' + type + ' set to ' + ctx.ip });
    });
  });
}
