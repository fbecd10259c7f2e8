// The secrets of the config in force, from its compiled form: each section's (compiled from the
// schema's secret options and the passwords inside its URLs) and MQTT's password and command
// token, and notify's token. For the console and the web page, which mask what they print with these without loading
// the config tools.
import { RunConfig, RunSection } from '../section/types';

export function secretsInForce(configs: RunSection[], run: RunConfig): string[] {
  var out: string[] = [];
  for (var i = 0; i < configs.length; i++) out = out.concat(configs[i].secrets);
  var m = run.mqtt;
  if (m && typeof m === 'object') {
    if (m.password) out.push(String(m.password));
    if (m.command_token) out.push(String(m.command_token));
  }
  var n = run.notify;
  if (n && typeof n === 'object' && n.token) out.push(String(n.token));
  return out;
}
