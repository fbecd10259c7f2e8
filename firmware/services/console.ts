import type { App } from '../main';
import { maskSecrets } from '../core/mask';
import { runCommands } from './console-run';
import { configCommands, Staging } from './console-config';
import { configSecrets } from './console-secrets';

var HELP = [
  'status([s])  start([s])  stop([s])  restart([s])  check([s])  force([s])    s: a section name',
  "run(s, level)  one forced check at verbose level (1 console, 2 no retry, 3 dry run), then back",
  'verbose(0..3)  showlog([s])  providers([filter])',
  "get('s.option')  set('s.option', 'value')  set('s', 'service')  del('s.option')  del('s')",
  'changes()  commit()  revert()  importUci(text)  exportUci()  help()',
];

// The commands in the spirit of /etc/init.d/ddns, dynamic_dns_updater.sh and uci, as global
// functions at the Espruino prompt. Every line they print is masked with every secret of the
// saved and the pending config, at every verbose level; they return nothing, so the prompt's
// '=...' echo cannot show a value either.
export function installCommands(app: App): { [name: string]: Function } {
  var st: Staging = { pending: null };
  // every line goes out masked with the secrets of the saved and the pending config
  var say = function (s: string) {
    var secrets = configSecrets(app.raw, []);
    if (st.pending) configSecrets(st.pending, secrets);
    app.ports.console.print(maskSecrets(s, secrets));
  };
  var cmds: { [name: string]: Function } = {};
  var parts = [runCommands(app, say), configCommands(app, st, say)];
  for (var i = 0; i < parts.length; i++) for (var k in parts[i]) cmds[k] = parts[i][k];
  cmds.help = function () { for (var j = 0; j < HELP.length; j++) say(HELP[j]); };
  return cmds;
}
