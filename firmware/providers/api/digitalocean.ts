// DigitalOcean DNS (API v2), as ddns-scripts' update_digitalocean_com_v2.sh configures it:
//   domain     the zone (example.com)
//   username   the record name in the zone (myrouter; '@' or empty for the zone itself)
//   password   a personal access token (Authorization: Bearer)
//   param_opt  the record id (optional here: without it the record is found by name and type)
// One GET reads the record, a PATCH writes it only when its data differs.

import { HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';

var BASE = 'https://api.digitalocean.com/v2';

// The fully qualified name DigitalOcean's list filter wants (it does not take 'myrouter').
function fqdn(name: string, zone: string): string {
  return name === '' || name === '@' ? zone : name + '.' + zone;
}

// The record in a reply: {domain_record} when read by id, the first of {domain_records} when
// listed; null when the list is empty.
function recordOf(res: HttpResponse): any {
  var j = json(res);
  if (!j) return undefined;
  if (j.domain_record) return j.domain_record;
  var list = j.domain_records;
  return list && list.length > 0 ? list[0] : null;
}

// Writes the new address into the record found (PATCH keeps every other field).
function write(ctx: ApiContext, url: string, auth: string, type: string, what: string,
               cb: (res: ApiResult) => void): void {
  call(ctx, { method: 'PATCH', url: url, headers: { Authorization: auth },
    body: JSON.stringify({ type: type, data: ctx.ip }) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'digitalocean update')); return; }
    if (res.status !== 200) { cb(failure(res, 'digitalocean update', ctx.clock.wallMs())); return; }
    cb({ word: 'good', text: what + ' set to ' + ctx.ip });
  });
}

// The provider: read the record (by id or by name and type), write only when it differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = o.domain || '';
  var name = o.username || '';
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'digitalocean: domain (zone) and password (token) must be set' }); return; }
  var base = apiBase(ctx, BASE) + '/domains/' + urlEncode(zone) + '/records';
  var host = fqdn(name, zone);
  var url = o.param_opt ? base + '/' + urlEncode(o.param_opt)
    : base + '?type=' + type + '&name=' + urlEncode(host) + '&per_page=1';
  var auth = 'Bearer ' + o.password;
  var what = type + ' record ' + host;
  call(ctx, { method: 'GET', url: url, headers: { Authorization: auth } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'digitalocean lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'digitalocean lookup', ctx.clock.wallMs())); return; }
    var rec = recordOf(res);
    if (rec === undefined) { cb(unreadable(res, 'digitalocean lookup')); return; }
    if (!rec || rec.type !== type || rec.id === undefined) {
      cb({ word: 'nohost', text: 'digitalocean: no ' + what + (o.param_opt ? ' with id ' + o.param_opt : '') + ' in zone ' + zone });
      return;
    }
    if (sameIp(rec.data, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('digitalocean: ' + what + ' is ' + rec.data + ', updating');
    write(ctx, base + '/' + rec.id, auth, type, what, cb);
  });
}
