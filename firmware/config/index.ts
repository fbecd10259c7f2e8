// The config tools: schema, validator, UCI import/export, the provider catalog and the compiled
// runtime form. A Storage module (ddns.config): boot loads it only to import an uploaded
// ddns.json or to compile a config saved by an older firmware, then drops it; the console and
// the web page carry the same code in their own modules for set/commit/import/edits.
// store.ts is the exception: boot reads the compiled form through it, so it is in the core.

import { StoragePort, Dict } from '../core/ports';
import type { Host, ApplySummary } from '../host';
import { normalizeConfig, serializeConfig, configShape, NormalizedConfig, ConfigContext, ConfigError } from './validate';
import { compileConfig, compileSection } from './compile';
import { saveConfig, saveRun, loadDocText, runText, INBOX } from './store';
import { lookupService } from '../providers/catalog';
import { RunConfig } from '../section/types';

// What the web page and the console use of the config tools: they load this module for a request
// or a command that needs them (an edit, the options, the config as text) and drop it after,
// instead of carrying them.
export { normalizeConfig, serializeConfig, setOption, deleteOption, getOption } from './validate';
export { parseUci, exportUci } from './uci';
export { configSecrets, isSecretOption, isUrlOption, maskedDoc, MASK } from './secrets';
export { optionTable } from './schema';
export { serviceNames } from '../providers/catalog';
export { readMqttConfig } from '../mqtt/config';
export { readSyslogConfig } from '../syslog/syslog';
import { applyRun } from './apply';

/** What normalizeConfig needs on this board. */
export function configContext(board: string): ConfigContext {
  return { lookupService: lookupService, board: board };
}

/** The user's document checked and compiled. `bad` lists what makes the text not a config at
 *  all (not a JSON object, a block or section that is not an object, a reserved section name,
 *  neither "service" nor "global"): an upload with any of it is refused; a saved config is
 *  compiled all the same (what cannot be a section is left out and named in run.errs). */
export function compileText(text: string, board: string): { doc: any; cfg: NormalizedConfig; run: RunConfig; bad: ConfigError[] } {
  var doc: any = null;
  try { doc = JSON.parse(text); } catch (e) { doc = null; }
  var bad = configShape(doc);
  if (!bad.length && doc.service === undefined && doc.global === undefined) {
    bad.push({ section: '', option: '', code: 'bad_config', level: 'error', msg: 'Config: has neither "service" nor "global".' });
  }
  doc = JSON.parse(serializeConfig(doc));
  var cfg = normalizeConfig(doc, configContext(board));
  return { doc: doc, cfg: cfg, run: compileConfig(doc, cfg), bad: bad };
}

export interface BootStore { storage: StoragePort; board: string; print: (line: string) => void; }

/** Moves an uploaded ddns.json into the store with its compiled form. */
// Why: the inbox is erased only after its text is safe in a slot, so a power cut during the
// import leaves it to be imported again; a text that is not a config object of the right shape
// never replaces a working config (it stays in Storage, refused again at each boot, until a
// new upload replaces it).
export function importInbox(o: BootStore): void {
  var text = o.storage.read(INBOX);
  if (text === undefined) return;
  var c = compileText(text, o.board);
  if (c.bad.length) {
    for (var i = 0; i < c.bad.length; i++) o.print('ddns: ' + INBOX + ' refused: ' + c.bad[i].msg);
    o.print('ddns: ' + INBOX + ' ignored, the saved config stays in force');
    return;
  }
  if (!saveConfig(o.storage, serializeConfig(c.doc), runText(c.run))) {
    o.print('ddns: could not save ' + INBOX + ' to flash (full?)');
    return;
  }
  o.storage.erase(INBOX);
}

/** Compiles the saved user config again (its compiled form is missing, torn or older than this
 *  firmware) and saves the result beside it. */
export function recompile(o: BootStore): void {
  var text = loadDocText(o.storage);
  if (text === null) return;
  var c = compileText(text, o.board);
  // a reserved section name is named by run.errs at every boot; the rest of `bad` was dropped
  if (c.bad.length && c.bad[0].code === 'bad_config') { o.print('ddns: saved config is damaged'); return; }
  if (!saveRun(o.storage, runText(c.run))) o.print('ddns: could not save the compiled config to flash (full?)');
}

/** The names of the sections of cfg that would keep running untouched. */
// Why: commit() prints the problems of those itself; rebuilt sections log their own.
export function unchangedSections(host: Host, cfg: NormalizedConfig): Dict<boolean> {
  var out: Dict<boolean> = {};
  for (var i = 0; i < cfg.sections.length; i++) {
    var s = cfg.sections[i];
    for (var k = 0; k < host.configs.length; k++) {
      if (host.configs[k].name === s.name && host.configs[k].hash === compileSection(s).hash) out[s.name] = true;
    }
  }
  return out;
}

/** Saves a checked document with its compiled form (one generation) and puts it into service;
 *  null when the flash refused the write (the old config stays in force). */
export function commitConfig(host: Host, doc: any, cfg: NormalizedConfig): ApplySummary | null {
  var run = compileConfig(doc, cfg);
  if (!saveConfig(host.ports.storage, serializeConfig(doc), runText(run))) return null;
  return applyRun(host, run);
}
