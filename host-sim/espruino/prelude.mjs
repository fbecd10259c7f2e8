// Code that runs *inside* the board's realm before the firmware: it replaces the V8 built-ins
// whose behaviour differs from Espruino's in ways firmware can trip over (Promise, Date, Error,
// JSON, RegExp, URI encoding). It is written as a normal function and injected via toString(),
// so it must not reference anything from this module's scope.

// Why injected source and not host functions: these objects must be genuine realm objects
// (prototype chains, `instanceof`, `this` binding) and they are called very often.
function prelude(hooks) {
  'use strict';
  var g = globalThis;
  var WM = g.WeakMap;
  var RDate = g.Date;
  var rExec = RegExp.prototype.exec;
  // Internal pattern matching must not go through the Espruino RegExp guard below.
  function rx(re, s) { return rExec.call(re, s); }

  // ---------------------------------------------------------------- Error
  // Espruino errors carry `type` and `message`; `name` is undefined; toString is "Type: msg".
  function patchError(Ctor, type) {
    var p = Ctor.prototype;
    delete p.name;
    delete p.message;
    Object.defineProperty(p, 'type', { value: type, writable: true, configurable: true });
    Object.defineProperty(p, 'toString', {
      value: function () {
        var t = this.type === undefined ? 'Error' : this.type;
        return Object.prototype.hasOwnProperty.call(this, 'message') ? t + ': ' + this.message : t;
      },
      writable: true, configurable: true,
    });
  }
  function InternalError(message) {
    var e = new g.Error(message);
    Object.setPrototypeOf(e, InternalError.prototype);
    return e;
  }
  InternalError.prototype = Object.create(g.Error.prototype);
  Object.defineProperty(InternalError.prototype, 'constructor', { value: InternalError, writable: true, configurable: true });
  g.InternalError = InternalError;
  patchError(g.Error, 'Error');
  patchError(g.TypeError, 'TypeError');
  patchError(g.SyntaxError, 'SyntaxError');
  patchError(g.ReferenceError, 'ReferenceError');
  patchError(InternalError, 'InternalError');

  // ---------------------------------------------------------------- JSON
  // Espruino ignores the replacer and the reviver, and writes typed arrays as arrays.
  var rStringify = JSON.stringify;
  var rParse = JSON.parse;
  function typedAsArray(key, value) {
    if (value && typeof value === 'object' && ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Array.prototype.slice.call(value);
    }
    if (value instanceof ArrayBuffer) return Array.prototype.slice.call(new Uint8Array(value));
    return value;
  }
  JSON.stringify = function stringify(value, replacer, space) {
    return rStringify(value, typedAsArray, space);
  };
  JSON.parse = function parse(text) {
    return rParse(text);
  };

  // ---------------------------------------------------------------- URI encoding
  // Espruino strings are 8-bit: these work on bytes, not on UTF-16 code points.
  g.encodeURIComponent = function encodeURIComponent(s) {
    s = String(s);
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i) & 255;
      var ch = String.fromCharCode(c);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || "_-.!~*'()".indexOf(ch) >= 0) {
        out += ch;
      } else {
        out += '%' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
      }
    }
    return out;
  };
  g.decodeURIComponent = function decodeURIComponent(s) {
    s = String(s);
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c > 127) throw new g.Error('ASCII only');
      if (s[i] !== '%') { out += s[i]; continue; }
      var v = parseInt(s.substr(i + 1, 2), 16);
      if (isNaN(v) || !rx(/^[0-9a-fA-F]{2}$/, s.substr(i + 1, 2))) throw new g.Error('Invalid URI');
      out += String.fromCharCode(v);
      i += 2;
    }
    return out;
  };

  // ---------------------------------------------------------------- RegExp
  // Espruino's matcher knows only single-item * and +, classes, \d\w\s (and negations), ^ $,
  // top-level |, plain groups, flags g/i. A pattern using anything else silently never matches
  // on the board (ESPRUINO.md), so it never matches here either. V8 still parses it.
  var verdict = Object.create(null);
  function unsupported(src) {
    if (src in verdict) return verdict[src];
    var bad = false;
    var depth = 0;
    var inClass = false;
    for (var i = 0; i < src.length && !bad; i++) {
      var ch = src[i];
      if (ch === '\\') {
        var n = src[i + 1];
        if (!inClass && (n === 'b' || n === 'B')) bad = true;
        if (n >= '1' && n <= '9') bad = 'backref';
        if (n === 'u' || n === 'c' || n === 'p' || n === 'P' || n === 'k') bad = true;
        i++;
        continue;
      }
      if (inClass) { if (ch === ']') inClass = false; continue; }
      if (ch === '[') { inClass = true; continue; }
      if (ch === '?') bad = true;
      else if (ch === '{' && rx(/^\{\d+(,\d*)?\}/, src.slice(i))) bad = true;
      else if (ch === '(') depth++;
      else if (ch === ')') {
        depth--;
        var q = src[i + 1];
        if (q === '*' || q === '+' || q === '?' || q === '{') bad = true;
      } else if (ch === '|' && depth > 0) bad = true;
    }
    verdict[src] = bad;
    return bad;
  }
  Object.defineProperty(RegExp.prototype, 'exec', {
    value: function exec(str) {
      var bad = unsupported(this.source);
      if (bad === 'backref') throw new g.Error('Backreferences not supported');
      if (bad) { this.lastIndex = 0; return null; }
      return rExec.call(this, str);
    },
    writable: true, configurable: true,
  });

  // ---------------------------------------------------------------- Promise
  // Espruino's Promise: resolution and reactions run from the event queue; a rejection with no
  // handler attached *at that moment* raises "Unhandled promise rejection"; attaching to an
  // already settled promise fires with "isThen=false" (so `.catch` on a fulfilled promise
  // rejects the derived promise, as jswrap_promise.c does). No finally/race/allSettled/any.
  var states = new WM();
  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function str(v) { try { return String(v); } catch (e) { return '[object]'; } }
  function newState(p) { var s = { state: 0, value: undefined, thn: null, cat: null }; states.set(p, s); return s; }

  function Promise(executor) {
    if (!executor) throw new g.Error('Function required in promise constructor');
    newState(this);
    var box = { prom: this, resolved: false };
    var resolve = function (v) { hooks.queue(function () { settle(box, v, true); }); };
    var reject = function (v) { hooks.queue(function () { settle(box, v, false); }); };
    try { executor.call(this, resolve, reject); } catch (e) { reject(e); }
  }
  function blank() { var p = Object.create(Promise.prototype); newState(p); return p; }

  function seal(p, data, resolving) {
    var s = states.get(p);
    s.state = resolving ? 2 : 1;
    var list = resolving ? s.thn : s.cat;
    if (!list) {
      if (!resolving) throw new g.Error('Unhandled promise rejection: ' + str(data));
      return;
    }
    for (var i = 0; i < list.length; i++) queueReaction(p, list[i], data, resolving);
  }

  function settle(box, data, resolving) {
    if (box.resolved) return;
    box.resolved = true;
    var p = box.prom;
    if (data === p) throw new g.Error('Illegal resolving to self');
    states.get(p).value = data;
    if (!resolving || !isObj(data)) { seal(p, data, resolving); return; }
    var then = data.then;
    if (typeof then !== 'function') { seal(p, data, resolving); return; }
    var inner = { prom: p, resolved: false };
    try {
      then.call(data, function (v) { settle(inner, v, true); }, function (v) { settle(inner, v, false); });
    } catch (e) {
      settle(inner, e, false);
    }
  }

  function queueReaction(p, reaction, value, isThen) {
    hooks.queue(function () {
      var next = reaction.next;
      var threw = false;
      var ret;
      if (reaction.cb) {
        try { ret = reaction.cb.call(p, value); } catch (e) { threw = true; ret = e; }
      } else {
        if (!isThen) threw = true;
        ret = value;
      }
      settle(next, ret, !threw);
    });
  }

  function then(onFulfilled, onRejected) {
    var np = blank();
    var box = { prom: np, resolved: false };
    if (typeof onFulfilled !== 'function') onFulfilled = null;
    if (typeof onRejected !== 'function') onRejected = null;
    var s = states.get(this);
    if (!s) throw new g.TypeError('Not a Promise');
    if (s.state === 0) {
      (s.thn || (s.thn = [])).push({ cb: onFulfilled, next: box });
      (s.cat || (s.cat = [])).push({ cb: onRejected, next: box });
    } else {
      queueReaction(this, { cb: s.state === 2 ? onFulfilled : onRejected, next: box }, s.value, false);
    }
    return np;
  }

  Object.defineProperty(Promise.prototype, 'then', { value: then, writable: true, configurable: true });
  Object.defineProperty(Promise.prototype, 'catch', {
    value: function (onRejected) { return then.call(this, undefined, onRejected); },
    writable: true, configurable: true,
  });
  Promise.resolve = function resolve(data) {
    if (data instanceof Promise) return data;
    if (isObj(data) && typeof data.then === 'function') return new Promise(data.then);
    var p = blank();
    var box = { prom: p, resolved: false };
    hooks.queue(function () { settle(box, data, true); });
    return p;
  };
  Promise.reject = function reject(data) {
    var p = blank();
    var box = { prom: p, resolved: false };
    hooks.queue(function () { settle(box, data, false); });
    return p;
  };
  Promise.all = function all(arr) {
    if (arr === null || typeof arr !== 'object') {
      throw new g.TypeError('Expecting something iterable, got ' + typeof arr);
    }
    var p = blank();
    var box = { prom: p, resolved: false };
    var results = [];
    var remaining = 0;
    var failed = false;
    for (var i = 0; i < arr.length; i++) {
      var item = arr[i];
      if (item instanceof Promise) {
        remaining++;
        (function (idx) {
          then.call(item, function (v) {
            if (failed) return;
            results[idx] = v;
            if (--remaining === 0) hooks.queue(function () { settle(box, results, true); });
          }, function (e) {
            if (failed) return;
            failed = true;
            hooks.queue(function () { settle(box, e, false); });
          });
        })(i);
      } else {
        results[i] = item;
      }
    }
    if (remaining === 0) return Promise.resolve(results);
    return p;
  };
  g.Promise = Promise;

  // ---------------------------------------------------------------- Date
  // The board clock starts at 1970 on boot and follows setTime(); local time is UTC plus the
  // E.setTimeZone() offset (the host's TZ never leaks in); Date.parse is Espruino's parser
  // (unparseable text gives 0, not NaN); only the methods Espruino has are kept.
  var proto = RDate.prototype;
  var utc = {};
  ['getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes',
    'getUTCSeconds', 'getUTCMilliseconds', 'getTime', 'setTime', 'setUTCFullYear', 'setUTCMonth',
    'setUTCDate', 'setUTCHours', 'setUTCMinutes', 'setUTCSeconds', 'setUTCMilliseconds',
    'toISOString'].forEach(function (n) { utc[n] = proto[n]; });
  var RUTC = RDate.UTC;
  var DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function tz() { return hooks.tz(); }
  function shifted(d) { return new RDate(utc.getTime.call(d) + tz() * 60000); }
  function pad(n, w) { n = String(n); while (n.length < (w || 2)) n = '0' + n; return n; }
  function toInt(v) { v = Number(v); return isFinite(v) ? (v < 0 ? Math.ceil(v) : Math.floor(v)) : 0; }

  function EDate(a, b, c, d, e, f, ms) {
    if (!(this instanceof EDate)) return new EDate().toString();
    var n = arguments.length;
    var t;
    if (n === 0) t = hooks.now();
    else if (n === 1) {
      if (typeof a === 'number') t = a;
      else if (typeof a === 'string') t = parseDate(a);
      else throw new g.TypeError('Variables of type ' + typeof a + ' are not supported in date constructor');
    } else {
      t = RUTC(toInt(a), toInt(b), toInt(c), toInt(d), toInt(e), toInt(f), toInt(ms)) - tz() * 60000;
    }
    if (t < -3.95083256832E+016 || t >= 3.93840543168E+016) throw new g.Error('Date out of bounds');
    return new RDate(t);
  }
  EDate.prototype = proto;
  Object.defineProperty(proto, 'constructor', { value: EDate, writable: true, configurable: true });
  EDate.now = function now() { return hooks.now(); };
  EDate.parse = function parse(s) { return typeof s === 'string' ? parseDate(s) : 0; };

  var keep = { constructor: 1, getTime: 1, valueOf: 1, setTime: 1, getTimezoneOffset: 1 };
  Object.getOwnPropertyNames(proto).forEach(function (k) {
    if (!keep[k] && !rx(/^getUTC/, k)) delete proto[k];
  });
  function def(name, fn) { Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true }); }
  [['getFullYear', 'getUTCFullYear'], ['getMonth', 'getUTCMonth'], ['getDate', 'getUTCDate'],
    ['getDay', 'getUTCDay'], ['getHours', 'getUTCHours'], ['getMinutes', 'getUTCMinutes'],
    ['getSeconds', 'getUTCSeconds'], ['getMilliseconds', 'getUTCMilliseconds']].forEach(function (p) {
    def(p[0], function () { return utc[p[1]].call(shifted(this)); });
  });
  [['setFullYear', 'setUTCFullYear'], ['setMonth', 'setUTCMonth'], ['setDate', 'setUTCDate'],
    ['setHours', 'setUTCHours'], ['setMinutes', 'setUTCMinutes'], ['setSeconds', 'setUTCSeconds'],
    ['setMilliseconds', 'setUTCMilliseconds']].forEach(function (p) {
    def(p[0], function () {
      var s = shifted(this);
      utc[p[1]].apply(s, arguments);
      return utc.setTime.call(this, utc.getTime.call(s) - tz() * 60000);
    });
  });
  def('getTimezoneOffset', function () { return -tz(); });
  def('getIsDST', function () { return false; });
  def('toString', function () {
    var s = shifted(this);
    var z = tz();
    var az = Math.abs(z);
    return DAYS[utc.getUTCDay.call(s)] + ' ' + MONTHS[utc.getUTCMonth.call(s)] + ' ' + utc.getUTCDate.call(s) +
      ' ' + utc.getUTCFullYear.call(s) + ' ' + pad(utc.getUTCHours.call(s)) + ':' + pad(utc.getUTCMinutes.call(s)) +
      ':' + pad(utc.getUTCSeconds.call(s)) + ' GMT' + (z < 0 ? '-' : '+') + pad(Math.floor(az / 60) * 100 + az % 60, 4);
  });
  def('toUTCString', function () {
    return DAYS[utc.getUTCDay.call(this)] + ', ' + utc.getUTCDate.call(this) + ' ' + MONTHS[utc.getUTCMonth.call(this)] +
      ' ' + utc.getUTCFullYear.call(this) + ' ' + pad(utc.getUTCHours.call(this)) + ':' +
      pad(utc.getUTCMinutes.call(this)) + ':' + pad(utc.getUTCSeconds.call(this)) + ' GMT';
  });
  def('toISOString', function () { return utc.toISOString.call(this); });
  def('toJSON', function () { return utc.toISOString.call(this); });
  def('toLocalISOString', function () {
    var s = shifted(this);
    var z = tz();
    var az = Math.abs(z);
    return utc.toISOString.call(s).slice(0, 23) + (z < 0 ? '-' : '+') + pad(Math.floor(az / 60) * 100 + az % 60, 4);
  });

  // A tokenizer shaped like Espruino's lexer, just enough for jswrap_date.c's parser.
  function lex(s) {
    var toks = [];
    var i = 0;
    while (i < s.length) {
      var ch = s[i];
      if (rx(/\s/, ch)) { i++; continue; }
      var m;
      if ((m = rx(/^[A-Za-z_$][A-Za-z0-9_$]*/, s.slice(i)))) toks.push({ t: 'ID', v: m[0] });
      else if ((m = rx(/^[0-9]+\.[0-9]*([eE][+-]?[0-9]+)?/, s.slice(i)))) toks.push({ t: 'FLOAT', v: m[0] });
      else if ((m = rx(/^[0-9]+/, s.slice(i)))) toks.push({ t: 'INT', v: m[0] });
      else m = [ch], toks.push({ t: ch, v: ch });
      i += m[0].length;
    }
    toks.push({ t: 'EOF', v: '' });
    return toks;
  }
  function parseDate(s) {
    var T = lex(s);
    var k = 0;
    function tk() { return T[k].t; }
    function val() { return T[k].v; }
    function next() { if (k < T.length - 1) k++; }
    var day = 0, days = 0, hour = 0, min = 0, sec = 0, msec = 0, zone = 0, zoneSet = false;
    function monthOf(v) { return v.length >= 3 ? MONTHS.indexOf(v.slice(0, 3)) : -1; }
    // Mirrors _parse_time in jswrap_date.c, including when the zone falls back to local.
    function parseTime(skip) {
      hour = parseInt(val().slice(skip), 10) || 0;
      next();
      if (tk() !== ':') { zone = tz(); return; }
      next();
      if (tk() !== 'INT') { zone = tz(); return; }
      min = parseInt(val(), 10);
      next();
      if (tk() !== ':') { zone = tz(); return; }
      next();
      if (tk() !== 'INT' && tk() !== 'FLOAT') { zone = tz(); return; }
      var fsec = parseFloat(val());
      sec = Math.floor(fsec);
      msec = Math.floor(fsec * 1000) % 1000;
      next();
      if (tk() === 'ID') {
        if (val() === 'GMT' || val() === 'Z') {
          zone = 0;
          next();
          if (tk() === 'EOF') return;
        } else zone = tz();
      }
      if (tk() === '+' || tk() === '-') {
        var sign = tk() === '+' ? 1 : -1;
        next();
        if (tk() !== 'INT') { zone = tz(); return; }
        var len = val().length;
        var z = parseInt(val(), 10);
        z = len === 4 ? (z % 100) + Math.floor(z / 100) * 60 : z * 60;
        next();
        if (len === 2 && tk() === ':') {
          next();
          if (tk() === 'INT') z += parseInt(val(), 10);
        }
        zone = z * sign;
      } else {
        zone = tz();
      }
    }
    var y = 1970, mo = 0;
    if (tk() === 'ID') {
      var m = monthOf(val());
      var dw = DAYS.indexOf(val());
      if (m >= 0) {
        next();
        if (tk() === 'INT') {
          day = parseInt(val(), 10);
          next();
          if (tk() === ',') {
            next();
            if (tk() === 'INT') {
              y = parseInt(val(), 10); mo = m;
              days = Math.floor(RUTC(y, mo, day) / 86400000);
              next();
              if (tk() === 'INT') { parseTime(0); zoneSet = true; }
            }
          }
        }
      } else if (dw >= 0) {
        next();
        if (tk() === ',') {
          next();
          if (tk() === 'INT') {
            day = parseInt(val(), 10);
            next();
            if (tk() === 'ID' && monthOf(val()) >= 0) {
              mo = monthOf(val());
              next();
              if (tk() === 'INT') {
                y = parseInt(val(), 10);
                days = Math.floor(RUTC(y, mo, day) / 86400000);
                next();
                if (tk() === 'INT') { parseTime(0); zoneSet = true; }
              }
            }
          }
        }
      }
    } else if (tk() === 'INT') {
      y = parseInt(val(), 10);
      next();
      if (tk() === '-') {
        next();
        if (tk() === 'INT') {
          mo = parseInt(val(), 10) - 1;
          next();
          if (tk() === '-') {
            next();
            if (tk() === 'INT') {
              day = parseInt(val(), 10);
              days = Math.floor(RUTC(y, mo, day) / 86400000);
              next();
              if (tk() === 'ID' && val()[0] === 'T') { parseTime(1); zoneSet = true; }
            }
          }
        }
      }
    }
    if (!zoneSet) zone = tz();
    return msec + ((hour * 60 + min - zone) * 60 + sec) * 1000 + days * 86400000;
  }
  delete EDate.UTC;
  g.Date = EDate;

  // ---------------------------------------------------------------- String
  // Espruino 2v29 (src/jswrap_string.c): indexOf tries every start position and its compare
  // treats "the string ended" as equal, so a needle whose beginning meets the end of the string
  // matches there ('abc'.indexOf('cd') === 2); includes and replace(string) use it. split with
  // a separator two or more chars longer than the string returns [].
  var SP = String.prototype;
  var rIndexOf = SP.indexOf, rSplit = SP.split, rReplace = SP.replace;
  function espIndexOf(s, needle, from) {
    if (needle.length > s.length) return -1;
    var end = s.length - needle.length + 1;
    var i = from === undefined ? 0 : (from | 0);
    if (i < 0) i = 0;
    if (i > end) i = end;
    if (needle.length === 0) return i;
    for (; i < s.length; i++) {
      var k = 0;
      while (k < needle.length && i + k < s.length && s.charCodeAt(i + k) === needle.charCodeAt(k)) k++;
      if (k === needle.length || i + k === s.length) return i;
    }
    return -1;
  }
  Object.defineProperty(SP, 'indexOf', { value: function indexOf(needle, from) {
    return espIndexOf(String(this), String(needle), from);
  }, writable: true, configurable: true });
  Object.defineProperty(SP, 'includes', { value: function includes(needle, from) {
    return espIndexOf(String(this), String(needle), from) >= 0;
  }, writable: true, configurable: true });
  Object.defineProperty(SP, 'split', { value: function split(sep, limit) {
    var s = String(this);
    if (typeof sep === 'string' && sep.length >= s.length + 2) return [];
    return rSplit.call(s, sep, limit);
  }, writable: true, configurable: true });
  Object.defineProperty(SP, 'replace', { value: function replace(find, rep) {
    var s = String(this);
    if (find instanceof RegExp) return rReplace.call(s, find, rep);
    find = String(find);
    var i = espIndexOf(s, find, 0);
    if (i < 0) return s;
    var r = typeof rep === 'function' ? String(rep(s.substr(i, find.length), i, s)) : String(rep);
    return s.substring(0, i) + r + s.substring(i + find.length);
  }, writable: true, configurable: true });
  void rIndexOf;

  g.global = g;
}

// Runs the prelude in the realm. `hooks` are host functions: queue(fn), now(), tz().
export function installPrelude(realm, hooks) {
  const fn = realm.run(`(${prelude.toString()})`, 'prelude.js');
  fn(hooks);
}
