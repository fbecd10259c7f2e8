// A fake provider speaking the dyndns2 remote-access protocol (Dyn, and No-IP which copies it), so
// the firmware's requests and its reading of every documented answer are tested end to end.
import net from 'node:net';
import { startHttpFake } from './http-util.mjs';
import { normalizeName } from './records.mjs';

// Dyn's limit; more than this in one request is answered with a single numhost.
const MAX_HOSTS = 20;
// /nic/update is the protocol's path (No-IP too); /update and /v3/update are the variants in use.
const PATHS = ['/nic/update', '/update', '/v3/update'];

// notfqdn must be answered for anything a registry would not accept as a host name.
export function isFqdn(name) {
  if (name.length > 253) return false;
  const labels = name.split('.');
  return labels.length >= 2 &&
    labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1]);
}

// Dyn ignores a malformed myip and uses its best guess, the address the request came from.
function chooseIp(myip, clientIp) {
  if (myip && net.isIP(myip)) return myip;
  return clientIp;
}

// Who owns a host decides between nohost (nobody here) and !yours (someone else).
function ownerOf(users, host) {
  for (const [user, u] of Object.entries(users)) {
    if ((u.hosts || []).some((h) => normalizeName(h) === host)) return user;
  }
  return null;
}

// One host's line: the answer the protocol documents for that host alone.
function answerHost({ users, user, host, ip, records, ttl }) {
  if (!isFqdn(host)) return 'notfqdn';
  const owner = ownerOf(users, host);
  if (!owner) return 'nohost';
  if (owner !== user) return '!yours';
  if (users[user].abuse) return 'abuse';
  const type = net.isIPv6(ip) ? 'AAAA' : 'A';
  const current = records.get(host, type);
  if (current && current.value === ip) return `nochg ${ip}`;
  records.set(host, type, ip, ttl);
  return `good ${ip}`;
}

// The request-level checks come first, in the order Dyn applies them, then one line per host.
function update(ctx, { users, records, ttl }) {
  if (ctx.method !== 'GET' || !String(ctx.headers['user-agent'] || '').trim()) {
    return { body: 'badagent' };
  }
  if (!ctx.auth) {
    // wget and friends only send credentials after a challenge, so give them one.
    return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="DynDNS API Access"' }, body: 'badauth' };
  }
  const account = users[ctx.auth.user];
  if (!account || account.password !== ctx.auth.pass) return { body: 'badauth' };

  const hosts = String(ctx.query.hostname || '').split(',').map(normalizeName).filter(Boolean);
  if (!hosts.length) return { body: 'notfqdn' };
  if (hosts.length > MAX_HOSTS) return { body: 'numhost' };
  const offline = ctx.query.offline && ctx.query.offline.toUpperCase() !== 'NO';
  if (offline && !account.donator) return { body: '!donator' };

  const ip = chooseIp(ctx.query.myip, ctx.clientIp);
  const lines = hosts.map((host) => answerHost({ users, user: ctx.auth.user, host, ip, records, ttl }));
  return { body: lines.join('\n') };
}

// users: { name: { password, hosts: [..], donator?: bool, abuse?: bool } }; records: a RecordStore.
// Returns the shared fake controls (url, port, requests, setNextAnswer, setAnswers, setStatus,
// setDelay, setClientIp, close) plus users, so a test can add hosts while it runs.
export async function startDyndns2({ port = 0, host = '127.0.0.1', users = {}, records, ttl = 60 }) {
  if (!records) throw new TypeError('startDyndns2 needs a RecordStore');
  const fake = await startHttpFake({
    port,
    host,
    handle: (ctx) => (PATHS.includes(ctx.path)
      ? update(ctx, { users, records, ttl })
      : { status: 404, body: 'not found' }),
  });
  return { ...fake, users };
}
