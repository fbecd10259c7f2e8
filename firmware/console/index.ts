import type { Host as App } from '../host';
import { maskSecrets } from '../core/mask';
import { runCommands, RunState } from './run';
import { configCommands, Staging } from './config';
import { indexOfStr } from '../core/text';
import { secretsInForce } from '../config/in-force';
import type * as ConfigTools from '../config/index';
import { loadDoc } from '../config/store';

// The console's commands: a Storage module (ddns.console), loaded by the core's command stubs
// (shell.ts) for one command and dropped after it; what outlives a command (the pending config
// changes, the run() in progress) is kept by the core and handed in.

/** What outlives one command: the pending config changes and the run() in progress. */
export interface ConsoleState extends Staging, RunState {}

// The commands that need the config tools (the module ddns.config, loaded for them and dropped
// after, so that status() and the like cost little RAM).
var CONFIG_COMMANDS = ' get set del changes commit revert importUci exportUci providers ';

/** Runs one command: builds the command set for it and passes the arguments on. */
export function run(app: App, st: ConsoleState, name: string, args: IArguments) {
  var C: typeof ConfigTools | null = null;
  if (indexOfStr(CONFIG_COMMANDS, ' ' + name + ' ') >= 0) {
    C = app.load('config');
    if (!C && name !== 'providers') {
      app.ports.console.print(name + '(): the config tools (ddns.config) cannot be loaded: flash the firmware again');
      return;
    }
  }
  try { runWith(C, app, st, name, args); } finally { if (C) app.drop('config'); }
}

function runWith(C: typeof ConfigTools | null, app: App, st: ConsoleState, name: string, args: IArguments) {
  // every line goes out masked with the secrets of the saved and the pending config
  var saved = secretsInForce(app.configs, app.run);
  if (C) C.configSecrets(loadDoc(app.ports.storage), saved);
  var say = function (s: string) {
    var secrets = saved.slice();
    if (C && st.pending) C.configSecrets(st.pending, secrets);
    app.ports.console.print(maskSecrets(s, secrets));
  };
  var cmds: { [name: string]: Function } = {};
  var parts = [runCommands(app, st, say, C)];
  if (C) parts.push(configCommands(C, app, st, say));
  for (var i = 0; i < parts.length; i++) for (var k in parts[i]) cmds[k] = parts[i][k];
  cmds.help = function () {
    var help = [
      'status([s])  start([s])  stop([s])  restart([s])  check([s])  force([s])    s: a section name',
      "run(s, level)  one forced check at verbose level (1 console, 2 no retry, 3 dry run), then back",
      'verbose(0..3)  showlog([s])  providers([filter])',
      "get('s.option')  set('s.option', 'value')  set('s', 'service')  del('s.option')  del('s')",
      'changes()  commit()  revert()  importUci(text)  exportUci()  help()',
      "webpass('password')  sets the web page's admin password",
      'notify()  sends a test message (and ping) of the notify block',
    ];
    for (var j = 0; j < help.length; j++) say(help[j]);
  };
  cmds.webpass = function (pw: any) {
    var web = app.load('web');
    if (web) web.webpass(app, pw);
  };
  cmds.notify = function () {
    var m = app.run.notify ? app.load('notify') : null;
    if (!m || !m.handle(app, 'test')) say('notify(): notifications are off: no usable "notify" block in the config (see the log)');
  };
  if (cmds[name]) cmds[name].apply(null, args);
}

