import type { App } from '../main';
import { maskSecrets } from '../core/mask';
import { runCommands, RunState } from './run';
import { configCommands, Staging } from './config';
import { configSecrets } from './secrets';

// What outlives one command: the pending config changes and the run() in progress.
interface ConsoleState extends Staging, RunState {}

// The console acts on one app; the state is kept here, not in a scope of installCommands, so
// that the commands below can be functions of the root scope (the cheapest kind).
var consoleApp: App | null = null;
var consoleState: ConsoleState | null = null;

// Runs one command: builds the whole command set for it and passes the arguments on as typed.
// The set is garbage after the command (or after the timers of a run() end): Espruino creates a
// scope's functions when the scope runs, so building them at boot would cost variable blocks for
// as long as the board runs.
function callCommand(name: string, args: IArguments) {
  if (!consoleApp || !consoleState) return;
  var app: App = consoleApp;
  var st: ConsoleState = consoleState;
  // every line goes out masked with the secrets of the saved and the pending config
  var say = function (s: string) {
    var secrets = configSecrets(app.raw, []);
    if (st.pending) configSecrets(st.pending, secrets);
    app.ports.console.print(maskSecrets(s, secrets));
  };
  var cmds: { [name: string]: Function } = {};
  var parts = [runCommands(app, st, say), configCommands(app, st, say)];
  for (var i = 0; i < parts.length; i++) for (var k in parts[i]) cmds[k] = parts[i][k];
  cmds.help = function () {
    var help = [
      'status([s])  start([s])  stop([s])  restart([s])  check([s])  force([s])    s: a section name',
      "run(s, level)  one forced check at verbose level (1 console, 2 no retry, 3 dry run), then back",
      'verbose(0..3)  showlog([s])  providers([filter])',
      "get('s.option')  set('s.option', 'value')  set('s', 'service')  del('s.option')  del('s')",
      'changes()  commit()  revert()  importUci(text)  exportUci()  help()',
      "webpass('password')  sets the web page's admin password",
    ];
    for (var j = 0; j < help.length; j++) say(help[j]);
  };
  cmds[name].apply(null, args);
}

// The commands in the spirit of /etc/init.d/ddns, dynamic_dns_updater.sh and uci, as global
// functions at the Espruino prompt. Every line they print is masked with every secret of the
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

/** The console commands of `app`, to be made global functions (platform/espruino/console.ts). */
// Why: one set of commands per board, acting on the running app.
export function installCommands(app: App): { [name: string]: Function } {
  consoleApp = app;
  consoleState = { pending: null, running: null };
  return {
    status: cmdStatus,
    start: cmdStart,
    stop: cmdStop,
    restart: cmdRestart,
    check: cmdCheck,
    force: cmdForce,
    run: cmdRun,
    verbose: cmdVerbose,
    showlog: cmdShowlog,
    providers: cmdProviders,
    get: cmdGet,
    set: cmdSet,
    del: cmdDel,
    changes: cmdChanges,
    commit: cmdCommit,
    revert: cmdRevert,
    importUci: cmdImportUci,
    exportUci: cmdExportUci,
    help: cmdHelp,
  };
}
