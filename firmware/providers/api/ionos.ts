// IONOS DNS (api.hosting.ionos.com, DNS API v1), as ddns-updater's ionos provider:
//   domain    the zone (example.com)
//   username  the record name (www; '@' or empty for the zone itself)
//   password  the API key as IONOS shows it, prefix.secret (X-API-Key)
// GET /zones finds the zone's id, GET /zones/{id}?recordName=&recordType= reads the record,
// a PUT of /zones/{id}/records/{recordId} is sent only when its content is not the address.

import { HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';

var BASE = 'https://api.hosting.ionos.com/dns/v1';

// IONOS errors are a list [{code, message}]: the first message, for the log line.
function said(res: HttpResponse): string {
  var j = res.body && res.body.length <= 1024 ? json(res) : null;
  var e = j && j[0];
  return e && typeof e.message === 'string' ? e.message.substring(0, 120) : '';
}

// One GET with the key; calls back with the parsed reply, or an ApiResult when it failed.
function get(ctx: ApiContext, url: string, what: string, cb: (r: ApiResult | null, j?: any) => void): void {
  call(ctx, { method: 'GET', url: url, maxBytes: 4096, headers: { 'X-API-Key': ctx.opts.password } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 200) { cb(failure(res, what, ctx.clock.wallMs(), said(res))); return; }
    var j = json(res);
    if (!j || typeof j !== 'object') { cb(unreadable(res, what)); return; }
    cb(null, j);
  });
}

// The provider: zone id, the record, a write only when it differs (keeping ttl and prio).
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = (o.domain || '').toLowerCase();
  var name = o.username && o.username !== '@' ? o.username + '.' + zone : zone;
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'ionos: domain (zone) and password (API key) must be set' }); return; }
  var base = apiBase(ctx, BASE) + '/zones';
  var what = type + ' record ' + name;
  get(ctx, base, 'ionos zones', function (r, zones) {
    if (r) { cb(r); return; }
    var id = '';
    for (var i = 0; zones.length && i < zones.length; i++) { if (zones[i] && zones[i].name === zone) id = zones[i].id; }
    if (!id) { cb({ word: 'nohost', text: 'ionos: no zone ' + zone + ' in this account' }); return; }
    var zurl = base + '/' + urlEncode(id);
    get(ctx, zurl + '?recordName=' + urlEncode(name) + '&recordType=' + type, 'ionos lookup', function (r2, z) {
      if (r2) { cb(r2); return; }
      var recs = z.records || [];
      var rec: any = null;
      for (var k = 0; k < recs.length && !rec; k++) { if (recs[k] && recs[k].name === name && recs[k].type === type) rec = recs[k]; }
      if (!rec) { cb({ word: 'nohost', text: 'ionos: no ' + what }); return; }
      if (sameIp(rec.content, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
      ctx.log('ionos: ' + what + ' is ' + rec.content + ', updating');
      var body = { content: ctx.ip, ttl: rec.ttl || 3600, prio: rec.prio || 0, disabled: false };
      call(ctx, { method: 'PUT', url: zurl + '/records/' + urlEncode(rec.id), headers: { 'X-API-Key': o.password },
        body: JSON.stringify(body) }, function (err, res) {
        if (err || !res) { cb(netError(err || 'closed', 'ionos update')); return; }
        if (res.status !== 200) { cb(failure(res, 'ionos update', ctx.clock.wallMs(), said(res))); return; }
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
  });
}
