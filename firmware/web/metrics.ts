// GET /metrics (our extension): the Prometheus text exposition format (version 0.0.4), for a
// scraper on the LAN. Per section its state, the time of its last accepted update and, since
// boot, the checks that ended well and the update attempts by answer; for the board its free
// variable blocks and uptime. Counted by main.ts (host.counts); built per request.

import type { Host as App } from '../host';

/** The exposition text. */
// Why: one function, its helpers nested, so nothing of it stays in RAM between scrapes.
export function metrics(app: App): string {
  var out = '';
  // A label value: backslash, double quote and newline escaped, as the format requires.
  function esc(v: string): string {
    var s = '';
    for (var i = 0; i < v.length; i++) {
      var c = v.charAt(i);
      s += c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : c;
    }
    return s;
  }
  function head(name: string, type: string, help: string) {
    out += '# HELP ' + name + ' ' + help + '\n# TYPE ' + name + ' ' + type + '\n';
  }
  var counts = app.counts || {};
  var keys = Object.keys(counts);
  // the counters of one kind ('c', 'u' or 'f'), one line per section (and answer)
  function counters(kind: string, name: string, help: string) {
    head(name, 'counter', help);
    for (var i = 0; i < keys.length; i++) {
      var p = keys[i].split('|');
      if (p[1] !== kind) continue;
      out += name + '{section="' + esc(p[0]) + '"' + (p.length > 2 ? ',answer="' + esc(p.slice(2).join('|')) + '"' : '') + '} ' +
        counts[keys[i]] + '\n';
    }
  }
  head('ddns_info', 'gauge', 'firmware version and board');
  out += 'ddns_info{version="' + esc(app.version) + '",board="' + esc(app.board.name) + '"} 1\n';
  head('ddns_section_state', 'gauge', 'the state of each section (1 for the state it is in)');
  var st: any[] = [];
  for (var i = 0; i < app.sections.length; i++) {
    var s = app.sections[i].status();
    st.push(s);
    out += 'ddns_section_state{section="' + esc(s.name) + '",state="' + esc(s.state) + '"} 1\n';
  }
  head('ddns_last_success_timestamp_seconds', 'gauge', 'wall-clock time of the last accepted update (0: none known)');
  for (var j = 0; j < st.length; j++) {
    out += 'ddns_last_success_timestamp_seconds{section="' + esc(st[j].name) + '"} ' + Math.floor((st[j].lastUpdate || 0) / 1000) + '\n';
  }
  counters('c', 'ddns_checks_ok_total', 'checks that ended well since boot');
  counters('u', 'ddns_updates_total', 'accepted update attempts since boot, by answer');
  counters('f', 'ddns_update_failures_total', 'failed update attempts since boot, by answer');
  var m = app.ports.memory;
  if (m) {
    head('ddns_memory_free_blocks', 'gauge', 'free interpreter variable blocks');
    out += 'ddns_memory_free_blocks ' + m.free().blocks + '\n';
  }
  head('ddns_uptime_seconds', 'gauge', 'seconds since boot');
  out += 'ddns_uptime_seconds ' + Math.floor(app.ports.clock.uptimeMs() / 1000) + '\n';
  return out;
}
