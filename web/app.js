// The board's web page: plain JavaScript, no framework. It runs in the user's browser (not on
// Espruino) and talks to the JSON API under /api. Views by location hash:
//   #/  overview   #/edit/NAME  editor   #/log/NAME  log   #/global  global   #/uci  import/export
'use strict';

var $ = function (id) { return document.getElementById(id); };
var state = { pw: sessionStorage.getItem('ddns-pw') || '', help: null, providers: null, timer: 0 };
var SET = '(set)';
var POLL_MS = 4000;
var NAME_RULE = "Section names may only use A-Z a-z 0-9 and _ (no - or spaces); 'global' is reserved.";

// Which tab of the editor each option is on (LuCI: basic, advanced, timer); others are hidden
// unless set (OpenWrt-only options).
var TABS = {
  basic: 'enabled lookup_host domain service_name update_url answer username password param_enc param_opt use_https cacert',
  advanced: 'ip_source ip_url ip_static dns_server dns_lookup force_dnstcp proxy use_ipv6 force_ipversion upd_privateip use_syslog use_logfile user_agent api_url use_api_check is_glue',
  timer: 'check_interval check_unit check_interval_min force_interval force_unit retry_interval retry_unit retry_max_count update_interval_min'
};

// Escapes text for HTML: every value shown comes from the board or the user.
function esc(s) {
  return String(s === undefined || s === null ? '' : s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}

// Shows a message under the header (or clears it).
function say(text, cls) {
  var m = $('msg');
  m.textContent = text || '';
  m.className = cls || '';
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
          say((j && j.error) || ('HTTP ' + r.status), 'err');
          if (r.status === 401) { $('who').textContent = 'password needed'; $('pw').focus(); }
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

// Marks the current view in the header bar.
function navOn(id) {
  ['nav-overview', 'nav-global', 'nav-uci'].forEach(function (n) { $(n).className = n === id ? 'on' : ''; });
}

// "in 42 s", "3 min ago" and friends.
function ago(ms) {
  if (!ms) return 'never';
  var d = new Date(ms);
  return d.toLocaleDateString() + ' ' + d.toLocaleTimeString();
}
function inSecs(s) {
  if (s < 0) return '-';
  if (s < 120) return 'in ' + s + ' s';
  if (s < 7200) return 'in ' + Math.round(s / 60) + ' min';
  return 'in ' + Math.round(s / 3600) + ' h';
}

// ---------- overview ----------

// One row per section, with start/stop and a hint when it does not run.
function overviewRows(st) {
  return st.sections.map(function (s) {
    var hint = '';
    if (!s.enabled) hint = '<br><small class="warn">disabled: edit it and tick "enabled" to run it</small>';
    if (!s.valid && s.errors.length) hint += '<br><small class="err">' + s.errors.map(esc).join('<br>') + '</small>';
    if (s.error) hint += '<br><small class="err">' + esc(s.error) + '</small>';
    if (s.notes.length) hint += '<br><small>' + s.notes.map(esc).join('; ') + '</small>';
    var running = ['off', 'disabled', 'invalid', 'stopped', 'done', 'failed'].indexOf(s.state) < 0;
    return '<tr data-name="' + esc(s.name) + '">' +
      '<td>' + (s.enabled ? '&#10003;' : '-') + '</td>' +
      '<td><a href="#/edit/' + esc(s.name) + '">' + esc(s.name) + '</a>' + hint + '</td>' +
      '<td>' + esc(s.service) + '</td><td>' + esc(s.lookup_host) + '</td>' +
      '<td class="cur">' + esc(s.current_ip || '-') + '</td><td class="reg">' + esc(s.registered_ip || '-') + '</td>' +
      '<td class="last">' + esc(ago(s.last_update)) + '<br><small>' + esc(s.last_answer) + '</small></td>' +
      '<td>' + esc(inSecs(s.next_check_s)) + '</td>' +
      '<td><span class="st ' + esc(s.state) + '">' + esc(s.state) + '</span></td>' +
      '<td>' + (running ? '<button data-cmd="stop">Stop</button> ' : '<button data-cmd="start">Start</button> ') +
      '<button data-cmd="force">Update</button> <a class="btn" href="#/log/' + esc(s.name) + '">Log</a></td></tr>';
  }).join('');
}

// Fills the overview table and the board line; called by the poll timer.
function refreshOverview() {
  return api('GET', 'status').then(function (r) {
    if (r.status !== 200 || !$('ov')) return;
    var st = r.body;
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
  $('view').innerHTML = '<h2>Dynamic DNS: services</h2><div id="nopw"></div><div class="card"><table><thead><tr>' +
    '<th>On</th><th>Name</th><th>Service</th><th>Lookup host</th><th>Current IP</th><th>Registered IP</th>' +
    '<th>Last update</th><th>Next check</th><th>State</th><th></th></tr></thead><tbody id="ov"></tbody></table></div>' +
    '<div class="card"><h3>Add a service section</h3><form id="add">Name <input id="add-name" type="text" size="16"> ' +
    'Provider <select id="add-svc"><option value="">-- custom URL --</option></select> ' +
    '<button class="pri" type="submit">Add</button> <span class="hint">' + esc(NAME_RULE) + '</span></form></div>';
  $('ov').addEventListener('click', function (e) {
    var b = e.target.closest('button[data-cmd]');
    if (!b) return;
    var name = b.closest('tr').getAttribute('data-name');
    api('POST', 'command', { cmd: b.getAttribute('data-cmd'), section: name }).then(function (r) {
      if (r.status === 200) say(b.textContent + ': ' + name, '');
      refreshOverview();
    });
  });
  loadProviders().then(function (list) {
    $('add-svc').innerHTML += list.map(function (n) { return '<option>' + esc(n) + '</option>'; }).join('');
  });
  $('add').addEventListener('submit', function (e) {
    e.preventDefault();
    var name = $('add-name').value.trim();
    if (!/^[A-Za-z0-9_]+$/.test(name) || name === 'global') { say(NAME_RULE, 'err'); return; }
    var set = {};
    set[name] = 'service';
    set[name + '.enabled'] = '0';
    if ($('add-svc').value) set[name + '.service_name'] = $('add-svc').value;
    api('POST', 'config', { set: set, commit: true }).then(function (r) {
      if (r.status === 200) { say('Section ' + name + ' added (disabled): fill it in and enable it.'); location.hash = '#/edit/' + name; }
      else if (r.body && r.body.errors) say(r.body.errors.map(function (x) { return x.msg; }).join(' '), 'err');
    });
  });
  refreshOverview();
  state.timer = setInterval(refreshOverview, POLL_MS);
}

// ---------- editor ----------

// One form row for an option: input by type, help text under it, messages next to it.
function fieldRow(scope, o, value) {
  var id = 'f-' + o.name;
  var v = value === undefined ? '' : value;
  var input;
  if (o.type === 'b') {
    var on = (v === '' ? o.def : v) === '1';
    input = '<input type="checkbox" id="' + id + '"' + (on ? ' checked' : '') + '>';
  } else if (o.values.length) {
    input = '<select id="' + id + '"><option value="">(default: ' + esc(o.def) + ')</option>' + o.values.map(function (x) {
      return '<option' + (x === v ? ' selected' : '') + '>' + esc(x) + '</option>';
    }).join('') + '</select>';
  } else if (o.type === 'p') {
    input = '<input type="password" autocomplete="new-password" id="' + id + '" placeholder="' +
      (v === SET ? '(set: leave empty to keep it)' : '') + '">';
  } else {
    input = '<input type="text" id="' + id + '" value="' + esc(v) + '" placeholder="' + esc(o.def) + '">';
  }
  return '<div class="row" id="row-' + o.name + '"><label for="' + id + '">' + esc(o.name) + '</label><div>' + input +
    '<div class="hint">' + esc(o.help) + (o.def && o.type !== 'b' ? ' (default ' + esc(o.def) + ')' : '') + '</div>' +
    '<div class="fmsg" id="m-' + o.name + '"></div></div></div>';
}

// What a field holds now, as the option string ('' = unset).
function fieldValue(o) {
  var el = $('f-' + o.name);
  if (!el) return undefined;
  if (o.type === 'b') return el.checked ? '1' : '0';
  return el.value.trim();
}

// Puts validator messages next to their fields and in a box above the form.
function showErrors(list, section) {
  var box = [];
  Array.prototype.forEach.call(document.querySelectorAll('.fmsg'), function (m) { m.innerHTML = ''; });
  (list || []).forEach(function (e) {
    if (section && e.section !== section && e.section !== '') return;
    var m = e.option && $('m-' + e.option);
    var html = '<span class="' + (e.level === 'error' ? 'err' : 'warn') + '">' + esc(e.msg) + '</span>';
    if (m) m.innerHTML += html;
    box.push(html);
  });
  $('errs').innerHTML = box.length ? '<div class="errbox">' + box.join('<br>') + '</div>' : '';
}

// Builds the set of changed options: only fields that differ from what was loaded, so an
// unchanged section is not restarted; an untouched password field keeps the saved secret.
function changes(prefix, opts, loaded) {
  var set = {};
  Object.keys(opts).forEach(function (n) {
    var o = opts[n];
    var v = fieldValue(o);
    if (v === undefined) return;
    var before = loaded[n] === undefined ? '' : loaded[n];
    if (o.type === 'b') { if (v === (before === '' ? o.def : before)) return; }
    else if (o.type === 'p') { if (v === '') return; }
    else if (v === before) return;
    set[prefix + n] = v;
  });
  return set;
}

// Shows the provider's URL field only for a custom URL.
function serviceToggle() {
  var custom = !$('f-service_name').value;
  $('row-update_url').style.display = custom ? '' : 'none';
}

// The editor of one section: tabs basic, advanced, timer; save checks and applies at once.
function showEdit(name) {
  navOn('');
  $('view').innerHTML = '<h2>Service section: ' + esc(name) + '</h2><div id="errs"></div><div id="ok"></div>' +
    '<div class="tabs"><a data-tab="basic" class="on">Basic settings</a><a data-tab="advanced">Advanced settings</a>' +
    '<a data-tab="timer">Timer settings</a><a href="#/log/' + esc(name) + '">Log file viewer</a></div>' +
    '<div class="card" id="form">Loading...</div><p><button class="pri" id="save">Save &amp; apply</button> ' +
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
          html += '<div class="row" id="row-service_name"><label for="f-service_name">service_name</label><div>' +
            '<select id="f-service_name"><option value="">-- custom URL --</option>' + a[1].map(function (p) {
              return '<option' + (p === v ? ' selected' : '') + '>' + esc(p) + '</option>';
            }).join('') + '</select><div class="hint">' + esc(help[n].help) + '</div><div class="fmsg" id="m-service_name"></div></div></div>';
        } else html += fieldRow('service', help[n], loaded[n]);
      });
      html += '</div>';
    });
    $('form').innerHTML = html;
    $('f-service_name').addEventListener('change', serviceToggle);
    serviceToggle();
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
          Object.keys(set).forEach(function (k) { loaded[k.substring(name.length + 1)] = set[k]; });
          var ap = res.body.applied;
          $('ok').innerHTML = '<div class="okbox">' + (res.body.committed ? 'Saved and applied' +
            (ap && ap.restarted.length ? ': ' + esc(ap.restarted.join(' ')) + ' restarted' : '') : 'No changes') + '.</div>';
        } else if (res.status === 422) {
          $('ok').innerHTML = '';
          say('Not saved: fix the messages below.', 'err');
        }
      });
    };
    $('del').onclick = function () {
      if (!confirm('Delete section ' + name + '?')) return;
      api('POST', 'config', { del: [name], commit: true }).then(function (res) {
        if (res.status === 200) { say('Section ' + name + ' deleted.'); location.hash = '#/'; }
      });
    };
  });
}

