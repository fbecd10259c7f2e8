// SocketPort on node:net / node:tls with binary (latin1) strings like Espruino's sockets, so
// the firmware's MQTT client can talk to real brokers in tests. TLS does not verify the
// certificate, as on the board. Live sockets are listed so a test can kill one abruptly.
import net from 'node:net';
import tls from 'node:tls';
import type { SocketPort, SocketConn } from '../../firmware/core/ports';

export interface NodeSocketPort extends SocketPort {
  /** the raw sockets still open, newest last */
  live: net.Socket[];
  /** how many connects were attempted */
  attempts: number;
}

// One connection per connect(); onClose fires exactly once, after connect succeeded.
export function nodeSocketPort(): NodeSocketPort {
  const port: NodeSocketPort = {
    live: [],
    attempts: 0,
    connect(o, cb) {
      port.attempts++;
      let done = false;
      let closed = false;
      let dataFn: (d: string) => void = () => {};
      let closeFn: (e: string | null) => void = () => {};
      const sock: net.Socket = o.tls
        ? tls.connect({ host: o.host, port: o.port, rejectUnauthorized: false })
        : net.connect({ host: o.host, port: o.port });
      port.live.push(sock);
      const forget = () => {
        const i = port.live.indexOf(sock);
        if (i >= 0) { port.live.splice(i, 1); }
      };
      const timer = setTimeout(() => finish('timeout'), o.timeoutMs);
      const gone = (err: string | null) => {
        if (closed) { return; }
        closed = true;
        forget();
        closeFn(err);
      };
      const conn: SocketConn = {
        write(d) { if (!closed && !sock.destroyed) { sock.write(Buffer.from(d, 'latin1')); } },
        end() { sock.end(() => sock.destroy()); gone(null); },
        onData(fn) { dataFn = fn; },
        onClose(fn) { closeFn = fn; },
      };
      function finish(err: string | null) {
        if (done) { return; }
        done = true;
        clearTimeout(timer);
        if (err) { closed = true; forget(); sock.destroy(); cb(err); } else { cb(null, conn); }
      }
      sock.on(o.tls ? 'secureConnect' : 'connect', () => finish(null));
      sock.on('data', (d: Buffer) => { if (!closed) { dataFn(d.toString('latin1')); } });
      sock.on('close', () => { if (!done) { finish('closed'); } else { gone('closed'); } });
      sock.on('error', () => { if (!done) { finish('connect'); } });
    },
  };
  return port;
}
