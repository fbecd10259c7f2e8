// The HTTPS fake of the suite's world: TLS with a certificate of the suite's own test CA
// (tools/hil/ca), which no board knows, in front of the dyndns2 fake. For every connection it
// records what the client offered (read from its ClientHello before answering: versions, cipher
// suites, the SNI name) and what was agreed, or how the handshake failed. A board that gets an
// update through accepted a certificate from an unknown CA.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { parseClientHello } from './clienthello.mjs';

const CA_DIR = new URL('./ca/', import.meta.url);
const HELLO_WAIT_MS = 10000;
const MAX_CONNECTIONS = 64; // what the log keeps: a looping client cannot fill the PC's memory

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
}

// backend: {host, port} of the plain HTTP fake the decrypted requests go to.
export async function startTlsFake({ host = '127.0.0.1', port = 0, backend }) {
  const connections = [];
  const socks = new Set();
  const tlsServer = https.createServer({
    key: fs.readFileSync(new URL('server.key', CA_DIR)),
    cert: fs.readFileSync(new URL('server.pem', CA_DIR)),
  }, (req, res) => {
    const entry = req.socket.hilEntry;
    if (entry) entry.requests++;
    const up = http.request({ host: backend.host, port: backend.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => { res.writeHead(502); res.end(`backend: ${e.message}`); });
    req.pipe(up);
  });
  // The TLS server listens on loopback only; the front door below feeds it each connection after
  // reading the ClientHello, and `byPort` pairs the inner connection with its entry.
  const byPort = new Map();
  const entryOf = (s) => (s ? byPort.get(s.remotePort) : undefined);
  tlsServer.on('secureConnection', (s) => {
    const entry = s.hilEntry = entryOf(s);
    if (!entry) return;
    const c = s.getCipher();
    entry.agreed = { protocol: s.getProtocol(), cipher: c ? c.standardName || c.name : null, servername: s.servername || null };
  });
  tlsServer.on('tlsClientError', (err, s) => {
    const entry = entryOf(s);
    if (entry) entry.error = err.code || err.message;
  });
  await listen(tlsServer, 0, '127.0.0.1');
  const inner = tlsServer.address().port;

  const server = net.createServer((sock) => {
    socks.add(sock);
    sock.on('close', () => socks.delete(sock));
    sock.on('error', () => {});
    const entry = { time: Date.now(), remote: String(sock.remoteAddress).replace(/^::ffff:/, ''), offered: null, agreed: null, error: null, requests: 0 };
    if (connections.length < MAX_CONNECTIONS) connections.push(entry);
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => { entry.error = 'no ClientHello'; sock.destroy(); }, HELLO_WAIT_MS);
    const onData = (d) => {
      got = Buffer.concat([got, d]);
      const hello = parseClientHello(got);
      if (!hello) return;
      clearTimeout(timer);
      sock.off('data', onData);
      if (hello.error) {
        entry.error = hello.error;
        sock.destroy();
        return;
      }
      entry.offered = hello;
      sock.pause();
      const pipe = net.connect(inner, '127.0.0.1', () => {
        byPort.set(pipe.localPort, entry);
        pipe.write(got);
        sock.pipe(pipe);
        pipe.pipe(sock);
        sock.resume();
      });
      socks.add(pipe);
      pipe.on('close', () => { socks.delete(pipe); byPort.delete(pipe.localPort); sock.destroy(); });
      pipe.on('error', () => sock.destroy());
      sock.on('close', () => pipe.destroy());
    };
    sock.on('data', onData);
    sock.on('close', () => clearTimeout(timer));
  });
  await listen(server, port, host);
  const real = server.address().port;
  return {
    port: real,
    url: `https://${net.isIPv6(host) ? `[${host}]` : host}:${real}`,
    connections,
    /** connections open now */
    open: () => [...socks].filter((s) => s.remoteAddress && s.remotePort !== inner).length,
    close() {
      for (const s of socks) s.destroy();
      return Promise.all([server, tlsServer].map((srv) => new Promise((r) => srv.close(() => r()))));
    },
  };
}