// ---------- log, global, uci ----------

// A section's log, newest at the bottom.
function showLog(name) {
  navOn('');
  $('view').innerHTML = '<h2>Log: ' + esc(name) + '</h2><p><button id="rl">Reload</button> <a class="btn" href="#/edit/' +
    esc(name) + '">Edit</a> <a class="btn" href="#/">Overview</a></p><pre id="log">Loading...</pre>';
  var load = function () {
    api('GET', 'log?section=' + encodeURIComponent(name)).then(function (r) {
      $('log').textContent = typeof r.body === 'string' && r.body ? r.body : '(no log lines yet)';
      $('log').scrollTop = $('log').scrollHeight;
    });
  };
  $('rl').onclick = load;
  load();
}

// The global section and the web block (read only here: set on the console).
function showGlobal() {
  navOn('nav-global');
  $('view').innerHTML = '<h2>Global settings</h2><div id="errs"></div><div id="ok"></div><div class="card" id="form">Loading...</div>' +
    '<p><button class="pri" id="save">Save &amp; apply</button></p><div class="card" id="web"></div>';
  Promise.all([loadHelp(), api('GET', 'config')]).then(function (a) {
    var help = a[0].global;
    var cfg = a[1].body;
    var loaded = cfg.global || {};
    var shown = {};
    ['ddns_dateformat', 'ddns_loglines', 'upd_privateip'].forEach(function (n) { if (help[n]) shown[n] = help[n]; });
    $('form').innerHTML = Object.keys(shown).map(function (n) { return fieldRow('global', shown[n], loaded[n]); }).join('');
    var w = cfg.web || {};
    $('web').innerHTML = '<h3>Web page</h3><table><tr><td>port</td><td>' + esc(w.port || '80') + '</td></tr>' +
      '<tr><td>auth_read</td><td>' + esc(w.auth_read || '0') + ' <small>(1: reading needs the password too)</small></td></tr>' +
      '<tr><td>admin password</td><td>' + (w.admin_password_hash ? 'set' : '<span class="err">not set</span>') +
      " <small>change it on the serial console: webpass('...')</small></td></tr></table>" +
      '<p class="hint">These live in the "web" block of ddns.json; a new port takes effect after a reboot.</p>';
    $('save').onclick = function () {
      var set = changes('global.', shown, loaded);
      api('POST', 'config', { set: set, commit: true }).then(function (res) {
        showErrors(res.body.errors, 'global');
        if (res.status === 200) {
          Object.keys(set).forEach(function (k) { loaded[k.substring(7)] = set[k]; });
          var rb = res.body.applied && res.body.applied.rebootFor;
          $('ok').innerHTML = '<div class="okbox">' + (res.body.committed ? 'Saved' : 'No changes') +
            (rb && rb.length ? ': ' + esc(rb.join(', ')) + ' takes effect after a reboot' : '') + '.</div>';
        }
      });
    };
  });
}

