// LuaDNS REST API v1, as ddns-scripts' update_luadns_v1.sh uses it:
//   username   the account e-mail, password  the API key (HTTP Basic, Accept: application/json)
//   domain     the full name of the record (home.example.com)
//   param_opt  optional zone_id=ID (skips the zone list)
// GET /zones finds the zone (the longest zone name that ends domain), GET /zones/{id}/records the
// record by name and type; a PUT of /zones/{id}/records/{rid} only when its content differs.

import { basicAuth } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { paramValue } from '../kit/params';
import { step, apiBase, rrType, sameIp, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://api.luadns.com/v1';

// The update: zone, record, compare, PUT.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var name = (o.domain || '').toLowerCase();
  if (name.charAt(name.length - 1) === '.') name = name.substring(0, name.length - 1);
  var type = rrType(ctx);
  var base = apiBase(ctx, BASE);
  var h = { Authorization: basicAuth(o.username || '', o.password || '') };
  var zoneId = paramValue(o.param_opt, 'zone_id');

  // Reads the zone's records; the one of this name and type is rewritten when it differs.
  var records = function () {
    step(ctx, { method: 'GET', url: base + '/zones/' + zoneId + '/records', headers: h, maxBytes: 8192 },
      'luadns records', cb, function (res) {
        // one record parsed at a time out of the zone's list (kit/list.ts)
        var rec = findNear(res.body || '', '', '"name":"' + name + '."', function (x: any) {
          return x.type === type && String(x.name).toLowerCase() === name + '.';
        });
        if (rec === undefined) { cb(unreadable(res, 'luadns records')); return; }
        if (!rec) { cb({ word: 'nohost', text: 'luadns: no ' + type + ' record ' + name + ': create it first' }); return; }
        if (sameIp(rec.content, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: name + ' ' + type + ' already ' + ctx.ip }); return; }
        var body = JSON.stringify({ name: name + '.', type: type, content: ctx.ip, ttl: rec.ttl > 0 ? rec.ttl : 300 });
        step(ctx, { method: 'PUT', url: base + '/zones/' + zoneId + '/records/' + rec.id, headers: h, body: body },
          'luadns update', cb, function () { cb({ word: 'good', text: name + ' ' + type + ' set to ' + ctx.ip }); });
      });
  };

  if (zoneId) { records(); return; }
  step(ctx, { method: 'GET', url: base + '/zones', headers: h, maxBytes: 8192 }, 'luadns zones', cb, function (res) {
    // the longest zone that ends name: each suffix of name, longest first, looked for in the list
    var labels = name.split('.');
    var best = '';
    for (var i = 0; i + 1 < labels.length && !best; i++) {
      var z = labels.slice(i).join('.');
      var hit = findNear(res.body || '', '', '"name":"' + z + '"', function (x: any) { return String(x.name).toLowerCase() === z; });
      if (hit === undefined) { cb(unreadable(res, 'luadns zones')); return; }
      if (hit) { best = z; zoneId = String(hit.id); }
    }
    if (!best) { cb({ word: 'nohost', text: 'luadns: no zone of this account holds ' + name }); return; }
    ctx.log('luadns: zone ' + best + ' id ' + zoneId + ' (param_opt zone_id= skips this lookup)');
    records();
  });
}
