// Remote syslog (the top-level "syslog" block of ddns.json): a Storage module (ddns.syslog),
// loaded at boot when the block is there and kept while it sends. Wrong options switch it off
// with a logged reason.

import type { Host } from '../host';
import { readMqttConfig } from '../mqtt/config';
import { readSyslogConfig, startSyslog } from './syslog';

// A section's use_syslog (ddns-scripts' default 2); lines of the services themselves: 2.
function levelOf(h: Host, name: string): number {
  for (var i = 0; i < h.configs.length; i++) if (h.configs[i].name === name) return h.configs[i].syslog;
  return 2;
}

/** Starts syslog from the config in force; null when the block is absent or wrong (logged). */
export function start(h: Host): { stop: () => void } | null {
  var mq = readMqttConfig(h.run.mqtt);
  var sl = readSyslogConfig(h.run.syslog, mq.config && mq.config.hostnameSet ? mq.config.hostname : '');
  var out = sl.config ? startSyslog({ udp: h.ports.udp, clock: h.ports.clock, log: h.log, config: sl.config,
    dateformat: h.run.g.dateformat, levelOf: function (name) { return levelOf(h, name); }, net: h.ports.net }) : null;
  // after syslog is listening, so the warnings (a password sent in clear) reach it too
  for (var i = 0; i < sl.errors.length; i++) h.log.write('syslog', sl.errors[i].level === 'error' ? 'err' : 'warn', sl.errors[i].msg);
  return out;
}
