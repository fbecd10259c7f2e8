// Hetzner DNS through the Cloud API (api.hetzner.cloud/v1, zones and RRSets), as ddns-scripts'
// update_hetzner_cloud.sh configures it:
//   domain    the zone name (example.com) or its id
//   username  the RRSet name in the zone (www; '@' or empty for the zone apex)
//   password  an API token of the project (Authorization: Bearer)
// A GET of /zones/{zone}/rrsets/{name}/{type} reads the RRSet; only when it is not exactly the
// current address does POST .../actions/set_records replace its records.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';

var BASE = 'https://api.hetzner.cloud/v1';

// Replaces the RRSet's records with the one address, keeping the first record's comment.
function write(ctx: ApiContext, url: string, auth: string, comment: string, what: string,
               cb: (res: ApiResult) => void): void {
  var body = { records: [{ value: ctx.ip, comment: comment }] };
  call(ctx, { method: 'POST', url: url + '/actions/set_records', headers: { Authorization: auth },
    body: JSON.stringify(body) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'hetzner update')); return; }
    if (res.status < 200 || res.status > 299) { cb(failure(res, 'hetzner update', ctx.clock.wallMs())); return; }
    cb({ word: 'good', text: what + ' set to ' + ctx.ip });
  });
}

// The provider: read the RRSet, set its records only when it is not exactly the address.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = o.domain || '';
  var name = (o.username || '@').toLowerCase();
  var type = rrType(ctx);
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'hetzner: domain (zone) and password (API token) must be set' }); return; }
  var url = apiBase(ctx, BASE) + '/zones/' + urlEncode(zone) + '/rrsets/' + urlEncode(name) + '/' + type;
  var auth = 'Bearer ' + o.password;
  var what = type + ' record ' + (name === '@' ? zone : name + '.' + zone);
  call(ctx, { method: 'GET', url: url, headers: { Authorization: auth } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'hetzner lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'hetzner lookup', ctx.clock.wallMs())); return; }
    var j = json(res);
    var recs = j && j.rrset && j.rrset.records;
    if (!recs || typeof recs.length !== 'number') { cb(unreadable(res, 'hetzner lookup')); return; }
    if (recs.length === 1 && sameIp(recs[0].value, ctx.ip, ctx.ipv6)) {
      cb({ word: 'nochg', text: what + ' already ' + ctx.ip });
      return;
    }
    ctx.log('hetzner: ' + what + ' is ' + (recs.length ? recs[0].value : 'empty') + ', updating');
    write(ctx, url, auth, recs.length && recs[0].comment ? String(recs[0].comment) : '', what, cb);
  });
}
