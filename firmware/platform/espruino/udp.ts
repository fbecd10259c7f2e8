import { UdpPort, UdpSendPort } from '../../core/ports';
import { guard, later } from './once';

// One datagram out, the first reply from the same host that o.accept takes back (a spoofed or
// late one is ignored, the wait goes on); the socket lives only that long.
export function espruinoUdp(): UdpPort {
  var dgram = require('dgram');
  return {
    exchange: function (o, cb) {
      var sock: any;
      var finish = guard<string>(function (err, reply) {
        try { if (sock) sock.close(); } catch (e) { /* already closed */ }
        sock = undefined;
        cb(err, reply);
      }, o.timeoutMs);
      try {
        sock = dgram.createSocket('udp4');
        sock.on('message', function (msg: string, rinfo: any) {
          if ((rinfo && rinfo.address !== o.host) || (o.accept && !o.accept(msg))) return;
          finish(null, msg);
        });
        sock.send(o.data, o.port, o.host);
      } catch (e) {
        later(function () { finish('send'); });
      }
    },
  };
}

// Syslog needs no reply: one long-lived socket, send and forget.
export function espruinoUdpSend(): UdpSendPort {
  var dgram = require('dgram');
  var sock: any;
  return {
    send: function (host, port, data) {
      try {
        if (!sock) sock = dgram.createSocket('udp4');
        sock.send(data, port, host);
      } catch (e) { sock = undefined; }
    },
  };
}
