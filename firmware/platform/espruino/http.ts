import { HttpPort, HttpRequest, HttpResponse } from '../../core/ports';
import { splitUrl, basicAuth } from '../../core/url';
import { guard, later } from './once';

// Espruino's http has no timeout, no abort and throws from end() on DNS or connect failure:
// this adapter adds a watchdog, catches the throw, caps the body and calls back exactly once.
export function espruinoHttp(): HttpPort {
  var http = require('http');
  return {
    request: function (req: HttpRequest, cb: (err: string | null, res?: HttpResponse) => void) {
      var finish = guard<HttpResponse>(cb, req.timeoutMs || 15000);
      var u = splitUrl(req.url);
      if (!u) { later(function () { finish('badurl'); }); return; }
      var headers: any = {};
      var k: string;
      for (k in req.headers || {}) headers[k] = (req.headers as any)[k];
      if (u.user !== undefined && !headers.Authorization) headers.Authorization = basicAuth(u.user, u.pass || '');
      if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
      var opts: any = { host: u.host, port: u.port, path: u.path, method: req.method || 'GET',
        protocol: u.protocol, headers: headers };
      if (req.ca) opts.ca = req.ca;
      var max = req.maxBytes || 4096;
      var r: any;
      try {
        r = http.request(opts, function (res: any) {
          var body = '';
          var truncated = false;
          res.on('data', function (d: string) {
            if (body.length + d.length > max) {
              truncated = true;
              body += d.substr(0, max - body.length);
            } else body += d;
          });
          res.on('close', function () {
            finish(null, { status: parseInt(res.statusCode, 10) || 0, headers: res.headers || {},
              body: body, truncated: truncated });
          });
          res.on('error', function () { finish('reset'); });
        });
        r.on('error', function (e: any) { finish(errCode(e)); });
        r.end(req.body);
      } catch (e) {
        later(function () { finish(errCode(e)); });
      }
    },
  };
}

// Espruino reports failures as Error objects or {code, message}; keep a short code only.
function errCode(e: any): string {
  var m = String((e && e.message) || e || '');
  if (m.indexOf('locate host') >= 0 || m.indexOf('resolve') >= 0 || m.indexOf('DNS') >= 0) return 'dns';
  if (m.indexOf('refused') >= 0 || m.indexOf('REFUSED') >= 0) return 'refused';
  if (m.indexOf('imeout') >= 0) return 'timeout';
  return 'connect';
}
