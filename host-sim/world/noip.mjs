// A fake No-IP update server (dynupdate.no-ip.com) following No-IP's integration docs
// (noip.com/integrate/request and /response): GET /nic/update?hostname=h1,h2&myip=IP (myipv6 for
// IPv6; both may be given), Basic auth with the account or a DDNS key, a User-Agent in No-IP's
// format 'Company DeviceName-Model/FirmwareVersion maintainer@example.com' (no agent, or one
// without a program/version and a contact, is 'badagent'), and one answer line per host in the
// order given: 'good IP' / 'nochg IP' (IPv4 and IPv6 joined by ',' when both were sent),
// 'nohost'; account-wide answers once: 'badauth' (HTTP 401), 'badagent', '!donator' (offline=YES
// without a paid account), 'abuse', '911' (HTTP 500, during maintenance).
import net from 'node:net';
import { startHttpFake } from './http-util.mjs';
import { RecordStore, normalizeName } from './records.mjs';

// No-IP asks for 'Company DeviceName-Model/FirmwareVersion maintainer-contact@example.com'.
export function agentOk(agent) {
  const a = String(agent || '').trim();
  return /\S+\/\S+/.test(a) && /\S+@\S+/.test(a);
}

// One host's line; the address part lists what was sent, IPv4 first.
function answerHost(account, host, ips, records) {
  if (!(account.hosts || []).map(normalizeName).includes(host)) return 'nohost';
  let changed = false;
  for (const ip of ips) {
    const type = net.isIPv6(ip) ? 'AAAA' : 'A';
    const cur = records.get(host, type);
    if (!cur || cur.value !== ip) {
      records.set(host, type, ip, 60);
      changed = true;
    }
  }
  return (changed ? 'good ' : 'nochg ') + ips.join(',');
}

// The request-level checks in the order No-IP documents them, then one line per host.
function update(ctx, { users, records, state }) {
  if (state.maintenance) return { status: 500, body: '911' };
  if (ctx.method !== 'GET' || !agentOk(ctx.headers['user-agent'])) return { body: 'badagent' };
  const account = ctx.auth && users[ctx.auth.user];
  if (!account || account.password !== ctx.auth.pass) {
    return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="No-IP DDNS"' }, body: 'badauth' };
  }
  if (account.abuse) return { body: 'abuse' };
  const offline = String(ctx.query.offline || '').toUpperCase() === 'YES';
  if (offline && !account.donator) return { body: '!donator' };
  const hosts = String(ctx.query.hostname || '').split(',').map(normalizeName).filter(Boolean);
  if (!hosts.length) return { body: 'nohost' };
  const ips = [];
  for (const v of String(ctx.query.myip || '').split(',')) if (net.isIP(v)) ips.push(v);
  if (ctx.query.myipv6 && net.isIPv6(ctx.query.myipv6)) ips.push(ctx.query.myipv6);
  if (!ips.length) ips.push(ctx.clientIp);
  ips.sort((a, b) => net.isIPv6(a) - net.isIPv6(b));
  return { body: hosts.map((h) => answerHost(account, h, ips, records)).join('\n') };
}

// users: { 'name': { password, hosts: [...], donator?, abuse? } }; records: a RecordStore the
// accepted addresses go to (a new one when not given). Returns the shared fake controls (url,
// port, requests, setNextAnswer, setAnswers, setStatus, setDelay, setClientIp, close) plus
// users, records and setMaintenance(on) for '911'.
export async function startNoip({ port = 0, host = '127.0.0.1', users = {}, records } = {}) {
  const store = records || new RecordStore();
  const state = { maintenance: false };
  const fake = await startHttpFake({
    port,
    host,
    handle: (ctx) => (ctx.path === '/nic/update'
      ? update(ctx, { users, records: store, state })
      : { status: 404, body: 'not found' }),
  });
  return { ...fake, users, records: store, setMaintenance(on) { state.maintenance = !!on; } };
}
