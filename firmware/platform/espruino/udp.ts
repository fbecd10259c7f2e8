import { UdpPort, UdpSendPort } from '../../core/ports';
import { guard, later } from './once';

// Syslog's socket: one, long-lived, made on the first send.
var sendSock: any;

// Both UDP uses in one object at the root of .bootcde (see storage.ts for why): exchanges
// (DNS, NAT-PMP) and sends (syslog).
var PORT: UdpPort & UdpSendPort = {
  // One datagram out, the first reply from the same host that o.accept takes back (a spoofed
  // or late one is ignored, the wait goes on); the socket lives only that long. Its listener
  // goes first: a closed socket stays in Espruino's list for a while, and its listener would
  // keep the whole exchange (the caller's closures, a DNS client module: about 290 blocks
  // measured) in RAM while the update that follows goes out.
  exchange: function (o, cb) {
    var sock: any;
    var finish = guard<string>(function (err, reply) {
      try { if (sock) { sock.removeAllListeners(); sock.close(); } } catch (e) { /* already closed */ }
      sock = undefined;
      cb(err, reply);
    }, o.timeoutMs);
    try {
      sock = require('dgram').createSocket('udp4');
      sock.on('message', function (msg: string, rinfo: any) {
        if ((rinfo && rinfo.address !== o.host) || (o.accept && !o.accept(msg))) return;
        finish(null, msg);
      });
      sock.send(o.data, o.port, o.host);
    } catch (e) {
      later(function () { finish('send'); });
    }
  },
  // Syslog needs no reply: one long-lived socket, send and forget.
  send: function (host, port, data) {
    try {
      if (!sendSock) sendSock = require('dgram').createSocket('udp4');
      sendSock.send(data, port, host);
    } catch (e) { sendSock = undefined; }
  },
};

export function espruinoUdp(): UdpPort & UdpSendPort { return PORT; }
