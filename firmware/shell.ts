// The console's commands as global functions at the Espruino prompt (Serial1, or telnet when
// the user turns it on), in the spirit of /etc/init.d/ddns, dynamic_dns_updater.sh and uci.
// Each is a stub of the core that loads the console module (ddns.console) for one command and
// drops it after: the commands' code costs RAM only while one runs. What outlives a command (the
// pending config changes, a run() in progress) is kept here.

import type { Host } from './host';

var shellHost: Host | null = null;
var shellState: any = null;

// Loads the console module, runs one command in it, lets it go again.
function callCommand(name: string, args: IArguments) {
  var h = shellHost;
  if (!h) return;
  var mod = h.load('console');
  if (!mod) return;
  try { mod.run(h, shellState, name, args); } finally { h.drop('console'); }
}

// Every line they print is masked with every secret of the
// saved and the pending config, at every verbose level; they return nothing, so the prompt's
// '=...' echo cannot show a value either. Each one only builds the command set and passes its
// arguments on (no parameters of its own: each would cost a variable block at idle).
function cmdStatus() { callCommand('status', arguments); }
function cmdStart() { callCommand('start', arguments); }
function cmdStop() { callCommand('stop', arguments); }
function cmdRestart() { callCommand('restart', arguments); }
function cmdCheck() { callCommand('check', arguments); }
function cmdForce() { callCommand('force', arguments); }
function cmdRun() { callCommand('run', arguments); }
function cmdVerbose() { callCommand('verbose', arguments); }
function cmdShowlog() { callCommand('showlog', arguments); }
function cmdProviders() { callCommand('providers', arguments); }
function cmdGet() { callCommand('get', arguments); }
function cmdSet() { callCommand('set', arguments); }
function cmdDel() { callCommand('del', arguments); }
function cmdChanges() { callCommand('changes', arguments); }
function cmdCommit() { callCommand('commit', arguments); }
function cmdRevert() { callCommand('revert', arguments); }
function cmdImportUci() { callCommand('importUci', arguments); }
function cmdExportUci() { callCommand('exportUci', arguments); }
function cmdHelp() { callCommand('help', arguments); }
function cmdWebpass() { callCommand('webpass', arguments); }
function cmdNotify() { callCommand('notify', arguments); }

/** The commands acting on `host`, for platform/espruino/console.ts to make global. */
export function shellCommands(host: Host): { [name: string]: Function } {
  shellHost = host;
  shellState = { pending: null, running: null };
  var cmds: { [name: string]: Function } = { status: cmdStatus, start: cmdStart, stop: cmdStop,
    restart: cmdRestart, check: cmdCheck, force: cmdForce, run: cmdRun, verbose: cmdVerbose,
    showlog: cmdShowlog, providers: cmdProviders, get: cmdGet, set: cmdSet, del: cmdDel,
    changes: cmdChanges, commit: cmdCommit, revert: cmdRevert, importUci: cmdImportUci,
    exportUci: cmdExportUci, help: cmdHelp, webpass: cmdWebpass, notify: cmdNotify };
  return cmds;
}
