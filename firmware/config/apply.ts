// Puts a committed config into service without a reboot (console commit, web page edits).
// Part of the config tools, not of the core: boot builds its sections directly. Sections whose compiled config did not change keep running untouched
// (their timers, their registered IP), changed ones are rebuilt, new ones start, removed ones
// stop. A section stopped by a terminal answer (badauth...) starts again when its config changed:
// the new section compares its config hash (engine.ts).

import { RunConfig, RunSection, SectionRunner, KeptSection } from '../section/types';

export interface Fleet {
  sections: SectionRunner[];
  /** deleted sections whose MQTT topics are to be cleared (made on the first delete) */
  gone?: string[];
  configs: KeptSection[];
  run: RunConfig;
  /** builds a section (not started) */
  build: (c: RunSection) => SectionRunner;
  /** starts a section built by build() */
  launch: (s: SectionRunner) => void;
  /** MQTT status keeps sections by position: called when the order changed */
  restartServices: () => void;
}

export interface ApplySummary { restarted: string[]; added: string[]; removed: string[]; rebootFor: string[]; }

function indexByName(list: Array<{ name: string }>, name: string): number {
  for (var i = 0; i < list.length; i++) if (list[i].name === name) return i;
  return -1;
}

// Replaces the contents of an array in place: the features hold a reference to it.
function refill(target: any[], items: any[]) {
  target.splice(0, target.length);
  for (var i = 0; i < items.length; i++) target.push(items[i]);
}

/** Makes `run` (already saved) the running config of the fleet. */
export function applyRun(f: Fleet, run: RunConfig): ApplySummary {
  var sum: ApplySummary = { restarted: [], added: [], removed: [], rebootFor: [] };
  var oldCfgs = f.configs.slice();
  var oldRuns = f.sections.slice();
  var cfgs: KeptSection[] = [];
  var runs: SectionRunner[] = [];
  var fresh: SectionRunner[] = [];
  var sameOrder = oldCfgs.length === run.s.length;
  for (var i = 0; i < run.s.length; i++) {
    var c = run.s[i];
    var k = indexByName(oldCfgs, c.name);
    if (k !== i) sameOrder = false;
    if (k >= 0 && oldCfgs[k].hash === c.hash) {
      cfgs.push(oldCfgs[k]);
      runs.push(oldRuns[k]);
      continue;
    }
    if (k >= 0) { oldRuns[k].retire(); sum.restarted.push(c.name); } else sum.added.push(c.name);
    var r = f.build(c);
    cfgs.push(r.config());
    runs.push(r);
    fresh.push(r);
  }
  for (var j = 0; j < oldCfgs.length; j++) {
    if (indexByName(run.s, oldCfgs[j].name) < 0) {
      oldRuns[j].retire();
      sum.removed.push(oldCfgs[j].name);
      var gone = f.gone || (f.gone = []);
      if (gone.indexOf(oldCfgs[j].name) < 0) gone.push(oldCfgs[j].name);
    }
  }
  if (run.g.dateformat !== f.run.g.dateformat) sum.rebootFor.push('ddns_dateformat');
  if (run.g.loglines !== f.run.g.loglines) sum.rebootFor.push('ddns_loglines');
  // MQTT and syslog start again from a changed block (and with a new section order)
  var services = JSON.stringify([run.mqtt, run.syslog]) !== JSON.stringify([f.run.mqtt, f.run.syslog]);
  refill(f.configs, cfgs);
  refill(f.sections, runs);
  f.run = run;
  // the sections keep only a part of their config (engine.ts kept): the whole is garbage now
  run.s = f.configs as RunSection[];
  if (!sameOrder || services) f.restartServices();
  for (var n = 0; n < fresh.length; n++) f.launch(fresh[n]);
  return sum;
}
