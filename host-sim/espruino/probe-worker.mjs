// Worker thread behind probe.mjs: tries a TCP connect and reports the outcome through shared
// memory, so the main thread can wait for it synchronously (the board's connect() blocks).
import { parentPort, workerData } from 'node:worker_threads';
import net from 'node:net';
import os from 'node:os';

const shared = new Int32Array(workerData);

parentPort.on('message', ({ seq, ip, port, timeoutMs }) => {
  let done = false;
  const sock = net.connect({ host: ip, port });
  const finish = (result) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    sock.destroy();
    Atomics.store(shared, 1, result);
    Atomics.store(shared, 0, seq);
    Atomics.notify(shared, 0);
  };
  const timer = setTimeout(() => finish(-os.constants.errno.ETIMEDOUT), timeoutMs);
  sock.on('connect', () => finish(1));
  sock.on('error', (e) => finish(-(os.constants.errno[e.code] || os.constants.errno.ECONNREFUSED)));
});