// Import and export of an OpenWrt /etc/config/ddns text.
function showUci() {
  navOn('nav-uci');
  $('view').innerHTML = '<h2>Import / export (/etc/config/ddns)</h2><div class="card"><p class="hint">The current config as ' +
    "OpenWrt writes it; secrets show as ***, which keeps the saved value on import. Paste a router's config to import it " +
    '(it replaces the service sections).</p><textarea id="uci" rows="22" spellcheck="false"></textarea><p>' +
    '<button id="check">Check</button> <button class="pri" id="imp">Import &amp; apply</button> ' +
    '<button id="reload">Reload current</button></p><div id="errs"></div><div id="ok"></div></div>';
  var load = function () { api('GET', 'uci').then(function (r) { $('uci').value = typeof r.body === 'string' ? r.body : ''; }); };
  var send = function (commit) {
    api('POST', 'uci' + (commit ? '?commit=1' : ''), $('uci').value).then(function (r) {
      showErrors(r.body.errors);
      $('ok').innerHTML = r.status === 200 ? '<div class="okbox">' + (r.body.committed ? 'Imported and applied.' :
        r.body.changed === false ? 'Nothing changed.' : 'The text is valid.') + '</div>' : '';
    });
  };
  $('check').onclick = function () { send(false); };
  $('imp').onclick = function () { send(true); };
  $('reload').onclick = load;
  load();
}

// ---------- routing and login ----------

// Shows the view named by the location hash.
function route() {
  clearInterval(state.timer);
  say('');
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
  api('POST', 'config', { commit: false }).then(function (r) {
    if (r.status === 200) {
      sessionStorage.setItem('ddns-pw', state.pw);
      $('who').textContent = 'logged in';
      say('');
    } else {
      state.pw = '';
      sessionStorage.removeItem('ddns-pw');
    }
  });
});
if (state.pw) $('who').textContent = 'logged in';
window.addEventListener('hashchange', route);
route();
