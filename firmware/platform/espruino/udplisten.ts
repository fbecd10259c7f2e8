import { UdpListenPort, UdpListener } from '../../core/ports';

// A long-lived dgram socket: bound to a port for announcements (NAT-PMP on 5350), or unbound for
// a multicast search whose replies come from another address than the one sent to (SSDP).
// Espruino's dgram delivers replies to an unbound socket; bind() throws when the port is taken.
export function espruinoUdpListen(): UdpListenPort {
  var dgram = require('dgram');
  return {
    listen: function (port, onMessage): UdpListener | null {
      var sock: any;
      try {
        sock = dgram.createSocket('udp4');
        sock.on('message', function (msg: string, rinfo: any) {
          onMessage(msg, { address: rinfo ? rinfo.address : '', port: rinfo ? rinfo.port : 0 });
        });
        if (port) sock.bind(port);
      } catch (e) {
        try { if (sock) sock.close(); } catch (e2) { /* never opened */ }
        return null;
      }
      return {
        send: function (host, p, data) {
          try { sock.send(data, p, host); } catch (e) { /* a lost datagram */ }
        },
        close: function () {
          try { sock.close(); } catch (e) { /* already closed */ }
        },
      };
    },
  };
}
