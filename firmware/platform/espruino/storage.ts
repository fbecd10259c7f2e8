import { StoragePort } from '../../core/ports';

// Storage keeps files in flash; names are cut at 28 chars by Espruino, so callers keep them short.
export function espruinoStorage(): StoragePort {
  var S = require('Storage');
  return {
    read: function (name) {
      var s = S.read(name);
      return s === undefined ? undefined : String(s);
    },
    write: function (name, data) {
      try { return S.write(name, data) !== false; } catch (e) { return false; }
    },
    erase: function (name) { S.erase(name); },
    list: function (prefix) {
      var all: string[] = S.list();
      var out: string[] = [];
      for (var i = 0; i < all.length; i++) if (all[i].indexOf(prefix) === 0) out.push(all[i]);
      return out;
    },
    appendLog: function (name, line) {
      try { S.open(name, 'a').write(line + '\n'); return true; } catch (e) { return false; }
    },
    readLog: function (name) {
      var f = S.open(name, 'r');
      var out = '';
      var chunk: string | undefined;
      while ((chunk = f.read(256)) !== undefined) out += chunk;
      return out;
    },
    eraseLog: function (name) { S.open(name, 'r').erase(); },
    free: function () { return S.getFree(); },
  };
}
