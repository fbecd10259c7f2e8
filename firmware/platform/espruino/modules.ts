import { ModulePort } from '../../core/ports';

declare var Modules: any;

// Feature modules are the Storage files 'ddns.<name>'. The name is built at run time: the
// espruino CLI would try to download any module whose name it finds in a literal require().
export function espruinoModules(): ModulePort {
  return {
    load: function (name) { return require('ddns.' + name); },
    drop: function (name) { Modules.removeCached('ddns.' + name); },
  };
}
