// The Storage log's module (ddns.logfile on the board) for loggers made in unit tests.
import * as logFile from '../../firmware/log/file.ts';
import type { ModulePort } from '../../firmware/core/ports.ts';

export const logModules: ModulePort = {
  load: (name) => { if (name === 'logfile') return logFile; throw new Error('Module "ddns.' + name + '" not found'); },
  drop: () => {},
};
