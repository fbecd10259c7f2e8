// The JavaScript realm the firmware runs in: a fresh node:vm context stripped down to what
// Espruino has, plus helpers that build values *inside* that realm (so `instanceof`, JSON and
// prototype checks in firmware code behave as on the board).
import vm from 'node:vm';

// Globals a V8 context has and Espruino does not (ESPRUINO.md "Missing", plus ES2015+
// machinery Espruino never had). The intrinsics stay reachable to V8 internally.
const MISSING_GLOBALS = [
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy',
  'Reflect', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Intl', 'Atomics', 'SharedArrayBuffer',
  'WebAssembly', 'AggregateError', 'EvalError', 'RangeError', 'URIError', 'Iterator', 'console',
  'escape', 'unescape', 'encodeURI', 'decodeURI',
];

// Static methods Espruino lacks (ESPRUINO.md). Promise and Date are replaced wholesale by the
// prelude, so their missing members are handled there.
const MISSING_STATICS = {
  Array: ['from', 'of'],
  Object: ['freeze', 'seal', 'is', 'isFrozen', 'isSealed', 'getOwnPropertySymbols'],
  Number: ['isInteger', 'isNaN', 'isSafeInteger', 'isFinite'],
  Math: ['trunc'],
};

// Why a class and not a bag of functions: every module needs the same few realm-bound
// constructors, and keeping them on one object makes "which realm is this value from" explicit.
export class Realm {
  constructor() {
    this.global = {};
    this.context = vm.createContext(this.global, {
      name: 'espruino',
      codeGeneration: { strings: true, wasm: false },
    });
    // Grab the intrinsics before anything is deleted from the global object.
    this.intrinsics = vm.runInContext(
      '({ Object, Array, Number, Error, TypeError, SyntaxError, ReferenceError, ArrayBuffer, ' +
      'Uint8Array, JSON, Function, RegExp, Date, Promise, WeakMap })',
      this.context,
    );
  }

  // Removes what Espruino does not have. Called after the prelude captured what it needs.
  strip() {
    vm.runInContext(
      MISSING_GLOBALS.map((n) => `delete globalThis.${n};`).join('\n'),
      this.context,
    );
    for (const [owner, names] of Object.entries(MISSING_STATICS)) {
      const target = owner === 'Math' ? vm.runInContext('Math', this.context) : this.intrinsics[owner];
      for (const n of names) delete target[n];
    }
  }

  run(code, filename) {
    return vm.runInContext(code, this.context, { filename, displayErrors: false });
  }

  // Compiles without running; used by the REPL to detect an unfinished line.
  compile(code, filename) {
    return new vm.Script(code, { filename });
  }

  // A prototype object for a board class (httpCRq, Socket...): host methods, non-enumerable.
  proto(methods) {
    const p = new this.intrinsics.Object();
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(p, name, { value: fn, writable: true, configurable: true, enumerable: false });
    }
    return p;
  }

  // An instance of such a class.
  instance(proto, props) {
    const o = this.intrinsics.Object.create(proto);
    if (props) Object.assign(o, props);
    return o;
  }

  obj(props) {
    const o = new this.intrinsics.Object();
    if (props) Object.assign(o, props);
    return o;
  }

  arr(items) {
    const a = new this.intrinsics.Array();
    if (items) for (const it of items) a.push(it);
    return a;
  }

  // Copies plain host data (objects, arrays, primitives) into the realm.
  fromHost(value) {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return this.arr(value.map((v) => this.fromHost(v)));
    const o = this.obj();
    for (const k of Object.keys(value)) o[k] = this.fromHost(value[k]);
    return o;
  }

  arrayBuffer(bytes) {
    const ab = new this.intrinsics.ArrayBuffer(bytes.length);
    new this.intrinsics.Uint8Array(ab).set(bytes);
    return ab;
  }

  uint8(bytes) {
    const u = new this.intrinsics.Uint8Array(bytes.length);
    u.set(bytes);
    return u;
  }

  // An error object of the realm, shaped like Espruino's (type on the prototype, see prelude).
  error(type, message) {
    this.errorCtors = this.errorCtors || this.run('({ Error, TypeError, SyntaxError, ReferenceError, InternalError })');
    const Ctor = this.errorCtors[type] || this.errorCtors.Error;
    return new Ctor(message);
  }

  // An error thrown by host code (e.g. compile()) as the realm's error of the same type, so
  // board code sees its own SyntaxError; realm values pass through.
  fromHostError(e) {
    if (!(e instanceof Error)) return e;
    return this.error(e.constructor && e.constructor.name, e.message);
  }
}
