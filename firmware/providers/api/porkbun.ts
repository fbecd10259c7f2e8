// Porkbun DNS (JSON API v3), as ddns-scripts' update_porkbun_v3.sh configures it:
//   username  the API key, password  the secret API key (both go in the JSON body)
//   domain    the full name (home.example.com, or example.com for the domain itself); the zone
//             is its last two labels as in ddns-scripts, or, for zones like example.co.uk,
//             write 'home@example.co.uk'
// POST dns/retrieveByNameType reads the record; only when its content differs does POST
// dns/editByNameType write it (Porkbun refuses an edit that changes nothing).

import { HttpResponse } from '../../core/ports';
import { indexOfStr } from '../../core/text';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable, errorText } from '../kit/common';

var BASE = 'https://api.porkbun.com/api/json/v3';

// [zone, subdomain] of the domain option ('' subdomain for the zone itself).
function split(d: string): string[] {
  var at = d.indexOf('@');
  if (at >= 0) return [d.substring(at + 1), d.substring(0, at) === '@' ? '' : d.substring(0, at)];
  var last = d.lastIndexOf('.');
  var cut = last > 0 ? d.lastIndexOf('.', last - 1) : -1;
  return cut > 0 ? [d.substring(cut + 1), d.substring(0, cut)] : [d, ''];
}

// Porkbun answers every refusal with HTTP 400 and {status: 'ERROR', message}: the message
// tells a bad key (or a domain without API access) from an unknown domain.
function refused(res: HttpResponse, what: string, ctx: ApiContext): ApiResult {
  var m = errorText(res);
  var low = m.toLowerCase();
  if (res.status === 400) {
    if (indexOfStr(low, 'api key') >= 0 || indexOfStr(low, 'opted in') >= 0 || indexOfStr(low, 'authentic') >= 0) {
      return { word: 'badauth', status: 400, text: what + ': ' + m };
    }
    if (indexOfStr(low, 'domain') >= 0) return { word: 'nohost', status: 400, text: what + ': ' + m };
  }
  return failure(res, what, ctx.clock.wallMs(), m);
}

// One API call: credentials plus `extra` in the JSON body; `ok` gets the parsed SUCCESS reply.
function post(ctx: ApiContext, path: string, extra: any, what: string, cb: (res: ApiResult) => void,
              ok: (j: any) => void): void {
  var body: any = { secretapikey: ctx.opts.password, apikey: ctx.opts.username };
  var k: string;
  for (k in extra) body[k] = extra[k];
  call(ctx, { method: 'POST', url: apiBase(ctx, BASE) + path, body: JSON.stringify(body) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 200) { cb(refused(res, what, ctx)); return; }
    var j = json(res);
    if (!j) { cb(unreadable(res, what)); return; }
    if (j.status !== 'SUCCESS') { cb({ word: 'dnserr', status: 200, text: what + ': ' + (j.message || 'status ' + j.status) }); return; }
    ok(j);
  });
}

// The provider: retrieve by name and type, edit only when the content differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zs = split(o.domain || '');
  var type = rrType(ctx);
  if (!zs[0] || !o.username || !o.password) { cb({ word: 'badauth', text: 'porkbun: username (API key), password (secret key) and domain must be set' }); return; }
  var path = '/' + zs[0] + '/' + type + '/' + zs[1];
  var what = type + ' record ' + (zs[1] ? zs[1] + '.' : '') + zs[0];
  post(ctx, '/dns/retrieveByNameType' + path, {}, 'porkbun lookup', cb, function (j) {
    var recs = j.records;
    if (!recs || recs.length === 0) { cb({ word: 'nohost', text: 'porkbun: no ' + what }); return; }
    var rec = recs[0];
    if (sameIp(rec.content, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('porkbun: ' + what + ' is ' + rec.content + ', updating');
    var edit: any = { content: ctx.ip };
    if (rec.ttl) edit.ttl = String(rec.ttl);
    post(ctx, '/dns/editByNameType' + path, edit, 'porkbun update', cb, function () {
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
