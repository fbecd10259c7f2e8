// A synchronous "can I connect to ip:port?" check. On the board, connect() is blocking (the
// ESP32 and Linux network drivers never set O_NONBLOCK), so a refused connection makes
// req.end()/net.connect() THROW. Node can only connect asynchronously, so a worker thread
// makes a throw-away connection while this thread waits on shared memory. The peer sees one
// extra connection that opens and closes without data.
import { Worker } from 'node:worker_threads';

let worker = null;
let shared = null;
let seq = 0;

function ensureWorker() {
  if (worker) return;
  shared = new Int32Array(new SharedArrayBuffer(8));
  worker = new Worker(new URL('./probe-worker.mjs', import.meta.url), { workerData: shared.buffer });
  worker.unref();
  worker.on('error', () => {
    worker = null;
  });
}

// Returns 0 when a connection was accepted, else a positive errno (ECONNREFUSED, ETIMEDOUT...).
export function probeConnect(ip, port, timeoutMs = 3000) {
  ensureWorker();
  const my = (seq = (seq % 0x7fffffff) + 1);
  Atomics.store(shared, 0, 0);
  worker.postMessage({ seq: my, ip, port, timeoutMs });
  const deadline = Date.now() + timeoutMs + 2000;
  while (Atomics.load(shared, 0) !== my) {
    const left = deadline - Date.now();
    if (left <= 0) return 110;
    Atomics.wait(shared, 0, Atomics.load(shared, 0), left);
  }
  const r = Atomics.load(shared, 1);
  return r === 1 ? 0 : -r;
}
