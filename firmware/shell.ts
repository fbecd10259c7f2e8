// The console's commands as global functions at the Espruino prompt (Serial1, or telnet when
// the user turns it on), in the spirit of /etc/init.d/ddns, dynamic_dns_updater.sh and uci.
// Each is a stub of the core that loads the console module (ddns.console) for one command and
// drops it after: the commands' code costs RAM only while one runs. What outlives a command (the
// pending config changes, a run() in progress) is kept here.

import type { Host } from './host';

var shellHost: Host | null = null;
// the pending config changes and a run() in progress: made by the first command
var shellState: any = null;

// Loads the console module, runs one command in it, lets it go again.
function callCommand(name: string, args: IArguments) {
  var h = shellHost;
  if (!h) return;
  var mod = h.load('console');
  if (!mod) return;
  try { mod.run(h, shellState || (shellState = {}), name, args); } finally { h.drop('console'); }
}

// Every line they print is masked with every secret of the saved and the pending config, at
// every verbose level; they return nothing, so the prompt's '=...' echo cannot show a value
// either. Each one only passes its name and arguments on (no parameters of its own: each would
// cost a variable block at idle). They are methods of one object literal at the root, not
// function declarations: a root function declaration is also a global name of its own (the
// mangled one) besides the command's name, a block more each; the object itself is let go once
// its methods are global (shellCommands).
var CMDS: { [name: string]: Function } | undefined = {
  status: function () { callCommand('status', arguments); },
  start: function () { callCommand('start', arguments); },
  stop: function () { callCommand('stop', arguments); },
  restart: function () { callCommand('restart', arguments); },
  check: function () { callCommand('check', arguments); },
  force: function () { callCommand('force', arguments); },
  run: function () { callCommand('run', arguments); },
  verbose: function () { callCommand('verbose', arguments); },
  showlog: function () { callCommand('showlog', arguments); },
  providers: function () { callCommand('providers', arguments); },
  get: function () { callCommand('get', arguments); },
  set: function () { callCommand('set', arguments); },
  del: function () { callCommand('del', arguments); },
  changes: function () { callCommand('changes', arguments); },
  commit: function () { callCommand('commit', arguments); },
  revert: function () { callCommand('revert', arguments); },
  importUci: function () { callCommand('importUci', arguments); },
  exportUci: function () { callCommand('exportUci', arguments); },
  help: function () { callCommand('help', arguments); },
  webpass: function () { callCommand('webpass', arguments); },
  notify: function () { callCommand('notify', arguments); },
};

/** The commands acting on `host`, for platform/espruino/console.ts to make global (once: the
 *  table is let go after). */
export function shellCommands(host: Host): { [name: string]: Function } {
  shellHost = host;
  var cmds = CMDS || {};
  CMDS = undefined;
  return cmds;
}
