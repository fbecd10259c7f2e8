// Bunny DNS (api.bunny.net), as ddns-updater's bunny provider:
//   domain     the zone (example.com)
//   username   the record name (www; '@' or empty for the zone itself, which Bunny names '')
//   password   the account API key (AccessKey header)
//   param_opt  optional zone_id=ID, and record_id=ID with it: skips the lookups
// Without ids, GET /dnszone?search= finds the zone (and GET /dnszone/{id} its records when the
// list does not carry them); a record whose Value is not the address is written with POST
// /dnszone/{zone}/records/{id}. Bunny's replies carry every field of every record: a zone too
// large for the 8 KB reply cap needs the ids in param_opt (then one POST per update).

import { HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, json, sameIp, failure, netError, unreadable } from '../kit/common';
import { paramValue } from '../kit/params';

var BASE = 'https://api.bunny.net';

// Bunny's errors are {ErrorKey, Field, Message}: the message, for the log line.
function said(res: HttpResponse): string {
  var j = res.body && res.body.length <= 1024 ? json(res) : null;
  var m = j && (j.Message || j.ErrorKey);
  return typeof m === 'string' ? m.substring(0, 120) : '';
}

// One GET; calls back with the parsed reply, or an ApiResult when it failed.
function get(ctx: ApiContext, url: string, what: string, cb: (r: ApiResult | null, j?: any) => void): void {
  call(ctx, { method: 'GET', url: url, maxBytes: 8192, headers: { AccessKey: ctx.opts.password } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 200) { cb(failure(res, what, ctx.clock.wallMs(), said(res))); return; }
    var j = json(res);
    if (!j || typeof j !== 'object') { cb(unreadable(res, what)); return; }
    cb(null, j);
  });
}

// Writes the address into record rid of zone zid.
function write(ctx: ApiContext, zid: string, rid: string, name: string, what: string, cb: (res: ApiResult) => void): void {
  var body = { Id: Number(rid), Type: ctx.ipv6 ? 1 : 0, Value: ctx.ip, Name: name };
  call(ctx, { method: 'POST', url: apiBase(ctx, BASE) + '/dnszone/' + urlEncode(zid) + '/records/' + urlEncode(rid),
    headers: { AccessKey: ctx.opts.password }, body: JSON.stringify(body) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'bunny update')); return; }
    if (res.status !== 204 && res.status !== 200) { cb(failure(res, 'bunny update', ctx.clock.wallMs(), said(res))); return; }
    cb({ word: 'good', text: what + ' set to ' + ctx.ip });
  });
}

// Finds the record of name and type in a zone's Records and writes it when it differs.
function inZone(ctx: ApiContext, zid: string, recs: any, name: string, what: string, cb: (res: ApiResult) => void): void {
  var type = ctx.ipv6 ? 1 : 0;
  var rec: any = null;
  for (var i = 0; recs && i < recs.length && !rec; i++) { if (recs[i] && recs[i].Type === type && recs[i].Name === name) rec = recs[i]; }
  if (!rec) { cb({ word: 'nohost', text: 'bunny: no ' + what }); return; }
  if (sameIp(rec.Value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
  ctx.log('bunny: ' + what + ' is ' + rec.Value + ', updating');
  write(ctx, zid, String(rec.Id), name, what, cb);
}

// The provider: by ids when given, else zone and record looked up by name.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = (o.domain || '').toLowerCase();
  var name = o.username === '@' ? '' : o.username || '';
  var zid = paramValue(o.param_opt, 'zone_id');
  var rid = paramValue(o.param_opt, 'record_id');
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'bunny: domain (zone) and password (API key) must be set' }); return; }
  var what = (ctx.ipv6 ? 'AAAA' : 'A') + ' record ' + (name ? name + '.' + zone : zone);
  var base = apiBase(ctx, BASE) + '/dnszone';
  if (zid && rid) { write(ctx, zid, rid, name, what, cb); return; }
  if (zid) {
    get(ctx, base + '/' + urlEncode(zid), 'bunny lookup', function (r, z) {
      if (r) { cb(r); return; }
      inZone(ctx, zid, z.Records, name, what, cb);
    });
    return;
  }
  get(ctx, base + '?page=1&perPage=5&search=' + urlEncode(zone), 'bunny zones', function (r, list) {
    if (r) { cb(r); return; }
    var items = list.Items || [];
    var z: any = null;
    for (var i = 0; i < items.length && !z; i++) { if (items[i] && String(items[i].Domain).toLowerCase() === zone) z = items[i]; }
    if (!z) { cb({ word: 'nohost', text: 'bunny: no DNS zone ' + zone + ' in this account' }); return; }
    if (z.Records) { inZone(ctx, String(z.Id), z.Records, name, what, cb); return; }
    get(ctx, base + '/' + z.Id, 'bunny lookup', function (r2, full) {
      if (r2) { cb(r2); return; }
      inZone(ctx, String(z.Id), full.Records, name, what, cb);
    });
  });
}
