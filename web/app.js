// The board's web page: plain JavaScript, no framework. It runs in the user's browser (not on
// Espruino) and talks to the JSON API under /api. Views by location hash:
//   #/  overview   #/edit/NAME  editor   #/log/NAME  log   #/global  global   #/uci  import/export
'use strict';

var $ = function (id) { return document.getElementById(id); };
var state = { pw: sessionStorage.getItem('ddns-pw') || '', help: null, providers: null, timer: 0, datefmt: '' };
var SET = '(set)';
var POLL_MS = 4000;
var NAME_RULE = "Section names may only use A-Z a-z 0-9 and _ (no - or spaces); 'global' is reserved.";
// Filled by tools/build-www.mjs from the provider table (docs/providers.md): name -> [kind (url,
// api, retired), on the board 1/0, IPv6 yes/no, username, password, domain, params, notes].
var PROVIDERS = {};
// The sources of the current address this board can use (OpenWrt's interface and script need a
// router's shell).
var IP_SOURCES = ['network', 'web', 'static', 'router'];

// The labels of LuCI's DDNS page, by option name (the name is shown small beside each).
var LABELS = {
  enabled: 'Enabled', lookup_host: 'Lookup Hostname', domain: 'Domain', service_name: 'DDNS Service provider',
  update_url: 'Custom update-URL', answer: 'Expected answer', username: 'Username', password: 'Password',
  param_enc: 'Optional Encoded Parameter', param_opt: 'Optional Parameter', use_https: 'Use HTTP Secure',
  cacert: 'Path to CA-Certificate', ip_source: 'IP address source', ip_url: 'URL to detect', ip_static: 'Static address',
  router_ip: 'Router address', router_fallback_web: 'Fall back to URL detection', dns_server: 'DNS-Server',
  force_dnstcp: 'Force TCP on DNS', proxy: 'PROXY-Server', use_ipv6: 'IP address version', force_ipversion: 'Force IP Version',
  upd_privateip: 'Allow non-public IPs', use_syslog: 'Log to syslog', use_logfile: 'Log to file', user_agent: 'User agent',
  api_url: 'API address', use_api_check: 'Check the address by the API', is_glue: 'Glue record',
  check_interval: 'Check Interval', check_unit: 'Check Unit', check_interval_min: 'Minimum check interval',
  force_interval: 'Force Interval', force_unit: 'Force Unit', retry_interval: 'Error Retry Interval', retry_unit: 'Retry Unit',
  retry_max_count: 'Error Retry Counter', update_interval_min: 'Minimum update interval',
  ddns_dateformat: 'Date format', ddns_loglines: 'Log length', ntp_server: 'Time server (SNTP)'
};

// The MQTT and syslog blocks of ddns.json: [key, label, help, secret 1/0].
var BLOCKS = {
  mqtt: [['host', 'Broker', 'host name or address; clear it to switch MQTT off'], ['port', 'Port', 'default 1883 (8883 with TLS)'],
    ['tls', 'TLS', '1: encrypted (certificate not verified on this board)'], ['username', 'Username', ''],
    ['password', 'Password', 'write-only: leave empty to keep it', 1], ['hostname', 'Device name', 'names the board in topics and Home Assistant'],
    ['base', 'Base topic', 'default ddns/<device name>'], ['discovery', 'Home Assistant discovery', '1 (default) or 0'],
    ['discovery_prefix', 'Discovery prefix', 'default homeassistant'],
    ['command_token', 'Command token', 'write-only; at least 12 characters; commands are off without it', 1]],
  syslog: [['host', 'Syslog server', 'host name or address; clear it to switch syslog off'], ['port', 'Port', 'default 514'],
    ['hostname', 'Host name in messages', '']]
};

// Which tab of the editor each option is on (LuCI: basic, advanced, timer); others are hidden
// unless set (OpenWrt-only options).
var TABS = {
  basic: 'enabled lookup_host domain service_name update_url answer username password param_enc param_opt use_https',
  advanced: 'ip_source ip_url ip_static router_ip router_fallback_web dns_server dns_lookup force_dnstcp proxy use_ipv6 force_ipversion upd_privateip use_syslog use_logfile user_agent api_url use_api_check is_glue',
  timer: 'check_interval check_unit check_interval_min force_interval force_unit retry_interval retry_unit retry_max_count update_interval_min'
};

