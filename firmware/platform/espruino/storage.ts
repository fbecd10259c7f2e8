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
  openLog: function (name, mode) { return Sto.open(name, mode); },
};

export function espruinoStorage(): StoragePort {
  Sto = require('Storage');
  return PORT;
}
