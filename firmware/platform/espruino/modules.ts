import { ModulePort } from '../../core/ports';

declare var Modules: any;

// Feature modules are the Storage files 'ddns.<name>'. The name is built at run time: the
// espruino CLI would try to download any module whose name it finds in a literal require().
// A module that throws while it is evaluated stays in Espruino's cache with what it had
// exported so far, and the next require() would return that half: it is dropped at once.
// removeCached throws when the module is not in the cache (never loaded, or failed to load).
function drop(name: string) {
  try { Modules.removeCached('ddns.' + name); } catch (e) { /* not cached */ }
}

// One object at the root of .bootcde (see storage.ts for why).
var PORT: ModulePort = {
  load: function (name) {
    try { return require('ddns.' + name); } catch (e) {
      drop(name);
      throw e;
    }
  },
  drop: drop,
};

export function espruinoModules(): ModulePort { return PORT; }
