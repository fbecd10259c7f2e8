// Gandi LiveDNS (API v5), as ddns-scripts' update_gandi_net.sh configures it:
//   domain    the zone (example.com)
//   username  the record name (www; '@' or empty for the zone itself)
//   password  a personal access token (Authorization: Bearer), or a legacy API key
//             (Authorization: Apikey, what ddns-scripts sends): a key refused as Bearer is
//             tried once as Apikey, so old configs keep working
// A GET of /domains/{zone}/records/{name}/{type} reads the record set, a PUT to the same path
// replaces it only when it is not exactly the current address (keeping its TTL).

import { HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';

var BASE = 'https://api.gandi.net/v5/livedns';

// GET with the token as Bearer; on 401/403 once more as a legacy Apikey. Calls back with the
// reply and the Authorization value that got it.
function read(ctx: ApiContext, url: string, cb: (err: string | null, res?: HttpResponse, auth?: string) => void): void {
  var bearer = 'Bearer ' + ctx.opts.password;
  call(ctx, { method: 'GET', url: url, headers: { Authorization: bearer } }, function (err, res) {
    if (err || !res || (res.status !== 401 && res.status !== 403)) { cb(err, res, bearer); return; }
    var key = 'Apikey ' + ctx.opts.password;
    call(ctx, { method: 'GET', url: url, headers: { Authorization: key } }, function (err2, res2) {
      cb(err2, res2, key);
    });
  });
}

// Replaces the record set with the one address.
function write(ctx: ApiContext, url: string, auth: string, ttl: number, what: string,
               cb: (res: ApiResult) => void): void {
  var body = { rrset_values: [ctx.ip], rrset_ttl: ttl };
  call(ctx, { method: 'PUT', url: url, headers: { Authorization: auth }, body: JSON.stringify(body) },
    function (err, res) {
      if (err || !res) { cb(netError(err || 'closed', 'gandi update')); return; }
      if (res.status !== 200 && res.status !== 201) { cb(failure(res, 'gandi update', ctx.clock.wallMs())); return; }
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
}

// The provider: read the record set, replace it only when it is not exactly the address.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = o.domain || '';
  var name = o.username || '@';
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'gandi: domain (zone) and password (token) must be set' }); return; }
  var url = apiBase(ctx, BASE) + '/domains/' + urlEncode(zone) + '/records/' + urlEncode(name) + '/' + type;
  var what = type + ' record ' + (name === '@' ? zone : name + '.' + zone);
  read(ctx, url, function (err, res, auth) {
    if (err || !res) { cb(netError(err || 'closed', 'gandi lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'gandi lookup', ctx.clock.wallMs())); return; }
    var j = json(res);
    var vals = j && j.rrset_values;
    if (!vals || typeof vals.length !== 'number') { cb(unreadable(res, 'gandi lookup')); return; }
    if (vals.length === 1 && sameIp(vals[0], ctx.ip, ctx.ipv6)) {
      cb({ word: 'nochg', text: what + ' already ' + ctx.ip });
      return;
    }
    ctx.log('gandi: ' + what + ' is ' + (vals.join(' ') || 'empty') + ', updating');
    write(ctx, url, auth as string, j.rrset_ttl > 0 ? j.rrset_ttl : 600, what, cb);
  });
}
