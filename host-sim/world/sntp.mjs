// A tiny SNTP server (RFC 4330) on loopback: answers every 48-byte client request with the host's
// time (plus an offset a test may set), stratum 2, so the board's clock can be set as by a router.
// clock: another time source (ms), e.g. a world in virtual time.
import dgram from 'node:dgram';

export async function startSntp({ port = 0, host = '127.0.0.1', offsetMs = 0, clock = Date.now } = {}) {
  const sock = dgram.createSocket('udp4');
  const requests = [];
  let offset = offsetMs;
  let down = false;
  sock.on('message', (msg, rinfo) => {
    requests.push({ time: Date.now(), from: rinfo.address });
    if (down || msg.length < 48 || (msg[0] & 7) !== 3) return;
    const now = clock() + offset;
    const b = Buffer.alloc(48);
    b[0] = (4 << 3) | 4;
    b[1] = 2;
    const secs = Math.floor(now / 1000) + 2208988800;
    const frac = Math.floor(((now % 1000) / 1000) * 2 ** 32);
    for (const at of [32, 40]) { b.writeUInt32BE(secs >>> 0, at); b.writeUInt32BE(frac >>> 0, at + 4); }
    msg.copy(b, 24, 40, 48);
    sock.send(b, rinfo.port, rinfo.address);
  });
  await new Promise((r) => sock.bind(port, host, r));
  return {
    port: sock.address().port,
    requests,
    setOffset(ms) { offset = ms; },
    // Down: requests go unanswered until set false.
    setDown(on) { down = Boolean(on); },
    close: () => new Promise((r) => sock.close(r)),
  };
}
