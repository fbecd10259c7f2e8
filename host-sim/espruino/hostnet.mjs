// The board inside a network namespace (`ip netns exec lan node ...`): its address and netmask
// come from a real interface of that namespace (os.networkInterfaces()), its gateway from
// `ip -4 route show default`. SimBoard options: `netFromInterface: 'lan0'`, or `net: 'auto'`
// (the first non-loopback IPv4 interface). Board servers then listen on 0.0.0.0 on the port the
// firmware asked for (a router must reach them at the board's address), unless the options say
// otherwise; netstack.mjs lets the board reach its own subnet and multicast.
import os from 'node:os';
import { execFileSync } from 'node:child_process';

// Why: `ip route` is what the namespace really routes by; its first default route wins.
export function defaultGateway(dev) {
  let out = '';
  try {
    out = execFileSync('ip', ['-4', 'route', 'show', 'default'], { encoding: 'utf8' });
  } catch {
    return null;
  }
  for (const line of out.split('\n')) {
    const m = /^default via (\d+\.\d+\.\d+\.\d+) dev (\S+)/.exec(line.trim());
    if (m && (!dev || m[2] === dev)) return m[1];
  }
  return null;
}

// Why: 'auto' must not pick lo; the namespace normally has exactly one other link.
function firstInterface() {
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    if (addrs.some((a) => a.family === 'IPv4' && !a.internal)) return name;
  }
  throw new Error('net: auto: no IPv4 interface besides loopback');
}

/** { ip, netmask, gw, iface } of a named interface; throws when it has no IPv4 address. */
export function interfaceNet(name) {
  const addrs = os.networkInterfaces()[name] || [];
  const a = addrs.find((x) => x.family === 'IPv4');
  if (!a) throw new Error(`netFromInterface: ${name} has no IPv4 address here`);
  return { ip: a.address, netmask: a.netmask, gw: defaultGateway(name) || a.address, iface: name };
}

// Why: one call in the SimBoard constructor turns the options into a namespace board, or does nothing.
export function applyHostNet(opts, given) {
  const name = opts.netFromInterface || (opts.net === 'auto' ? firstInterface() : null);
  if (!name) return;
  opts.net = interfaceNet(name);
  if (given.listenHost === undefined) opts.listenHost = '0.0.0.0';
  if (given.portMap === undefined) opts.portMap = (port) => port;
}