// Escapes text for HTML: every value shown comes from the board or the user.
function esc(s) {
  return String(s === undefined || s === null ? '' : s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}

// Shows a message under the header (or clears it): cls 'err' for what went wrong, 'ok' for done.
function say(text, cls) {
  var m = $('msg');
  m.textContent = text || '';
  m.className = cls || '';
}

// Shows the login form or the log-out button.
function loggedIn(on) {
  $('who').textContent = on ? 'logged in' : '';
  $('pw').style.display = on ? 'none' : '';
  $('login-btn').style.display = on ? 'none' : '';
  $('logout').style.display = on ? '' : 'none';
}

// One API call. Every request carries X-DDNS: 1 (the board refuses changes without it) and
// the admin password when known. Resolves {status, body}; the body is JSON when it parses.
function api(method, path, body) {
  var h = { 'X-DDNS': '1' };
  if (state.pw) h.Authorization = 'Basic ' + btoa('admin:' + unescape(encodeURIComponent(state.pw)));
  if (body !== undefined) h['Content-Type'] = typeof body === 'string' ? 'text/plain' : 'application/json';
  return fetch('api/' + path, { method: method, headers: h, cache: 'no-store',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
    .then(function (r) {
      return r.text().then(function (t) {
        var j = t;
        try { j = JSON.parse(t); } catch (e) { /* text */ }
        if (r.status === 401 || r.status === 403 || r.status === 429) {
          var wrong = r.status === 401 && state.pw;
          say(wrong ? 'Wrong password: the board did not accept it.' : (j && j.error) || ('HTTP ' + r.status), 'err');
          if (r.status === 401) {
            state.pw = '';
            sessionStorage.removeItem('ddns-pw');
            loggedIn(false);
            $('who').textContent = wrong ? 'wrong password' : 'password needed';
            $('pw').focus();
          }
        }
        return { status: r.status, body: j };
      });
    });
}

// The option tables from the board: name -> {type, def, unit, help, values}.
function loadHelp() {
  if (state.help) return Promise.resolve(state.help);
  return api('GET', 'help').then(function (r) {
    var out = { service: {}, global: {} };
    ['service', 'global'].forEach(function (k) {
      String(r.body[k] || '').split('\n').forEach(function (line) {
        if (!line) return;
        var f = line.split('|');
        var t = f[1];
        var o = { name: f[0], type: t, def: f[2], unit: f[3], help: f[4], values: [] };
        if (t.charAt(0) === 'e') o.values = t.substring(2).split(',');
        if (t === 'u') o.values = ['seconds', 'minutes', 'hours', 'days'];
        if (f[0] === 'ip_source') o.values = o.values.filter(function (v) { return IP_SOURCES.indexOf(v) >= 0; });
        out[k][f[0]] = o;
      });
    });
    state.help = out;
    return out;
  });
}

// The provider names of the catalog, for the service select.
function loadProviders() {
  if (state.providers) return Promise.resolve(state.providers);
  return api('GET', 'providers').then(function (r) { state.providers = r.body instanceof Array ? r.body : []; return state.providers; });
}

// The options of a provider select: retired ones left out (unless chosen), those whose API is
// not in this firmware marked and not selectable.
function providerOptions(list, chosen) {
  return list.map(function (n) {
    var p = PROVIDERS[n];
    if (p && p[0] === 'retired' && n !== chosen) return '';
    var off = p && p[0] === 'api' && !p[1];
    return '<option value="' + esc(n) + '"' + (n === chosen ? ' selected' : '') + (off && n !== chosen ? ' disabled' : '') + '>' +
      esc(n) + (off ? ' (API not in this firmware)' : p && p[0] === 'retired' ? ' (retired)' : '') + '</option>';
  }).join('');
}

// Marks the current view in the header bar.
function navOn(id) {
  ['nav-overview', 'nav-global', 'nav-uci'].forEach(function (n) { $(n).className = n === id ? 'on' : ''; });
}

// A time in ddns_dateformat (the strftime subset the board's log uses), in UTC as on the board.
function fmt(ms) {
  if (!ms) return 'never';
  var d = new Date(ms);
  var two = function (n) { return (n < 10 ? '0' : '') + n; };
  var f = {
    Y: d.getUTCFullYear(), m: two(d.getUTCMonth() + 1), d: two(d.getUTCDate()), H: two(d.getUTCHours()),
    M: two(d.getUTCMinutes()), S: two(d.getUTCSeconds()), y: two(d.getUTCFullYear() % 100), '%': '%'
  };
  f.F = f.Y + '-' + f.m + '-' + f.d;
  f.T = f.H + ':' + f.M + ':' + f.S;
  f.R = f.H + ':' + f.M;
  f.D = f.m + '/' + f.d + '/' + f.y;
  return (state.datefmt || '%F %R').replace(/%(.)/g, function (a, c) { return f[c] !== undefined ? f[c] : a; });
}

// When the next check comes: the time, or a countdown while the board's clock is not set.
function nextAt(s) {
  if (s.next_check) return fmt(s.next_check);
  return s.next_check_s < 0 ? '-' : 'in ' + s.next_check_s + ' s';
}

// The words for a change the board took: what it saved and what will not run, in the error
// colour when a section will not run (never a plain success then).
function outcome(body, done) {
  var idle = body.idle || [];
  var errs = body.errors || [];
  if (!idle.length) return '<div class="okbox">' + esc(done) + '</div>';
  var why = idle.map(function (n) {
    var first = errs.filter(function (e) { return e.section === n && e.level === 'error'; })[0];
    return 'section ' + n + ' will not run' + (first ? ': ' + first.msg : '');
  });
  return '<div class="errbox">' + esc(done.replace(/\.$/, '')) + ', but ' + esc(why.join('; ')) + '.</div>';
}

// ---------- overview ----------

// One row per section, with start/stop and its reason when it does not run normally.
function overviewRows(st) {
  return st.sections.map(function (s) {
    var hint = '';
    if (!s.enabled) hint = '<br><small class="warn why">disabled: edit it and tick "Enabled" to run it</small>';
    // red for what keeps it from updating; amber for the owner's stop, an end or a wait
    else if (s.reason) hint = '<br><small class="' + (['invalid', 'stopped', 'failed', 'retry', 'hold'].indexOf(s.state) >= 0 ? 'err' : 'warn') +
      ' why">' + esc(s.reason) + '</small>';
    if (s.enabled && !s.valid && s.errors.length > 1) hint += '<br><small class="err">' + s.errors.slice(1).map(esc).join('<br>') + '</small>';
    if (s.notes.length) hint += '<br><small class="note">' + s.notes.map(esc).join('; ') + '</small>';
    var running = ['off', 'disabled', 'invalid', 'stopped', 'done', 'failed'].indexOf(s.state) < 0;
    return '<tr data-name="' + esc(s.name) + '">' +
      '<td data-l="On">' + (s.enabled ? '&#10003;' : '-') + '</td>' +
      '<td class="nm"><a href="#/edit/' + esc(s.name) + '">' + esc(s.name) + '</a>' + hint + '</td>' +
      '<td data-l="Service">' + esc(s.service) + '</td><td data-l="Lookup host">' + esc(s.lookup_host) + '</td>' +
      '<td class="cur" data-l="Current IP">' + esc(s.current_ip || '-') + '</td>' +
      '<td class="reg" data-l="Registered IP">' + esc(s.registered_ip || '-') + '</td>' +
      '<td class="last" data-l="Last update">' + esc(fmt(s.last_update)) + '<br><small>' + esc(s.last_answer) + '</small></td>' +
      '<td class="next" data-l="Next check">' + esc(nextAt(s)) + '</td>' +
      '<td data-l="State"><span class="st ' + esc(s.state) + '">' + esc(s.state) + '</span></td>' +
      '<td class="acts">' + (running ? '<button data-cmd="stop">Stop</button> ' : '<button data-cmd="start">Start</button> ') +
      '<button data-cmd="force">Update</button> <a class="btn" href="#/log/' + esc(s.name) + '">Log</a></td></tr>';
  }).join('');
}

// Fills the overview table and the board line; called by the poll timer.
function refreshOverview() {
  return api('GET', 'status').then(function (r) {
    if (r.status !== 200 || !$('ov')) return;
    var st = r.body;
    state.datefmt = st.dateformat;
    $('board').textContent = st.board + ' ' + (st.ip || 'offline') + ', up ' + Math.floor(st.uptime_s / 60) + ' min';
    $('ov').innerHTML = overviewRows(st) || '<tr><td colspan="10">No sections yet: add one below.</td></tr>';
    if (!st.password_set) $('nopw').innerHTML = '<div class="errbox">No admin password is set, so the board refuses every change. ' +
      "Set one on the serial console: <code>webpass('a-long-password')</code>.</div>";
    else $('nopw').innerHTML = '';
  });
}

// The overview view: the status table, polled, and the form to add a section.
function showOverview() {
  navOn('nav-overview');
  $('view').innerHTML = '<h2>Dynamic DNS: services</h2><div id="nopw"></div><div class="card"><table id="ovt"><thead><tr>' +
    '<th>On</th><th>Name</th><th>Service</th><th>Lookup host</th><th>Current IP</th><th>Registered IP</th>' +
    '<th>Last update</th><th>Next check</th><th>State</th><th></th></tr></thead><tbody id="ov"></tbody></table></div>' +
    '<div class="card"><h3>Add a service section</h3><form id="add"><label>Name <input id="add-name" type="text" size="16"></label> ' +
    '<label>Provider <select id="add-svc"><option value="">-- custom URL --</option></select></label> ' +
    '<button class="pri" type="submit">Add</button> <div class="hint">' + esc(NAME_RULE) + '</div></form></div>' +
    '<p><button id="ntest">Send a test notification</button></p>';
  // the notify block's test message (the console's notify())
  $('ntest').addEventListener('click', function () {
    api('POST', 'command', { cmd: 'notify' }).then(function (r) {
      say(r.status === 200 ? 'Test notification queued: see the log (notify) for its answer' :
        'Notify: ' + (r.body && r.body.error ? r.body.error : 'HTTP ' + r.status), r.status === 200 ? '' : 'err');
    });
  });
  $('ov').addEventListener('click', function (e) {
    var b = e.target.closest('button[data-cmd]');
    if (!b) return;
    var name = b.closest('tr').getAttribute('data-name');
    api('POST', 'command', { cmd: b.getAttribute('data-cmd'), section: name }).then(function (r) {
      if (r.status === 200) say(b.textContent + ': ' + name, 'ok');
      refreshOverview();
    });
  });
  loadProviders().then(function (list) { $('add-svc').innerHTML += providerOptions(list, ''); });
  $('add').addEventListener('submit', function (e) {
    e.preventDefault();
    var name = $('add-name').value.trim();
    if (!/^[A-Za-z0-9_]+$/.test(name) || name === 'global') { say(NAME_RULE, 'err'); return; }
    var set = {};
    set[name] = 'service';
    set[name + '.enabled'] = '0';
    if ($('add-svc').value) set[name + '.service_name'] = $('add-svc').value;
    api('POST', 'config', { set: set, commit: true }).then(function (r) {
      if (r.status === 200) go('#/edit/' + name, 'Section ' + name + ' added (disabled): fill it in and enable it.');
      else if (r.body && r.body.errors) say(r.body.errors.map(function (x) { return x.msg; }).join(' '), 'err');
    });
  });
  refreshOverview();
  state.timer = setInterval(refreshOverview, POLL_MS);
}

// ---------- editor ----------

// The label of an option: LuCI's words, the option name small beside them.
function label(name, id, text) {
  return '<label for="' + id + '">' + esc(text || LABELS[name] || name) + ' <small class="opt">' + esc(name) + '</small></label>';
}

// One form row for an option: input by type, help text under it, messages next to it. The
// field remembers what it showed, so an untouched field is never sent (a checkbox showing a
// default must not write that default into the section).
function fieldRow(o, value) {
  var id = 'f-' + o.name;
  var v = value === undefined ? '' : value;
  var input;
  if (o.type === 'b') {
    var on = (v === '' ? o.def : v) === '1';
    input = '<input type="checkbox" id="' + id + '"' + (on ? ' checked' : '') + ' data-was="' + (on ? '1' : '0') + '">';
  } else if (o.values.length) {
    // a saved value this board does not offer stays shown (and kept) until the user picks another
    var odd = v && o.values.indexOf(v) < 0 ? '<option value="' + esc(v) + '" selected>' + esc(v) + ' (not on this board)</option>' : '';
    input = '<select id="' + id + '"><option value="">(default: ' + esc(o.def) + ')</option>' + odd + o.values.map(function (x) {
      return '<option' + (x === v ? ' selected' : '') + '>' + esc(x) + '</option>';
    }).join('') + '</select>';
  } else if (o.type === 'p') {
    input = '<input type="password" autocomplete="new-password" id="' + id + '" placeholder="' +
      (v === SET ? '(set: leave empty to keep it)' : '') + '">';
  } else {
    input = '<input type="text" id="' + id + '" value="' + esc(v) + '" placeholder="' + esc(o.def) + '">';
  }
  return '<div class="row" id="row-' + o.name + '">' + label(o.name, id) + '<div>' + input +
    '<div class="hint" id="h-' + o.name + '">' + esc(o.help) + (o.def && o.type !== 'b' ? ' (default ' + esc(o.def) + ')' : '') + '</div>' +
    '<div class="fmsg" id="m-' + o.name + '"></div></div></div>';
}

// What a field holds now, as the option string ('' = unset).
function fieldValue(o) {
  var el = $('f-' + o.name);
  if (!el) return undefined;
  if (o.type === 'b') return el.checked ? '1' : '0';
  return el.value.trim();
}

// Puts validator messages next to their fields and in a box above the form: errors in the
// error colour, warnings in amber, notes plain.
function showErrors(list, section) {
  var box = [];
  var worst = '';
  Array.prototype.forEach.call(document.querySelectorAll('.fmsg'), function (m) { m.innerHTML = ''; });
  (list || []).forEach(function (e) {
    if (section && e.section !== section && e.section !== '') return;
    var m = e.option && $('m-' + e.option);
    var cls = e.level === 'error' ? 'err' : e.level === 'warn' ? 'warn' : 'note';
    var html = '<span class="' + cls + '">' + esc(e.msg) + '</span>';
    if (m) m.innerHTML += html;
    box.push(html);
    if (cls === 'err' || (cls === 'warn' && worst !== 'err')) worst = cls;
  });
  $('errs').innerHTML = box.length ? '<div class="' + (worst === 'err' ? 'errbox' : worst === 'warn' ? 'warnbox' : 'notebox') + '">' +
    box.join('<br>') + '</div>' : '';
}

// Builds the set of changed options: only fields that differ from what was shown, so an
// unchanged section is not restarted; an untouched password field keeps the saved secret.
function changes(prefix, opts, loaded) {
  var set = {};
  Object.keys(opts).forEach(function (n) {
    var o = opts[n];
    var v = fieldValue(o);
    if (v === undefined) return;
    var before = loaded[n] === undefined ? '' : loaded[n];
    if (o.type === 'b') { if (v === $('f-' + n).getAttribute('data-was')) return; }
    else if (o.type === 'p') { if (v === '') return; }
    else if (v === before) return;
    set[prefix + n] = v;
  });
  return set;
}

// The chosen provider: its URL field only for a custom URL, and what each credential means to it.
function serviceChanged(help) {
  var name = $('f-service_name').value;
  $('row-update_url').style.display = name ? 'none' : '';
  var p = PROVIDERS[name];
  var says = { username: 3, password: 4, domain: 5 };
  Object.keys(says).forEach(function (k) {
    var h = $('h-' + k);
    if (!h || !help[k]) return;
    var t = p && p[0] !== 'retired' ? p[says[k]] : '';
    h.innerHTML = t ? '<b>' + esc(name) + ':</b> ' + esc(t) : esc(help[k].help);
  });
  var ph = $('h-param_enc');
  if (ph && p && p[0] !== 'retired') ph.innerHTML = '<b>' + esc(name) + ':</b> ' + esc(p[6]);
  var note = $('svc-note');
  var text = p ? p[7] : '';
  note.innerHTML = text ? esc(text) : '';
  note.className = 'hint' + (p && (p[0] === 'retired' || (p[0] === 'api' && !p[1])) ? ' err' : '');
}

// The editor of one section: tabs basic, advanced, timer; save checks and applies at once.
function showEdit(name) {
  navOn('');
  $('view').innerHTML = '<h2>Service section: ' + esc(name) + '</h2><div id="errs"></div><div id="ok"></div>' +
    '<div class="tabs"><a data-tab="basic" class="on">Basic settings</a><a data-tab="advanced">Advanced settings</a>' +
    '<a data-tab="timer">Timer settings</a><a href="#/log/' + esc(name) + '">Log file viewer</a></div>' +
    '<div class="card" id="form">Loading...</div><p class="bar"><button class="pri" id="save">Save &amp; apply</button> ' +
    '<a class="btn" href="#/">Back to overview</a> <button class="neg" id="del">Delete section</button></p>';
  Promise.all([loadHelp(), loadProviders(), api('GET', 'options?section=' + encodeURIComponent(name))]).then(function (a) {
    var help = a[0].service;
    var r = a[2];
    if (r.status !== 200) { $('form').textContent = (r.body && r.body.error) || 'no such section'; return; }
    var loaded = r.body.options;
    var html = '';
    Object.keys(TABS).forEach(function (tab) {
      html += '<div data-pane="' + tab + '"' + (tab === 'basic' ? '' : ' style="display:none"') + '>';
      TABS[tab].split(' ').forEach(function (n) {
        if (!help[n]) return;
        if (n === 'service_name') {
          var v = loaded[n] || '';
          html += '<div class="row" id="row-service_name">' + label(n, 'f-service_name') + '<div>' +
            '<select id="f-service_name"><option value="">-- custom URL --</option>' + providerOptions(a[1], v) +
            '</select><div class="hint">' + esc(help[n].help) + '</div><div id="svc-note" class="hint"></div>' +
            '<div class="fmsg" id="m-service_name"></div></div></div>';
        } else html += fieldRow(help[n], loaded[n]);
      });
      html += '</div>';
    });
    $('form').innerHTML = html;
    $('f-service_name').addEventListener('change', function () { serviceChanged(help); });
    serviceChanged(help);
    showErrors(r.body.errors, name);
    var shown = {};
    Object.keys(TABS).forEach(function (t) { TABS[t].split(' ').forEach(function (n) { if (help[n]) shown[n] = help[n]; }); });
    document.querySelector('.tabs').addEventListener('click', function (e) {
      var t = e.target.getAttribute('data-tab');
      if (!t) return;
      Array.prototype.forEach.call(document.querySelectorAll('.tabs a'), function (x) { x.className = x === e.target ? 'on' : ''; });
      Array.prototype.forEach.call(document.querySelectorAll('[data-pane]'), function (p) {
        p.style.display = p.getAttribute('data-pane') === t ? '' : 'none';
      });
    });
    $('save').onclick = function () {
      var set = changes(name + '.', shown, loaded);
      $('ok').innerHTML = '';
      api('POST', 'config', { set: set, commit: true }).then(function (res) {
        showErrors(res.body.errors, name);
        if (res.status === 200) {
          Object.keys(set).forEach(function (k) {
            var n = k.substring(name.length + 1);
            loaded[n] = set[k];
            var el = $('f-' + n);
            if (el && el.type === 'checkbox') el.setAttribute('data-was', set[k]);
          });
          var ap = res.body.applied;
          $('ok').innerHTML = outcome(res.body, res.body.committed ? 'Saved and applied' +
            (ap && ap.restarted.length ? ': ' + ap.restarted.join(' ') + ' restarted' : '') + '.' : 'No changes.');
        } else if (res.status === 422) {
          say('Not saved: fix the messages below.', 'err');
        } else say('Not saved: ' + ((res.body && res.body.error) || 'HTTP ' + res.status), 'err');
      });
    };
    $('del').onclick = function () {
      if (!confirm('Delete section ' + name + '?')) return;
      api('POST', 'config', { del: [name], commit: true }).then(function (res) {
        if (res.status === 200) go('#/', 'Section ' + name + ' deleted.');
      });
    };
  });
}

// ---------- log, global, uci ----------

// A section's log, newest first, reloaded every few seconds while shown; the flash file can be
// downloaded as it is.
function showLog(name) {
  navOn('');
  $('view').innerHTML = '<h2>Log: ' + esc(name) + '</h2><p class="bar"><button id="rl">Reload</button> ' +
    '<a class="btn" id="dl" href="api/logfile?section=' + encodeURIComponent(name) + '" download>Download the flash log</a> ' +
    '<a class="btn" href="#/edit/' + esc(name) + '">Edit</a> <a class="btn" href="#/">Overview</a></p>' +
    '<p class="hint" id="keeps"></p><pre id="log">Loading...</pre>';
  api('GET', 'status').then(function (r) {
    if (r.status !== 200 || !$('keeps')) return;
    $('keeps').textContent = 'Newest first, reloaded every ' + POLL_MS / 1000 + ' s. The board keeps the last ' + r.body.log_ram_lines +
      ' lines in RAM, and with "Log to file" (or verbose 2 and more) up to ' + r.body.log_file_lines + ' lines in flash (ddns_loglines).';
  });
  var load = function () {
    if (!$('log')) return;
    api('GET', 'log?section=' + encodeURIComponent(name)).then(function (r) {
      if (!$('log')) return;
      var lines = typeof r.body === 'string' ? r.body.split('\n').filter(function (l) { return l; }) : [];
      $('log').textContent = lines.length ? lines.reverse().join('\n') : '(no log lines yet)';
    });
  };
  $('rl').onclick = load;
  load();
  state.timer = setInterval(load, POLL_MS);
}

// A card of block fields (MQTT, syslog): secrets write-only.
function blockCard(kind, title, values) {
  return '<h3>' + esc(title) + '</h3>' + BLOCKS[kind].map(function (f) {
    var id = 'b-' + kind + '-' + f[0];
    var v = values[f[0]] === undefined ? '' : String(values[f[0]]);
    var input = f[3] ? '<input type="password" autocomplete="new-password" id="' + id + '" placeholder="' + (v ? '(set: leave empty to keep it)' : '') + '">'
      : '<input type="text" id="' + id + '" value="' + esc(v) + '" data-was="' + esc(v) + '">';
    return '<div class="row" id="row-' + kind + '-' + f[0] + '">' + label(kind + '.' + f[0], id, f[1]) +
      '<div>' + input + '<div class="hint">' + esc(f[2]) + '</div><div class="fmsg" id="m-' + kind + '-' + f[0] + '"></div></div></div>';
  }).join('');
}

// The changed block fields as {"mqtt.host": "..."}.
function blockChanges(kind) {
  var set = {};
  BLOCKS[kind].forEach(function (f) {
    var el = $('b-' + kind + '-' + f[0]);
    var v = el.value.trim();
    if (f[3] ? v !== '' : v !== el.getAttribute('data-was')) set[kind + '.' + f[0]] = v;
  });
  return set;
}

// The global section, the MQTT and syslog blocks, and the web block (read only here: the
// password is set on the console).
function showGlobal() {
  navOn('nav-global');
  $('view').innerHTML = '<h2>Global settings</h2><div id="errs"></div><div id="ok"></div><div class="card" id="form">Loading...</div>' +
    '<div class="card" id="blocks"></div><p class="bar"><button class="pri" id="save">Save &amp; apply</button></p><div class="card" id="web"></div>';
  Promise.all([loadHelp(), api('GET', 'config')]).then(function (a) {
    var help = a[0].global;
    var cfg = a[1].body;
    var loaded = cfg.global || {};
    var shown = {};
    ['ddns_dateformat', 'ddns_loglines', 'upd_privateip', 'ntp_server'].forEach(function (n) { if (help[n]) shown[n] = help[n]; });
    $('form').innerHTML = '<h3>Dynamic DNS</h3>' + Object.keys(shown).map(function (n) { return fieldRow(shown[n], loaded[n]); }).join('');
    $('blocks').innerHTML = blockCard('mqtt', 'MQTT and Home Assistant', cfg.mqtt || {}) + blockCard('syslog', 'Syslog', cfg.syslog || {});
    var w = cfg.web || {};
    $('web').innerHTML = '<h3>Web page</h3><table><tr><td>port</td><td>' + esc(w.port || '80') + '</td></tr>' +
      '<tr><td>auth_read</td><td>' + esc(w.auth_read || '0') + ' <small>(1: reading needs the password too)</small></td></tr>' +
      '<tr><td>admin password</td><td>' + (w.admin_password_hash ? 'set' : '<span class="err">not set</span>') +
      " <small>change it on the serial console: webpass('...')</small></td></tr></table>" +
      '<p class="hint">These live in the "web" block of ddns.json; a new port takes effect after a reboot.</p>';
    $('save').onclick = function () {
      var set = changes('global.', shown, loaded);
      var mq = blockChanges('mqtt');
      var sl = blockChanges('syslog');
      Object.keys(mq).forEach(function (k) { set[k] = mq[k]; });
      Object.keys(sl).forEach(function (k) { set[k] = sl[k]; });
      $('ok').innerHTML = '';
      api('POST', 'config', { set: set, commit: true }).then(function (res) {
        showErrors(res.body.errors, '');
        (res.body.errors || []).forEach(function (e) {
          var m = $('m-' + e.section + '-' + e.option);
          if (m) m.innerHTML = '<span class="err">' + esc(e.msg) + '</span>';
        });
        if (res.status === 200) {
          Object.keys(set).forEach(function (k) {
            if (k.indexOf('global.') === 0) loaded[k.substring(7)] = set[k];
            var el = $('f-' + k.substring(7)) || $('b-' + k.replace('.', '-'));
            if (el && el.type !== 'password') el.setAttribute('data-was', set[k]);
            if (el && el.type === 'password') { el.value = ''; el.placeholder = set[k] ? '(set: leave empty to keep it)' : ''; }
          });
          var rb = res.body.applied && res.body.applied.rebootFor;
          $('ok').innerHTML = outcome(res.body, (res.body.committed ? 'Saved' : 'No changes') +
            (rb && rb.length ? ': ' + rb.join(', ') + ' takes effect after a reboot' : '') + '.');
        } else say('Not saved: fix the messages below.', 'err');
      });
    };
  });
}

// Import and export of an OpenWrt /etc/config/ddns text. Check and import give the same
// verdict: an enabled section with errors refuses the import, as the section editor does.
function showUci() {
  navOn('nav-uci');
  $('view').innerHTML = '<h2>Import / export (/etc/config/ddns)</h2><div class="card"><p class="hint">The current config as ' +
    "OpenWrt writes it; secrets show as ***, which keeps the saved value on import. Paste a router's config to import it " +
    '(it replaces the service sections).</p><textarea id="uci" rows="22" spellcheck="false"></textarea><p class="bar">' +
    '<button id="check">Check</button> <button class="pri" id="imp">Import &amp; apply</button> ' +
    '<button id="reload">Reload current</button></p><div id="errs"></div><div id="ok"></div></div>';
  var load = function () { api('GET', 'uci').then(function (r) { $('uci').value = typeof r.body === 'string' ? r.body : ''; }); };
  var send = function (commit) {
    $('ok').innerHTML = '';
    api('POST', 'uci' + (commit ? '?commit=1' : ''), $('uci').value).then(function (r) {
      showErrors(r.body.errors);
      if (r.status === 200) {
        $('ok').innerHTML = outcome(r.body, r.body.committed ? 'Imported and applied.' :
          r.body.changed === false ? 'Nothing changed: the text is what the board runs.' : 'The text can be imported.');
      } else if (r.status === 422) {
        $('ok').innerHTML = '<div class="errbox">' + (commit ? 'Not imported' : 'The text cannot be imported') +
          ': fix the errors above (an enabled section with an error is refused, as in the section editor). Nothing was saved.</div>';
      } else $('ok').innerHTML = '<div class="errbox">' + esc((r.body && r.body.error) || 'HTTP ' + r.status) + '</div>';
    });
  };
  $('check').onclick = function () { send(false); };
  $('imp').onclick = function () { send(true); };
  $('reload').onclick = load;
  load();
}

// ---------- routing and login ----------

// Goes to another view with a message that outlives the change of view.
function go(hash, text) {
  state.flash = text;
  location.hash = hash;
}

// Shows the view named by the location hash.
function route() {
  clearInterval(state.timer);
  say(state.flash || '', 'ok');
  state.flash = '';
  var h = location.hash.replace(/^#\/?/, '');
  var p = h.split('/');
  if (p[0] === 'edit' && p[1]) showEdit(decodeURIComponent(p[1]));
  else if (p[0] === 'log' && p[1]) showLog(decodeURIComponent(p[1]));
  else if (p[0] === 'global') showGlobal();
  else if (p[0] === 'uci') showUci();
  else showOverview();
}

// Keeps the password for this tab and checks it with a change that changes nothing.
$('login').addEventListener('submit', function (e) {
  e.preventDefault();
  state.pw = $('pw').value;
  $('pw').value = '';
  if (!state.pw) return;
  api('POST', 'config', { commit: false }).then(function (r) {
    if (r.status === 200) {
      sessionStorage.setItem('ddns-pw', state.pw);
      loggedIn(true);
      say('');
    }
  });
});
// Log out: the password is forgotten by this tab.
$('logout').addEventListener('click', function () {
  state.pw = '';
  sessionStorage.removeItem('ddns-pw');
  loggedIn(false);
  say('Logged out.', 'ok');
});
loggedIn(!!state.pw);
window.addEventListener('hashchange', route);
route();
