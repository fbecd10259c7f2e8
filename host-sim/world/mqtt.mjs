// An MQTT broker for the world: aedes (npm, MQTT 3.1.1/5) embedded in this process on a
// loopback port, for `npm start` and the simulator scenarios. Retained messages live in memory:
// close() forgets them, as a broker restart without persistence does.
import net from 'node:net';
import { Aedes } from 'aedes';

/**
 * Listens on host:port (port 0: an ephemeral one). Returns { port, url, broker, clients(),
 * close() }; close() drops every connection at once (clients see the TCP connection go, no
 * DISCONNECT) and frees the port.
 */
export async function startMqttBroker({ host = '127.0.0.1', port = 0 } = {}) {
  const broker = await Aedes.createBroker();
  const socks = new Set();
  const server = net.createServer((s) => {
    socks.add(s);
    s.on('close', () => socks.delete(s));
    s.on('error', () => {});
    broker.handle(s);
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(); });
    });
  } catch (e) {
    await new Promise((r) => broker.close(() => r()));
    throw e;
  }
  const real = server.address().port;
  return {
    port: real,
    url: `mqtt://${host}:${real}`,
    broker,
    /** ids of the MQTT clients connected now */
    clients: () => Object.keys(broker.clients),
    async close() {
      for (const s of socks) s.destroy();
      await new Promise((r) => server.close(() => r()));
      await new Promise((r) => broker.close(() => r()));
    },
  };
}
