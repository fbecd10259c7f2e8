// What the board's network stack decides before a socket exists: name resolution
// (networkGetHostByName: IP literal first, then the resolver), whether the destination can be
// reached, and the blocking connect of network_esp32.c / network_linux.c, whose failure prints
// "ERROR: Connect failed (err N)" and makes the caller throw "Unable to create socket".
import net from 'node:net';
import tls from 'node:tls';
import { probeConnect } from './probe.mjs';

// socketerrors.c: code -> message, for the {code, message} objects of 'error' events.
export const SOCKET_ERRORS = {
  [-1]: 'connection closed', [-2]: 'out of memory', [-3]: 'timeout', [-4]: 'no route',
  [-5]: 'busy', [-6]: 'not found', [-7]: 'max sockets', [-8]: 'unsent data',
  [-9]: 'connection reset', [-10]: 'unknown error', [-11]: 'no connection', [-12]: 'bad argument',
  [-13]: 'SSL handshake failed', [-14]: 'invalid SSL data', [-15]: 'no response',
};

const ERRNO = { ECONNREFUSED_LINUX: 111, ECONNRESET: 104, EHOSTUNREACH: 113, ETIMEDOUT: 110 };

// Dotted quad as networkParseIPAddress accepts it; 0.0.0.0 counts as "not parsed".
export function parseIPv4(s) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  const ip = parts.join('.');
  return ip === '0.0.0.0' ? null : ip;
}

export function isLoopback(ip) {
  return /^127\./.test(ip);
}

// 224.0.0.0/4: SSDP and NAT-PMP announcements travel there.
export function isMulticast(ip) {
  const a = Number(String(ip).split('.')[0]);
  return a >= 224 && a <= 239;
}

// Dotted quad to a number, for the subnet test.
function ipNumber(ip) {
  return String(ip).split('.').reduce((n, p) => n * 256 + (Number(p) & 255), 0);
}

// a and b in the same subnet under netmask (all dotted quads).
export function sameSubnet(a, b, netmask) {
  if (!a || !b || !netmask) return false;
  const m = ipNumber(netmask);
  return (ipNumber(a) & m) >>> 0 === (ipNumber(b) & m) >>> 0;
}

export class NetStack {
  // session: { board, net (live network state), print/jsError, realm }
  constructor(session) {
    this.session = session;
    this.sockets = 0; // TCP sockets the board holds now (see claimSocket)
  }

  // lwIP's socket table: Espruino's ESP32 build has CONFIG_LWIP_MAX_SOCKETS=10
  // (targets/esp32/IDF4/sdkconfig), the Linux build whatever the OS gives (no limit here).
  // Board option maxSockets overrides.
  get maxSockets() {
    const b = this.session.board;
    if (b.opts.maxSockets !== undefined) return b.opts.maxSockets;
    return b.kind === 'esp32' ? 10 : Infinity;
  }

  // Takes a socket from the table: false when it is full (socket() fails on the board).
  claimSocket() {
    if (this.sockets >= this.maxSockets) return false;
    this.sockets++;
    const st = this.session.board.stats;
    if (this.sockets > st.peakSockets) st.peakSockets = this.sockets;
    return true;
  }

  releaseSocket() {
    if (this.sockets > 0) this.sockets--;
  }

  get online() {
    const s = this.session;
    return s.board.kind === 'linux' || Boolean(s.wifi && s.wifi.connected);
  }

  // Host name -> IPv4 string, or null ("Unable to locate host"). Names only resolve while the
  // board has a network (its DNS server is reached through it); IP literals always parse.
  resolve(host) {
    if (host === undefined) return '127.0.0.1';
    const name = String(host).slice(0, 127);
    const literal = parseIPv4(name);
    if (literal) return literal;
    if (!this.online) return null;
    const lower = name.toLowerCase();
    if (lower === 'localhost') return '127.0.0.1';
    const hosts = this.session.board.hosts || {};
    for (const k of Object.keys(hosts)) if (k.toLowerCase() === lower) return parseIPv4(hosts[k]);
    return null;
  }

  // The world's "internet" on loopback: board option routes { 'ip:port': 'ip:port' } sends a
  // connection for a provider's real port (80, 443) to the fake's ephemeral loopback port.
  route(ip, port) {
    const routes = this.session.board.opts.routes || {};
    const to = routes[`${ip}:${port}`];
    if (!to) return [ip, port];
    const c = String(to).lastIndexOf(':');
    return [String(to).slice(0, c), Number(String(to).slice(c + 1))];
  }

  // A board in a network namespace (board option netFromInterface or net 'auto', see
  // hostnet.mjs) has a real interface: its own subnet and multicast exist besides loopback.
  get inNamespace() {
    const n = this.session.board.opts.net;
    return Boolean(n && n.iface);
  }

  // Whether a packet or connection from the board can get to ip at all.
  reachable(ip) {
    if (!this.online || !ip) return false;
    if (isLoopback(ip)) return true;
    if (!this.inNamespace) return false;
    const n = this.session.board.network;
    return isMulticast(ip) || sameSubnet(ip, n.ip, n.netmask);
  }

  // The blocking connect: returns null on success, or the errno the board would report.
  // Only loopback (and in a namespace the board's subnet) is reachable; anything else is not.
  connect(ip0, port0) {
    const [ip, port] = this.route(ip0, port0);
    if (!this.reachable(ip)) return ERRNO.EHOSTUNREACH;
    // Without the probe a refused port shows up later, as a peer that closed without answering.
    if (this.session.board.opts.connectProbe === false) return null;
    const errno = probeConnect(ip, port);
    if (!errno) return null;
    // lwIP reports a refused connect as a reset (ECONNRESET); the Linux build sees ECONNREFUSED.
    if (errno === ERRNO.ECONNREFUSED_LINUX && this.session.board.kind === 'esp32') return ERRNO.ECONNRESET;
    return errno;
  }

  // Connect or throw like clientRequestConnect does after netCreateSocket fails: a full socket
  // table first ("Socket creation failed", network_esp32.c), then the blocking connect. On
  // success the caller holds a socket of the table and gives it back with releaseSocket().
  connectOrThrow(ip, port) {
    const s = this.session;
    if (!this.claimSocket()) {
      s.jsError('Socket creation failed');
      throw s.realm.error('InternalError', 'Unable to create socket');
    }
    const errno = this.connect(ip, port);
    if (errno === null) return;
    this.releaseSocket();
    s.jsError(`Connect failed (err ${errno})`);
    throw s.realm.error('InternalError', 'Unable to create socket');
  }

  // The source address the board's sockets use: its own address when it is a loopback one
  // (Linux routes all of 127/8 to lo), so servers see the board's IP as the peer.
  localAddress() {
    const ip = this.session.board.network.ip;
    if (this.inNamespace) return this.online ? ip : undefined;
    return process.platform === 'linux' && ip && isLoopback(ip) && this.online ? ip : undefined;
  }

  // The host socket behind a board TCP socket. TLS never verifies the peer, like mbedTLS with
  // MBEDTLS_SSL_VERIFY_NONE, and sends the constant SNI name the board sends.
  open(ip0, port0, secure) {
    const [ip, port] = this.route(ip0, port0);
    const opts = { host: ip, port, localAddress: this.localAddress() };
    const sock = secure
      ? tls.connect({ ...opts, rejectUnauthorized: false, servername: 'mbed TLS Server 1' })
      : net.connect(opts);
    sock.setNoDelay(true);
    return sock;
  }

  errorObject(code) {
    return this.session.realm.obj({ code, message: SOCKET_ERRORS[code] || 'unknown error' });
  }
}
