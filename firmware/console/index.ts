import type { Host as App } from '../host';
import { maskSecrets } from '../core/mask';
import { runCommands, RunState } from './run';
import { configCommands, Staging } from './config';
import { configSecrets } from '../config/secrets';

// The console's commands: a Storage module (ddns.console), loaded by the core's command stubs
// (shell.ts) for one command and dropped after it; what outlives a command (the pending config
// changes, the run() in progress) is kept by the core and handed in.

/** What outlives one command: the pending config changes and the run() in progress. */
export interface ConsoleState extends Staging, RunState {}

/** Runs one command: builds the whole command set for it and passes the arguments on. */
export function run(app: App, st: ConsoleState, name: string, args: IArguments) {
  // every line goes out masked with the secrets of the saved and the pending config
  var saved = app.doc();
  var say = function (s: string) {
    var secrets = configSecrets(saved, []);
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
  cmds.webpass = function (pw: any) {
    var web = app.load('web');
    if (web) web.webpass(app, pw);
  };
  if (cmds[name]) cmds[name].apply(null, args);
}

