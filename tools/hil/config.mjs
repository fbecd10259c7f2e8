// The configs the suite runs (README "Configuring: ddns.json"), each pointing at the suite's world
// (world.mjs). Sections take the board's own address (ip_source network) on a board with Wifi;
// a board without it (Espruino for Linux) learns its address from the world's check-IP service.
import { HOSTS, USER } from './world.mjs';

export const SECTIONS = { http: 'hil_http', https: 'hil_https', web: 'hil_web', custom: 'hil_custom' };
export const MQTT_HOSTNAME = 'hil-board';

const hostPort = (url) => url.replace(/^\w+:\/\//, '');

function section(world, { host, url, source }) {
  const s = {
    enabled: '1',
    update_url: url,
    domain: host,
    username: USER,
    password: world.password,
    dns_server: `${world.host}:${world.dns.port}`,
    check_interval: '10',
    check_unit: 'minutes',
  };
  if (source === 'web') {
    s.ip_source = 'web';
    s.ip_url = world.checkIp.url + '/';
  } else s.ip_source = 'network';
  return s;
}

const dyndns2Url = (base) => base.replace(/^(\w+:\/\/)/, '$1[USERNAME]:[PASSWORD]@') + '/nic/update?hostname=[DOMAIN]&myip=[IP]';

/** Every section the suite knows, by its key in SECTIONS. */
export function allSections(world, { wifi }) {
  const source = wifi ? 'network' : 'web';
  const custom = section(world, { host: HOSTS.custom, url: `http://${hostPort(world.custom.url)}/update?host=[DOMAIN]&ip=[IP]&key=[PASSWORD]`, source });
  delete custom.username;
  return {
    http: section(world, { host: HOSTS.http, url: dyndns2Url(world.dyndns2.url), source }),
    https: section(world, { host: HOSTS.https, url: dyndns2Url(world.https.url), source }),
    web: section(world, { host: HOSTS.web, url: dyndns2Url(world.dyndns2.url), source: 'web' }),
    custom: { ...custom, password: world.key, answer: 'OK' },
  };
}

/**
 * The config of one step: `sections` (keys of SECTIONS), `mqtt` and `web` on or off.
 * opts: {wifi, webPort, boardIp}.
 */
export function stepConfig(world, { sections, mqtt = false, web = false }, opts) {
  const all = allSections(world, opts);
  const service = {};
  for (const k of sections) service[SECTIONS[k]] = all[k];
  const cfg = {
    global: { upd_privateip: '1', ddns_dateformat: '%F %T', ddns_loglines: '50' },
    service,
    web: web
      ? { enabled: '1', port: String(opts.webPort), hostname: [opts.boardIp, MQTT_HOSTNAME].filter(Boolean).join(' ') }
      : { enabled: '0' },
  };
  if (mqtt) cfg.mqtt = { host: world.host, port: String(world.mqtt.port), hostname: MQTT_HOSTNAME, command_token: world.commandToken };
  return cfg;
}
