// A fake of the token-in-the-URL provider style (DuckDNS), the other answer shape the firmware
// must read: a bare OK/KO with no per-host lines and no HTTP auth.
import net from 'node:net';
import { startHttpFake } from './http-util.mjs';
import { normalizeName } from './records.mjs';

// DuckDNS accepts both "name" and "name.duckdns.org"; the store keeps full names.
function fullName(domain, zone) {
  const d = normalizeName(domain);
  return d === zone || d.endsWith(`.${zone}`) ? d : `${d}.${zone}`;
}

// Both documented forms: /update?domains=..&token=..&ip=.. and /update/{domains}/{token}[/{ip}].
function readParams(ctx) {
  const parts = ctx.path.split('/').filter(Boolean);
  if (parts[0] !== 'update') return null;
  if (parts.length >= 3) {
    return { ...ctx.query, domains: decodeURIComponent(parts[1]), token: decodeURIComponent(parts[2]),
      ip: parts[3] ? decodeURIComponent(parts[3]) : ctx.query.ip };
  }
  return parts.length === 1 ? ctx.query : null;
}

// Applies one address to every domain and reports whether anything actually changed.
function apply(records, names, type, ip, ttl) {
  let changed = false;
  for (const name of names) {
    const current = records.get(name, type);
    if (current && current.value === ip) continue;
    records.set(name, type, ip, ttl);
    changed = true;
  }
  return changed;
}

// The whole request succeeds or fails: any unknown domain or a bad token is a single KO.
function update(params, { tokens, records, zone, ttl, clientIp }) {
  const owned = (tokens[params.token] || []).map((d) => fullName(d, zone));
  const names = String(params.domains || '').split(',').filter(Boolean).map((d) => fullName(d, zone));
  if (!names.length || !owned.length || !names.every((n) => owned.includes(n))) return 'KO';

  if (String(params.clear).toLowerCase() === 'true') {
    for (const n of names) records.delete(n);
    return params.verbose === 'true' ? 'OK\n\n\nUPDATED' : 'OK';
  }
  let ipv4 = params.ip || '';
  let ipv6 = params.ipv6 || '';
  if (net.isIPv6(ipv4)) { ipv6 = ipv6 || ipv4; ipv4 = ''; }
  if (!params.ip && !params.ipv6) ipv4 = net.isIPv4(clientIp) ? clientIp : '';
  if ((ipv4 && !net.isIPv4(ipv4)) || (ipv6 && !net.isIPv6(ipv6))) return 'KO';

  let changed = false;
  if (ipv4) changed = apply(records, names, 'A', ipv4, ttl) || changed;
  if (ipv6) changed = apply(records, names, 'AAAA', ipv6, ttl) || changed;
  if (params.verbose !== 'true') return 'OK';
  return `OK\n${ipv4}\n${ipv6}\n${changed ? 'UPDATED' : 'NOCHANGE'}`;
}

// tokens: { token: ['name', ...] }; names are under zone. Returns the shared fake controls
// (url, port, requests, setNextAnswer, setAnswers, setStatus, setDelay, setClientIp, close) plus tokens.
export async function startDuckdns({ port = 0, host = '127.0.0.1', tokens = {}, records, zone = 'duckdns.org', ttl = 60 }) {
  if (!records) throw new TypeError('startDuckdns needs a RecordStore');
  const z = normalizeName(zone);
  const fake = await startHttpFake({
    port,
    host,
    handle: (ctx) => {
      const params = readParams(ctx);
      if (!params) return { status: 404, body: 'not found' };
      return { body: update(params, { tokens, records, zone: z, ttl, clientIp: ctx.clientIp }) };
    },
  });
  return { ...fake, tokens, zone: z };
}
