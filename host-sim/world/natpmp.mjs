// A router's NAT-PMP server (RFC 6886 section 3.2, only the external address): a 2-byte request
// 00 00 to port 5351 gets 12 bytes: version 0, opcode 128, result code (u16), seconds since the
// mapping table started (epoch, u32), the external address; result 3 (network failure) with
// 0.0.0.0 while the router has no WAN address. On a change the router announces the same 12
// bytes (section 3.2.1) to 224.0.0.1:5350; a simulated board is not in a multicast group, so
// the announcement goes to the board's bound port 5350 (announceTo), from gateway:5351 as a
// router sends it. The epoch restarts at 0 after a change (miniupnpd, ROUTER.md).
import dgram from 'node:dgram';

export const NATPMP_PORT = 5351;

function reply(result, epoch, ip) {
  const b = Buffer.alloc(12);
  b[1] = 128;
  b.writeUInt16BE(result, 2);
  b.writeUInt32BE(epoch >>> 0, 4);
  const parts = (ip || '0.0.0.0').split('.').map(Number);
  for (let i = 0; i < 4; i++) b[8 + i] = parts[i] & 255;
  return b;
}

/**
 * host: the router's (gateway's) loopback address; ip: its WAN address (null: none);
 * clock(): ms for the epoch (the world's time). Returns { host, port, requests, setIp(ip,
 * announceTo), ip(), setDown(on), close() }; announceTo: the host port the board listens on for
 * announcements (undefined: none sent).
 */
export async function startNatPmp({ host, port = NATPMP_PORT, ip = null, clock = Date.now } = {}) {
  const sock = dgram.createSocket('udp4');
  const requests = [];
  let wan = ip;
  let since = clock();
  let down = false;
  const answer = () => reply(wan ? 0 : 3, Math.floor((clock() - since) / 1000), wan);
  sock.on('message', (msg, rinfo) => {
    requests.push({ time: clock(), from: rinfo.address });
    if (down) return;
    // version 0, opcode 0: the address request; anything else gets "unsupported opcode" (5)
    if (msg.length < 2 || msg[0] !== 0) return;
    const out = msg[1] === 0 ? answer() : reply(5, 0, null);
    if (msg[1] !== 0) out[1] = 128 + msg[1];
    sock.send(out, rinfo.port, rinfo.address);
  });
  sock.on('error', () => {});
  await new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => { sock.off('error', reject); resolve(); });
  });
  return {
    host,
    port: sock.address().port,
    requests,
    ip: () => wan,
    setIp(next, announceTo) {
      if (next === wan) return;
      wan = next || null;
      since = clock();
      if (announceTo && !down) sock.send(answer(), announceTo, '127.0.0.1');
    },
    setDown(on) { down = Boolean(on); },
    close: () => new Promise((r) => sock.close(() => r())),
  };
}
