// Vultr DNS (API v2), as ddns-updater's vultr provider:
//   domain     the zone (example.com)
//   username   the record name (www; '@' or empty for the zone itself, which Vultr names '')
//   password   an API key (Authorization: Bearer)
//   param_opt  the record id (optional: without it the zone's records are listed to find it)
// One GET reads the record (by id, or the list), a PATCH writes it only when its data differs.
// A zone whose list does not fit the reply cap needs param_opt.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://api.vultr.com/v2';

// The record of name and type in a reply: {record} when read by id, else searched in the list
// {records} one record at a time; undefined when the reply is not understood (or cut before
// it), null when there is none.
function find(body: string, byId: boolean, name: string, type: string): any {
  if (byId) {
    var j = json({ status: 200, headers: {}, body: body, truncated: false });
    return j && j.record ? (j.record.type === type ? j.record : null) : undefined;
  }
  return findNear(body, 'records', '"name":"' + name + '"', function (x) { return x.type === type && x.name === name; });
}

// The provider: find the record, write its data only when it is not the address.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = o.domain || '';
  var name = o.username === '@' ? '' : o.username || '';
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'vultr: domain (zone) and password (API key) must be set' }); return; }
  var base = apiBase(ctx, BASE) + '/domains/' + urlEncode(zone) + '/records';
  var auth = 'Bearer ' + o.password;
  var what = type + ' record ' + (name ? name + '.' + zone : zone);
  var url = o.param_opt ? base + '/' + urlEncode(o.param_opt) : base + '?per_page=500';
  call(ctx, { method: 'GET', url: url, headers: { Authorization: auth }, maxBytes: 8192 }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'vultr lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'vultr lookup', ctx.clock.wallMs())); return; }
    var rec = find(res.body, !!o.param_opt, name, type);
    if (rec === undefined) { cb(unreadable(res, 'vultr lookup')); return; }
    if (!rec || !rec.id) { cb({ word: 'nohost', text: 'vultr: no ' + what + (o.param_opt ? ' with id ' + o.param_opt : '') }); return; }
    if (sameIp(rec.data, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('vultr: ' + what + ' is ' + rec.data + ', updating');
    call(ctx, { method: 'PATCH', url: base + '/' + urlEncode(rec.id), headers: { Authorization: auth },
      body: JSON.stringify({ data: ctx.ip }) }, function (err2, res2) {
      if (err2 || !res2) { cb(netError(err2 || 'closed', 'vultr update')); return; }
      if (res2.status !== 204 && res2.status !== 200) { cb(failure(res2, 'vultr update', ctx.clock.wallMs())); return; }
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
