// The secrets of the config in force, from its compiled form: each section's (compiled from the
// schema's secret options and the passwords inside its URLs) and MQTT's password and command
// token, and notify's token. For the console and the web page, which mask what they print with these without loading
// the config tools.
import { RunConfig, RunSection, KeptSection } from '../section/types';
import { StoragePort } from '../core/ports';
import { sectionInForce } from './store';

export function secretsInForce(configs: KeptSection[], run: RunConfig): string[] {
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

/** A section's whole compiled config in force, read from flash (a section keeps only a part in
 *  RAM, section/engine.ts kept); that part when flash does not have it (a torn file): then what
 *  only the page and the console show (label, host, the intervals) is missing. */
export function configInForce(storage: StoragePort, k: KeptSection): Partial<RunSection> & KeptSection {
  return sectionInForce(storage, k.name, k.hash) || k;
}
