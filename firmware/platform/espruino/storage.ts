import { StoragePort } from '../../core/ports';

// Espruino's Storage module, taken once by espruinoStorage().
var Sto: any;

// Storage keeps files in flash; names are cut at 28 chars by Espruino, so callers keep them short.
// One object at the root of .bootcde, methods included: a method made at the root costs a
// variable block less than a closure made inside a factory, and none keeps a scope alive.
var PORT: StoragePort = {
  read: function (name) {
    var s = Sto.read(name);
    return s === undefined ? undefined : String(s);
  },
  write: function (name, data) {
    try { return Sto.write(name, data) !== false; } catch (e) { return false; }
  },
  erase: function (name) { Sto.erase(name); },
  list: function (prefix) {
    var all: string[] = Sto.list();
    var out: string[] = [];
    for (var i = 0; i < all.length; i++) if (all[i].indexOf(prefix) === 0) out.push(all[i]);
    return out;
  },
  openLog: function (name, mode) { return Sto.open(name, mode); },
  free: function () { return Sto.getFree(); },
};

export function espruinoStorage(): StoragePort {
  Sto = require('Storage');
  return PORT;
}
