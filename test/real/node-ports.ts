// UdpPort and TcpPort on Node's dgram and net, with binary (latin1) strings like Espruino's,
// so the firmware's DNS client can talk to real servers in tests.
import dgram from 'node:dgram';
import net from 'node:net';
import type { UdpPort, TcpPort } from '../../firmware/core/ports';

// One socket per exchange: send, take the first datagram from host:port, close.
export function nodeUdpPort(): UdpPort {
  return {
    exchange(opts, cb) {
      const sock = dgram.createSocket('udp4');
      let finished = false;
      const finish = (err: string | null, reply?: string) => {
        if (finished) { return; }
        finished = true;
        clearTimeout(timer);
        sock.close();
        if (err) { cb(err); } else { cb(null, reply); }
      };
      const timer = setTimeout(() => finish('timeout'), opts.timeoutMs);
      sock.on('error', () => finish('udp'));
      sock.on('message', (msg, rinfo) => {
        if (rinfo.address !== opts.host || rinfo.port !== opts.port) { return; }
        finish(null, msg.toString('latin1'));
      });
      sock.send(Buffer.from(opts.data, 'latin1'), opts.port, opts.host, (err) => {
        if (err) { finish('send'); }
      });
    }
  };
}

// Connect, write, collect until done(buf), the peer closes, maxBytes or the timeout.
export function nodeTcpPort(): TcpPort {
  return {
    exchange(opts, cb) {
      let buf = '';
      let finished = false;
      const sock = net.connect({ host: opts.host, port: opts.port });
      const finish = (err: string | null) => {
        if (finished) { return; }
        finished = true;
        clearTimeout(timer);
        sock.destroy();
        if (err) { cb(err); } else { cb(null, buf); }
      };
      const timer = setTimeout(() => finish('timeout'), opts.timeoutMs);
      sock.on('connect', () => sock.write(Buffer.from(opts.data, 'latin1')));
      sock.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.length > opts.maxBytes) { finish('toobig'); return; }
        if (opts.done(buf)) { finish(null); }
      });
      sock.on('end', () => finish(null));
      sock.on('error', () => finish(buf.length > 0 ? 'closed' : 'connect'));
    }
  };
}
