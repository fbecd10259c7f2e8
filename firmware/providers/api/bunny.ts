// Bunny DNS (api.bunny.net), as ddns-updater's bunny provider:
//   domain     the zone (example.com)
//   username   the record name (www; '@' or empty for the zone itself, which Bunny names '')
//   password   the account API key (AccessKey header)
//   param_opt  optional zone_id=ID, and record_id=ID with it: skips the lookups
// Without ids, GET /dnszone?search= finds the zone and GET /dnszone/{id} its records; a record
// whose Value is not the address is written with POST
// /dnszone/{zone}/records/{id}. Bunny's replies carry every field of every record: a zone too
// large for the 8 KB reply cap needs the ids in param_opt (then one POST per update).

import { HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, json, sameIp, failure, netError } from '../kit/common';
import { eachIn, findNear, arrayAt, valueEnd } from '../kit/list';
import { indexOfStr } from '../../core/text';
import { paramValue } from '../kit/params';

var BASE = 'https://api.bunny.net';

// Bunny's errors are {ErrorKey, Field, Message}: the message, for the log line.
function said(res: HttpResponse): string {
  var j = res.body && res.body.length <= 1024 ? json(res) : null;
  var m = j && (j.Message || j.ErrorKey);
  return typeof m === 'string' ? m.substring(0, 120) : '';
}

// One GET; calls back with the reply's text, or an ApiResult when it failed.
function get(ctx: ApiContext, url: string, what: string, cb: (r: ApiResult | null, body?: string, cut?: boolean) => void): void {
  call(ctx, { method: 'GET', url: url, maxBytes: 8192, headers: { AccessKey: ctx.opts.password } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 200) { cb(failure(res, what, ctx.clock.wallMs(), said(res))); return; }
    cb(null, res.body, res.truncated);
  });
}

// Writes the address into record rid of zone zid.
function write(ctx: ApiContext, zid: string, rid: string, name: string, what: string, cb: (res: ApiResult) => void): void {
  var body = { Id: Number(rid), Value: ctx.ip, Name: name };
  call(ctx, { method: 'POST', url: apiBase(ctx, BASE) + '/dnszone/' + urlEncode(zid) + '/records/' + urlEncode(rid),
    headers: { AccessKey: ctx.opts.password }, body: JSON.stringify(body) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'bunny update')); return; }
    if (res.status !== 204 && res.status !== 200) { cb(failure(res, 'bunny update', ctx.clock.wallMs(), said(res))); return; }
    cb({ word: 'good', text: what + ' set to ' + ctx.ip });
  });
}

// Finds the record of name and type in the Records of a zone's reply and writes it when it
// differs.
function inZone(ctx: ApiContext, zid: string, text: string, cut: boolean, name: string, what: string, cb: (res: ApiResult) => void): void {
  var type = ctx.ipv6 ? 1 : 0;
  var rec = findNear(text, 'Records', '"Name":"' + name + '"', function (x) { return x.Type === type && x.Name === name; });
  if (rec === undefined) { cb({ word: 'dnserr', status: 200, text: 'bunny lookup: ' + (cut ? 'reply too large (set zone_id and record_id in param_opt)' : 'reply not understood') }); return; }
  if (!rec) { cb({ word: 'nohost', text: 'bunny: no ' + what }); return; }
  if (sameIp(rec.Value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
  ctx.log('bunny: ' + what + ' is ' + rec.Value + ', updating');
  write(ctx, zid, String(rec.Id), name, what, cb);
}

// The Id of the zone of the search list whose Domain is zone: null when none, undefined when
// unreadable. Bunny writes a zone's Id before its Domain, so the Id is read from the text just
// before the Domain; otherwise each zone is read with its Records array left out.
function zoneId(body: string, zone: string): any {
  var at = indexOfStr(body, '"Domain":"' + zone + '"');
  var s = at > 0 ? body.lastIndexOf('{', at) : -1;
  var k = s >= 0 ? indexOfStr(body.substring(s, at), '"Id":') : -1;
  var id = k >= 0 ? parseInt(body.substring(s + k + 5, s + k + 25), 10) : 0;
  if (id > 0) return String(id);
  return eachIn(body, 'Items', function (t) {
    if (indexOfStr(t.toLowerCase(), '"' + zone + '"') < 0) return null;
    var ra = arrayAt(t, 'Records');
    var head: any;
    try { head = JSON.parse(ra < 0 ? t : t.substring(0, ra) + '[]' + t.substring(valueEnd(t, ra))); } catch (e) { return undefined; }
    return String(head.Domain).toLowerCase() === zone ? String(head.Id) : null;
  });
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
  // the zone's own reply, for a known zone id
  function byId(id: string): void {
    get(ctx, base + '/' + urlEncode(id), 'bunny lookup', function (r, body, cut) {
      if (r) { cb(r); return; }
      inZone(ctx, id, body as string, !!cut, name, what, cb);
    });
  }
  if (zid && rid) { write(ctx, zid, rid, name, what, cb); return; }
  if (zid) { byId(zid); return; }
  get(ctx, base + '?page=1&perPage=5&search=' + urlEncode(zone), 'bunny zones', function (r, body, cut) {
    if (r) { cb(r); return; }
    var id = zoneId(body as string, zone);
    if (id === undefined) { cb({ word: 'dnserr', status: 200, text: 'bunny zones: ' + (cut ? 'reply too large (set zone_id in param_opt)' : 'reply not understood') }); return; }
    if (!id) { cb({ word: 'nohost', text: 'bunny: no DNS zone ' + zone + ' in this account' }); return; }
    byId(id);
  });
}
