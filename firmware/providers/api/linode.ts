// Linode (Akamai) DNS Manager, API v4, as ddns-updater's linode provider:
//   domain    the zone (example.com)
//   username  the record name (www; '@' or empty for the zone itself, which Linode names '')
//   password  a personal access token with Domains read/write (Authorization: Bearer)
// GET /domains filtered on the zone finds its id, GET of its records filtered on name and type
// finds the record, a PUT of its target is sent only when it is not the address.

import { HttpResponse } from '../../core/ports';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';
import { findIn } from '../kit/list';

var BASE = 'https://api.linode.com/v4';

// Linode's errors are {errors: [{reason, field}]}: the first reason, for the log line.
function reason(res: HttpResponse): string {
  var j = res.body && res.body.length <= 1024 ? json(res) : null;
  var e = j && j.errors && j.errors[0];
  return e && typeof e.reason === 'string' ? e.reason.substring(0, 120) : '';
}

// One GET with an X-Filter; calls back with the first item of {data} that fits, null when none,
// or an ApiResult when the step failed.
function first(ctx: ApiContext, url: string, filter: any, fits: (x: any) => boolean, what: string,
               cb: (r: ApiResult | null, item?: any) => void): void {
  call(ctx, { method: 'GET', url: url, maxBytes: 4096,
    headers: { Authorization: 'Bearer ' + ctx.opts.password, 'X-Filter': JSON.stringify(filter) } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 200) { cb(failure(res, what, ctx.clock.wallMs(), reason(res))); return; }
    var item = findIn(res.body, 'data', fits);
    if (item === undefined) { cb(unreadable(res, what)); return; }
    cb(null, item);
  });
}

// The provider: zone id, record, and a write only when the target differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = (o.domain || '').toLowerCase();
  var name = o.username === '@' ? '' : o.username || '';
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'linode: domain (zone) and password (token) must be set' }); return; }
  var base = apiBase(ctx, BASE) + '/domains';
  var what = type + ' record ' + (name ? name + '.' + zone : zone);
  first(ctx, base, { domain: zone }, function (d) { return String(d.domain).toLowerCase() === zone; }, 'linode zone', function (r, dom) {
    if (r) { cb(r); return; }
    if (!dom) { cb({ word: 'nohost', text: 'linode: no domain ' + zone + ' in this account' }); return; }
    var recs = base + '/' + dom.id + '/records';
    first(ctx, recs, { name: name, type: type }, function (x) { return x.name === name && x.type === type; }, 'linode lookup', function (r2, rec) {
      if (r2) { cb(r2); return; }
      if (!rec) { cb({ word: 'nohost', text: 'linode: no ' + what }); return; }
      if (sameIp(rec.target, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
      ctx.log('linode: ' + what + ' is ' + rec.target + ', updating');
      call(ctx, { method: 'PUT', url: recs + '/' + rec.id, headers: { Authorization: 'Bearer ' + o.password },
        body: JSON.stringify({ target: ctx.ip }) }, function (err, res) {
        if (err || !res) { cb(netError(err || 'closed', 'linode update')); return; }
        if (res.status !== 200) { cb(failure(res, 'linode update', ctx.clock.wallMs(), reason(res))); return; }
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
  });
}
