// Espruino builds the event emitter into every object (Object.prototype.on/emit/...), and
// `emit` is asynchronous: listeners are captured when the event is queued and run later from
// the event queue (jswrap_object.c, jsiQueueObjectCallbacks). Streams (sockets, responses)
// buffer 'data' that arrives before a 'data' listener exists (jswrap_stream.c).

const MAX_EMIT_ARGS = 4;

export class Emitter {
  // session: { realm, queue(job), call(fn, thisArg, args) }
  constructor(session) {
    this.session = session;
    this.store = new WeakMap(); // object -> Map(event -> listener array)
    this.buffers = new WeakMap(); // stream object -> pending data string
  }

  list(obj, event) {
    const m = this.store.get(obj);
    return (m && m.get(event)) || [];
  }

  set(obj, event, arr) {
    let m = this.store.get(obj);
    if (!m) this.store.set(obj, (m = new Map()));
    if (arr.length) m.set(event, arr);
    else m.delete(event);
  }

  hasListeners(obj, event) {
    return this.list(obj, event).length > 0;
  }

  // Host-side emission (the board's own events): listeners are captured now, run later.
  emit(obj, event, args = []) {
    const listeners = this.list(obj, event);
    if (!listeners.length) return false;
    this.session.queue(() => {
      for (const fn of listeners) this.session.call(fn, obj, args);
    });
    return true;
  }

  // Incoming stream data: to the 'data' listeners if any, else into the stream's buffer.
  pushData(obj, data) {
    if (!data) return;
    if (this.emit(obj, 'data', [data])) return;
    this.buffers.set(obj, (this.buffers.get(obj) || '') + data);
  }

  available(obj) {
    return (this.buffers.get(obj) || '').length;
  }

  read(obj, chars) {
    const buf = this.buffers.get(obj) || '';
    const n = chars > 0 ? Math.min(chars, buf.length) : buf.length;
    this.buffers.set(obj, buf.slice(n));
    return buf.slice(0, n);
  }

  // Puts on/addListener/prependListener/emit/removeListener/removeAllListeners on the realm's
  // Object.prototype, non-enumerable, as Espruino has them on every object.
  install() {
    const { realm } = this.session;
    const em = this;
    const proto = realm.intrinsics.Object.prototype;
    const checkParent = (obj) => {
      if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) {
        throw realm.error('TypeError', 'Parent must be an object - not a String, Integer, etc');
      }
    };
    const add = (obj, event, listener, first) => {
      checkParent(obj);
      if (typeof event !== 'string') throw realm.error('TypeError', 'First argument must be String');
      if (typeof listener !== 'function' && typeof listener !== 'string') {
        throw realm.error('TypeError', 'Second argument must be a function or a String');
      }
      const old = em.list(obj, event);
      em.set(obj, event, first ? [listener, ...old] : [...old, listener]);
      if (event === 'data' && em.buffers.get(obj)) {
        const buf = em.buffers.get(obj);
        em.buffers.delete(obj);
        em.emit(obj, 'data', [buf]);
      }
    };
    const methods = {
      on(event, listener) { add(this, event, listener, false); },
      addListener(event, listener) { add(this, event, listener, false); },
      prependListener(event, listener) { add(this, event, listener, true); },
      emit(event, ...args) {
        checkParent(this);
        if (typeof event !== 'string') throw realm.error('TypeError', 'First argument must be String');
        if (args.length > MAX_EMIT_ARGS) throw realm.error('TypeError', `Too many arguments (>${MAX_EMIT_ARGS})`);
        em.emit(this, event, args);
      },
      removeListener(event, listener) {
        checkParent(this);
        const list = em.list(this, String(event));
        const i = list.indexOf(listener);
        if (i >= 0) em.set(this, String(event), list.filter((_, j) => j !== i));
      },
      removeAllListeners(event) {
        checkParent(this);
        if (event === undefined) em.store.delete(this);
        else em.set(this, String(event), []);
      },
    };
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
    }
  }
}
