// Vercel DNS (REST API), as ddns-updater's vercel provider:
//   domain     the domain (example.com)
//   username   the record name (www; '@' or empty for the domain itself, which Vercel names '')
//   password   an access token (Authorization: Bearer)
//   param_opt  optional teamId=ID, for a domain owned by a team
// GET /v5/domains/{domain}/records lists the records (up to 8 KB of reply), a PATCH of
// /v1/domains/records/{id} writes the value only when it is not the address.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, sameIp, failure, netError, unreadable } from '../kit/common';
import { findNear } from '../kit/list';
import { paramValue } from '../kit/params';

var BASE = 'https://api.vercel.com';

// The provider: find the record in the list, write its value only when it differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = o.domain || '';
  var name = o.username === '@' ? '' : o.username || '';
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'vercel: domain and password (token) must be set' }); return; }
  var team = paramValue(o.param_opt, 'teamId');
  var q = team ? 'teamId=' + urlEncode(team) : '';
  var base = apiBase(ctx, BASE);
  var auth = 'Bearer ' + o.password;
  var what = type + ' record ' + (name ? name + '.' + zone : zone);
  call(ctx, { method: 'GET', url: base + '/v5/domains/' + urlEncode(zone) + '/records?limit=100' + (q ? '&' + q : ''),
    headers: { Authorization: auth }, maxBytes: 8192 }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'vercel lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'vercel lookup', ctx.clock.wallMs())); return; }
    var rec = findNear(res.body, 'records', '"name":"' + name + '"', function (x) { return x.type === type && x.name === name; });
    if (rec === undefined) { cb(unreadable(res, 'vercel lookup')); return; }
    if (!rec) { cb({ word: 'nohost', text: 'vercel: no ' + what }); return; }
    if (sameIp(rec.value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('vercel: ' + what + ' is ' + rec.value + ', updating');
    call(ctx, { method: 'PATCH', url: base + '/v1/domains/records/' + urlEncode(rec.id) + (q ? '?' + q : ''),
      headers: { Authorization: auth }, body: JSON.stringify({ value: ctx.ip }) }, function (err2, res2) {
      if (err2 || !res2) { cb(netError(err2 || 'closed', 'vercel update')); return; }
      if (res2.status !== 200) { cb(failure(res2, 'vercel update', ctx.clock.wallMs())); return; }
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
