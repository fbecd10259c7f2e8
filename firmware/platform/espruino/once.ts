// Makes sure an operation ends in exactly one callback, and stops its watchdog when it does.
export function guard<A>(cb: (err: string | null, res?: A) => void, timeoutMs: number, onTimeout?: () => void) {
  var done = false;
  var timer: any = setTimeout(function () {
    timer = undefined;
    if (onTimeout) onTimeout();
    finish('timeout');
  }, timeoutMs);
  function finish(err: string | null, res?: A) {
    if (done) return;
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    cb(err, res);
  }
  return finish;
}

// Defers a failure so callers never see their callback run before request() returns.
export function later(fn: () => void) {
  setTimeout(fn, 0);
}
