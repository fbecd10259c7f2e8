// myaddr.tools, as ddns-updater's myaddr provider sends it:
//   domain    your claimed name (your-name.myaddr.tools; only for the DNS check: the key names it)
//   password  the private key of the name
// One POST of /update with the form key=KEY&ip=ADDRESS: 200 is success, 404 an unknown key,
// 400 a request it refuses. A form, not a URL template, so it is code and not a catalog entry.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, failure, netError } from '../kit/common';

var BASE = 'https://myaddr.tools';

// The provider: one form POST; a 404 is the key being unknown.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var key = ctx.opts.password || '';
  if (!key) { cb({ word: 'badauth', text: 'myaddr: password (the private key) must be set' }); return; }
  call(ctx, { method: 'POST', url: apiBase(ctx, BASE) + '/update',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/plain' },
    body: 'key=' + urlEncode(key) + '&ip=' + urlEncode(ctx.ip) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'myaddr update')); return; }
    var text = res.body && res.body.length < 200 ? res.body.trim() : '';
    if (res.status === 404) { cb({ word: 'badauth', status: 404, text: 'myaddr update: HTTP 404, key not known' + (text ? ' (' + text + ')' : '') }); return; }
    if (res.status !== 200) { cb(failure(res, 'myaddr update', ctx.clock.wallMs(), text)); return; }
    cb({ word: 'good', text: 'myaddr: address set to ' + ctx.ip });
  });
}
