// netcup CCP DNS API (JSON endpoint), as ddns-scripts' update_netcup_com.sh uses it:
//   username   the customer number, password  the API password, param_enc  the API key
//   domain     the full name (home.example.com); param_opt  the zone, when it is not domain
//              minus its first label
// login gives a session id; infoDnsRecords lists the zone's records; updateDnsRecords changes the
// record of that hostname and type only when its destination differs; logout ends the session
// (netcup counts open sessions). Every answer is {status: 'success'|'error', statuscode,
// shortmessage, responsedata}.

import { ApiContext, ApiResult } from '../types';
import { call, step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';
import { findNear } from '../kit/list';
import { indexOfStr } from '../../core/text';

var BASE = 'https://ccp.netcup.net/run/webservice/servers/endpoint.php?JSON';

// The update: login, records, compare, update, logout.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var fqdn = (o.domain || '').toLowerCase();
  var zone = (o.param_opt || '').toLowerCase();
  if (!zone) {
    zone = fqdn.substring(fqdn.indexOf('.') + 1);
    if (zone.indexOf('.') < 0) zone = fqdn;
  }
  var host = fqdn === zone ? '@' : fqdn.substring(0, fqdn.length - zone.length - 1);
  var type = rrType(ctx);
  var url = apiBase(ctx, BASE);
  var auth: any = { customernumber: o.username || '', apikey: o.param_enc || '' };
  var what = type + ' record ' + fqdn;

  // One action; next gets responsedata on status 'success', else the update ends with bad.
  // The record list is read one record at a time (kit/list.ts): next gets {body} then.
  var action = function (name: string, param: any, bad: string, next: (d: any) => void) {
    for (var k in auth) param[k] = auth[k];
    step(ctx, { method: 'POST', url: url, body: JSON.stringify({ action: name, param: param }), maxBytes: 8192 },
      'netcup ' + name, cb, function (res) {
        var b = res.body || '';
        if (name === 'infoDnsRecords' && indexOfStr(b, '"status":"success"') >= 0 && indexOfStr(b, '"dnsrecords"') >= 0) { next({ body: b }); return; }
        var j = json(res);
        if (!j) { cb(unreadable(res, 'netcup ' + name)); return; }
        if (j.status !== 'success') {
          var f = { word: bad, text: 'netcup ' + name + ': ' + j.statuscode + ' ' + (j.shortmessage || '') + (j.longmessage ? ' ' + j.longmessage : '') };
          // a refusal after login still ends the session
          if (auth.apisessionid) { finish(f); } else { cb(f); }
          return;
        }
        next(j.responsedata || {});
      });
  };
  // Ends the session, then gives the update's outcome r, whatever the logout answers.
  var finish = function (r: ApiResult) {
    var p: any = {};
    for (var k in auth) p[k] = auth[k];
    call(ctx, { method: 'POST', url: url, body: JSON.stringify({ action: 'logout', param: p }) }, function () { cb(r); });
  };

  action('login', { apipassword: o.password || '' }, 'badauth', function (d: any) {
    if (!d.apisessionid) { cb({ word: 'badauth', text: 'netcup login: no session id' }); return; }
    auth.apisessionid = d.apisessionid;
    delete auth.apipassword;
    action('infoDnsRecords', { domainname: zone }, 'nohost', function (d2: any) {
      var rec = findNear(d2.body || '', 'dnsrecords', '"hostname":"' + host + '"', function (x: any) {
        return x.type === type && String(x.hostname).toLowerCase() === host;
      });
      if (rec === undefined) { finish({ word: 'dnserr', text: 'netcup infoDnsRecords: reply too large or not understood' }); return; }
      if (!rec) { finish({ word: 'nohost', text: 'netcup: no ' + what + ' in zone ' + zone + ': create it first' }); return; }
      if (sameIp(rec.destination, ctx.ip, ctx.ipv6)) { finish({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
      var set = { dnsrecords: [{ id: rec.id, hostname: rec.hostname, type: type, priority: rec.priority || '',
        destination: ctx.ip, deleterecord: false }] };
      action('updateDnsRecords', { domainname: zone, dnsrecordset: set }, 'badsys', function () {
        finish({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
  });
}
