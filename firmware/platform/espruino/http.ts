import { HttpPort, HttpRequest, HttpResponse } from '../../core/ports';
import { splitUrl, basicAuth } from '../../http/url';
import { parseProxy } from '../../http/proxy';
import { indexOfStr } from '../../core/text';
import { guard, later } from './once';

type HttpCb = (err: string | null, res?: HttpResponse) => void;

// Espruino reports failures as Error objects or {code, message}; keep a short code only.
function errCode(e: any): string {
  var m = String((e && e.message) || e || '');
  if (indexOfStr(m, 'locate host') >= 0 || indexOfStr(m, 'resolve') >= 0 || indexOfStr(m, 'DNS') >= 0) return 'dns';
  if (indexOfStr(m, 'refused') >= 0 || indexOfStr(m, 'REFUSED') >= 0) return 'refused';
  if (indexOfStr(m, 'imeout') >= 0) return 'timeout';
  return 'connect';
}

// Espruino's http has no timeout, no abort and throws from end() on DNS or connect failure:
// this adapter adds a watchdog, catches the throw, caps the body and calls back exactly once.
// Requests run one at a time, in order: the board has room for one TLS connection, and
// sections that fire together (boot, address change) must not open a socket each.
export function espruinoHttp(): HttpPort {
  var http = require('http');
  var queue: Array<{ req: HttpRequest; cb: HttpCb }> = [];
  var busy = false;

  function run(req: HttpRequest, cb: HttpCb) {
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
    if (req.proxy) {
      // A forward proxy gets the absolute URL (without user:pass@) and the target's Host.
      var px = parseProxy(req.proxy);
      if (!px) { later(function () { finish('badproxy'); }); return; }
      if (u.protocol === 'https:') { later(function () { finish('proxytls'); }); return; }
      var hp = (u.host.indexOf(':') >= 0 ? '[' + u.host + ']' : u.host) + (u.port !== 80 ? ':' + u.port : '');
      headers.Host = hp;
      if (px.auth) headers['Proxy-Authorization'] = px.auth;
      opts.host = px.host;
      opts.port = px.port;
      opts.path = 'http://' + hp + u.path;
    }
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
  }

  function next() {
    if (busy || !queue.length) return;
    var job = queue.shift()!;
    busy = true;
    run(job.req, function (err, res) {
      busy = false;
      later(next);
      job.cb(err, res);
    });
  }

  return {
    request: function (req: HttpRequest, cb: HttpCb) {
      queue.push({ req: req, cb: cb });
      next();
    },
  };
}
