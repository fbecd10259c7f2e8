import { HttpPort, HttpRequest, HttpResponse, ModulePort } from '../../core/ports';
import type * as Run from './httprun';
import { later } from './once';
import { espruinoModules } from './modules';

type HttpCb = (err: string | null, res?: HttpResponse) => void;

// The firmware's HTTP/1.1 client over net/tls sockets (Espruino's http cannot be stopped, keeps
// a header that never ends in RAM and sends its own User-Agent first). Every request ends in
// exactly one callback, given once its socket is gone. Requests run one at a time, in order: the
// board has room for one TLS connection, and sections that fire together (boot, address change)
// must not open a socket each. A request itself (URL and proxy parsers, request text, reply
// reader, the socket) is the Storage module ddns.http (httprun.ts), loaded per request and let
// go when none is left; missing, every request fails with 'nomodule'.
// The queue of requests, whether one is in flight, and where the module comes from: at the root
// of .bootcde, like the functions below (a function made at the root costs a block less than a
// closure made inside a factory, and none keeps a scope alive).
var queue: Array<{ req: HttpRequest; cb: HttpCb }> = [];
var busy = false;
var loader: ModulePort = espruinoModules();

// A request ended: the next one goes on a tick of its own, after the caller heard.
function ended(cb: HttpCb, err: string | null, res?: HttpResponse) {
  busy = false;
  // the module is let go between requests: its functions cost nothing while idle
  if (!queue.length) loader.drop('http');
  later(next);
  cb(err, res);
}

function next() {
  if (busy || !queue.length) return;
  var job = queue.shift()!;
  busy = true;
  var end = ended.bind(null, job.cb);
  var m: typeof Run | null = null;
  try { m = loader.load('http'); } catch (e) { m = null; }
  if (m) m.run(job.req, end);
  else later(end.bind(null, 'nomodule'));
}

var PORT: HttpPort = {
  request: function (req: HttpRequest, cb: HttpCb) {
    queue.push({ req: req, cb: cb });
    next();
  },
};

// (no parameters: the build writes it in where it is called, so it is no function object at idle)
export function espruinoHttp(): HttpPort { return PORT; }

/** For a bundle that carries the request code itself (a test's): where ddns.http comes from. */
export function useHttpLoader(from: ModulePort) { loader = from; }
