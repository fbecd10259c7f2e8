// Entry of the bundle http.test.mjs runs on the real interpreter: the firmware's HTTP client
// (platform/espruino/http.ts with its request module, httprun.ts, bundled in, from build/js of
// `npm run build`) sends each request of REQS (given before this file) in turn and prints one
// RES line per answer, then MEM (process.memory() after the last) and DONE. Plain ES5: Espruino
// runs it.
import { espruinoHttp, useHttpLoader } from '../../build/js/firmware/platform/espruino/http.js';
import { run } from '../../build/js/firmware/platform/espruino/httprun.js';

// (a plain object: a bundled module namespace is {__proto__: null}, which Espruino cannot look
// a missing property up in)
useHttpLoader({ load: function () { return { run: run }; }, drop: function () { /* bundled */ } });
var http = espruinoHttp();
var left = REQS.length;
REQS.forEach(function (r, i) {
  http.request(r, function (err, res) {
    print('RES ' + JSON.stringify({ i: i, err: err, status: res && res.status, headers: res && res.headers,
      body: res && res.body, truncated: res && res.truncated }));
    if (--left === 0) setTimeout(function () { print('MEM ' + JSON.stringify(process.memory())); print('DONE'); }, 300);
  });
});
