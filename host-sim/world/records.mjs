// The one place the world keeps its DNS data: providers write here, the DNS server reads here,
// so an update accepted by a provider fake is what the next DNS query answers.
import { EventEmitter } from 'node:events';
import net from 'node:net';

const TYPES = ['A', 'AAAA'];

// Names arrive from URLs, DNS questions and test code in every case and with or without the root
// dot; one canonical spelling keeps them all pointing at the same record.
export function normalizeName(name) {
  return String(name).trim().toLowerCase().replace(/\.+$/, '');
}

// A record of the wrong family would make the DNS server encode garbage, so refuse it at the door.
function checkValue(type, value) {
  const ok = type === 'A' ? net.isIPv4(value) : net.isIPv6(value);
  if (!ok) throw new TypeError(`not an ${type === 'A' ? 'IPv4' : 'IPv6'} address: ${value}`);
}

// Typos in a type would silently store nothing useful; fail loudly instead.
function checkType(type) {
  if (!TYPES.includes(type)) throw new TypeError(`record type must be A or AAAA, got ${type}`);
}

export class RecordStore extends EventEmitter {
  #map = new Map();

  // Keyed by name and type so an A and an AAAA for one host live side by side.
  static #key(name, type) {
    return `${normalizeName(name)} ${type}`;
  }

  // Providers replace the single address a dynamic host has; 'change' lets the DNS server and
  // tests notice without polling.
  set(name, type, value, ttl = 60) {
    checkType(type);
    checkValue(type, value);
    const record = { name: normalizeName(name), type, value, ttl };
    const key = RecordStore.#key(name, type);
    const previous = this.#map.get(key) || null;
    this.#map.set(key, record);
    this.emit('change', { ...record, previous });
    return record;
  }

  // Returns a copy so a caller cannot change what DNS serves behind the store's back.
  get(name, type) {
    checkType(type);
    const record = this.#map.get(RecordStore.#key(name, type));
    return record ? { ...record } : undefined;
  }

  // Without a type the whole name goes, which is what "the host was deleted" means to DNS.
  delete(name, type) {
    const types = type ? [type] : TYPES;
    let removed = false;
    for (const t of types) {
      checkType(t);
      const key = RecordStore.#key(name, t);
      const previous = this.#map.get(key);
      if (!previous) continue;
      this.#map.delete(key);
      removed = true;
      this.emit('change', { name: previous.name, type: t, value: null, ttl: previous.ttl, previous });
    }
    return removed;
  }

  // The DNS server must tell NXDOMAIN from NODATA, which needs to know whether a name exists at all.
  has(name) {
    return TYPES.some((t) => this.#map.has(RecordStore.#key(name, t)));
  }

  // Lets the DNS server find empty non-terminals and tests dump the world's state.
  all() {
    return [...this.#map.values()].map((r) => ({ ...r }));
  }
}
