// freedns.42.pl XML-RPC (xname.updateArecord), as ddns-scripts' update_freedns_42_pl.sh uses it:
//   username, password   the freedns.42.pl account
//   domain     record@zone (home@example.com, @example.com for the zone itself), or a full name
//              whose first label is the record
// One POST of a methodCall replacing every A address of the record (oldaddress '*') with the
// address, TTL 600. A reply with a 'serial' member is success; a <fault> names the error. IPv4
// only, as the service.

import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { step, apiBase } from '../kit/common';

var BASE = 'https://freedns.42.pl/xmlrpc.php';

// Text for an XML element: & < > escaped.
function esc(s: string): string {
  return s.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;');
}

// One struct member with a string value.
function member(name: string, value: string): string {
  return '<member><name>' + name + '</name><value><string>' + esc(value) + '</string></value></member>';
}

// The update: one methodCall.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  if (ctx.ipv6) { cb({ word: 'badsys', text: 'freedns42: the service updates A records only (IPv4)' }); return; }
  var d = (o.domain || '').toLowerCase();
  var at = d.indexOf('@');
  var cut = at >= 0 ? at : d.indexOf('.');
  var name = d.substring(0, cut);
  var zone = d.substring(cut + 1);
  if (zone.indexOf('.') < 0) { cb({ word: 'notfqdn', text: 'freedns42: domain must be record@zone or a full name' }); return; }
  var xml = '<?xml version="1.0"?><methodCall><methodName>xname.updateArecord</methodName><params><param><value><struct>' +
    member('name', name) + member('zone', zone) + member('oldaddress', '*') + member('updatereverse', '0') +
    member('user', o.username || '') + member('ttl', '600') + member('newaddress', ctx.ip) + member('password', o.password || '') +
    '</struct></value></param></params></methodCall>';
  step(ctx, { method: 'POST', url: apiBase(ctx, BASE), body: xml, headers: { 'Content-Type': 'text/xml', Accept: 'text/xml' } },
    'freedns42 update', cb, function (res) {
      var b = res.body || '';
      var what = (name ? name + '.' : '') + zone;
      if (indexOfStr(b, '<fault>') >= 0) {
        var s = indexOfStr(b, '<name>faultString</name>');
        var v = s >= 0 ? b.substring(indexOfStr(b, '<string>', s) + 8, indexOfStr(b, '</string>', s)) : '';
        var low = v.toLowerCase();
        var word = indexOfStr(low, 'password') >= 0 || indexOfStr(low, 'auth') >= 0 || indexOfStr(low, 'login') >= 0 ? 'badauth'
          : indexOfStr(low, 'zone') >= 0 || indexOfStr(low, 'record') >= 0 ? 'nohost' : 'badsys';
        cb({ word: word, text: 'freedns42: ' + (v || 'fault') });
        return;
      }
      if (indexOfStr(b, '<name>serial</name>') < 0) { cb({ word: 'dnserr', status: res.status, text: 'freedns42: no serial in the reply' }); return; }
      cb({ word: 'good', text: what + ' A set to ' + ctx.ip });
    });
}
