// DNSPod's original API (dnsapi.cn, Record.List / Record.Modify / Record.Create), as ddns-scripts'
// update_dnspod_cn.sh uses it:
//   username   the API token's ID, password  the token (sent as login_token=ID,TOKEN)
//   domain     host@example.com, or home.example.com (the first label is the host), or
//              @example.com / example.com-style @. for the domain itself
// Record.List finds the record of the host on the default line (line_id 0); Record.Modify
// changes it only when its value differs; a missing record is created (Record.Create), as
// ddns-scripts does. Every answer is HTTP 200 with status.code: '1' success, '10' no records.

import { ApiContext, ApiResult } from '../types';
import { form } from '../kit/params';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';

var BASE = 'https://dnsapi.cn';

// A status code other than '1' in policy words.
function refused(code: string, msg: string, what: string): ApiResult {
  var text = 'dnspod ' + what + ': ' + code + ' ' + msg;
  if (code === '-1' || code === '-2' || code === '-3' || code === '-4' || code === '-7' || code === '85') return { word: 'badauth', text: text };
  if (code === '-8' || code === '-15') return { word: 'abuse', text: text };
  if (code === '6' || code === '7' || code === '8') return { word: 'nohost', text: text };
  return { word: 'badsys', text: text };
}

// The update: list, then modify or create.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var d = (o.domain || '').toLowerCase();
  if (d.substring(0, 2) === '@.') d = d.substring(1);
  if (d.indexOf('@') < 0) d = d.substring(0, d.indexOf('.')) + '@' + d.substring(d.indexOf('.') + 1);
  var host = d.substring(0, d.indexOf('@'));
  var zone = d.substring(d.indexOf('@') + 1);
  if (!host || host === zone) host = '@';
  var type = rrType(ctx);
  var base = apiBase(ctx, BASE) + '/';
  var what = type + ' record ' + (host === '@' ? zone : host + '.' + zone);
  var common = ['login_token', (o.username || '') + ',' + (o.password || ''), 'format', 'json', 'domain', zone, 'sub_domain', host];
  // One API method; next gets the reply when status.code is '1' (or ok, e.g. '10').
  var method = function (name: string, extra: string[], ok: string, next: (j: any) => void) {
    step(ctx, { method: 'POST', url: base + name, body: form(common.concat(extra)), maxBytes: 4096,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 'dnspod ' + name, cb, function (res) {
      var j = json(res);
      var st = j && j.status;
      if (!st) { cb(unreadable(res, 'dnspod ' + name)); return; }
      var code = String(st.code);
      if (code === '1' || code === ok) { next(j); } else { cb(refused(code, String(st.message || ''), name)); }
    });
  };
  var write = ['record_type', type, 'record_line_id', '0', 'value', ctx.ip];
  method('Record.List', [], '10', function (j: any) {
    var list = j.records || [];
    var rec: any = null;
    for (var i = 0; i < list.length && !rec; i++) {
      if (list[i].type === type && String(list[i].line_id) === '0' && String(list[i].name).toLowerCase() === host) rec = list[i];
    }
    if (!rec) {
      ctx.log('dnspod: no ' + what + ', creating it');
      method('Record.Create', write, '', function () { cb({ word: 'good', text: what + ' created as ' + ctx.ip }); });
      return;
    }
    if (sameIp(rec.value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    method('Record.Modify', write.concat(['record_id', String(rec.id), 'ttl', String(rec.ttl || 600)]), '', function () {
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
