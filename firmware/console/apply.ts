// Puts a newly saved config into service without a reboot: sections whose config did not change
// keep running untouched (their timers, their registered IP), changed ones are rebuilt, new
// ones start, removed ones stop. A section stopped by a terminal answer (badauth...) starts
// again when its options changed: the new section compares its config hash (section.ts).

import type { App, LiveSection } from '../main';
import { NormalizedConfig, Section } from '../config/validate';

export interface ApplySummary {
  restarted: string[];
  added: string[];
  removed: string[];
  /** global options that only a reboot applies (the logger is built once) */
  rebootFor: string[];
}

// Built for one commit (console or web page): Espruino creates the function objects of a scope
// when the scope runs, so none of this costs RAM while the board idles.
function applyLib() {
  // Everything that decides how a section runs, as one comparable string.
  function signature(s: Section): string {
    return JSON.stringify(s);
  }

  // The index of a section by name in a list of configs, or -1.
  function indexByName(list: Section[], name: string): number {
    for (var i = 0; i < list.length; i++) if (list[i].name === name) return i;
    return -1;
  }

  /** The names of the sections of `cfg` that would keep running untouched. */
  // Why: commit() prints the problems of those itself; rebuilt sections log their own.
  function unchangedSections(app: App, cfg: NormalizedConfig): { [name: string]: boolean } {
    var out: { [name: string]: boolean } = {};
    for (var i = 0; i < cfg.sections.length; i++) {
      var k = indexByName(app.configs, cfg.sections[i].name);
      if (k >= 0 && signature(app.configs[k]) === signature(cfg.sections[i])) out[cfg.sections[i].name] = true;
    }
    return out;
  }

  // Replaces the contents of an array in place: the services hold a reference to it.
  function refill(target: any[], items: any[]) {
    target.splice(0, target.length);
    for (var i = 0; i < items.length; i++) target.push(items[i]);
  }

  /** Makes `cfg` (normalized from `doc`, already saved) the running config. */
  // Why: commit() must not restart what it did not change: a running section keeps its timers,
  // and only sections whose options changed lose their place in the schedule.
  function applyConfig(app: App, doc: any, cfg: NormalizedConfig): ApplySummary {
    var sum: ApplySummary = { restarted: [], added: [], removed: [], rebootFor: [] };
    var oldCfgs = app.configs.slice();
    var oldRuns = app.sections.slice();
    var cfgs: Section[] = [];
    var runs: LiveSection[] = [];
    var fresh: LiveSection[] = [];
    var sameOrder = oldCfgs.length === cfg.sections.length;
    for (var i = 0; i < cfg.sections.length; i++) {
      var s = cfg.sections[i];
      var k = indexByName(oldCfgs, s.name);
      if (k !== i) sameOrder = false;
      if (k >= 0 && signature(oldCfgs[k]) === signature(s)) {
        cfgs.push(oldCfgs[k]);
        runs.push(oldRuns[k]);
        continue;
      }
      if (k >= 0) { oldRuns[k].retire(); sum.restarted.push(s.name); } else sum.added.push(s.name);
      var r = app.build(s);
      cfgs.push(s);
      runs.push(r);
      fresh.push(r);
    }
    for (var j = 0; j < oldCfgs.length; j++) {
      if (indexByName(cfg.sections, oldCfgs[j].name) < 0) { oldRuns[j].retire(); sum.removed.push(oldCfgs[j].name); }
    }
    if (cfg.global.dateformat !== app.global.dateformat) sum.rebootFor.push('ddns_dateformat');
    if (cfg.global.loglines !== app.global.loglines) sum.rebootFor.push('ddns_loglines');
    refill(app.configs, cfgs);
    refill(app.sections, runs);
    app.raw = doc;
    // MQTT status keeps sections by position: a new list needs a new status reporter
    if (!sameOrder) app.restartServices();
    for (var f = 0; f < fresh.length; f++) app.launch(fresh[f]);
    return sum;
  }

  return { unchangedSections: unchangedSections, applyConfig: applyConfig };
}

// One call at a time (other modules, tests); code needing several calls keeps one applyLib().
// Typed by the first line, each passes `arguments` on: a declared parameter of a function that
// lives for as long as the board runs costs a variable block.
export function unchangedSections(app: App, cfg: NormalizedConfig): { [name: string]: boolean };
export function unchangedSections(): { [name: string]: boolean } { return applyLib().unchangedSections.apply(null, arguments as any); }
export function applyConfig(app: App, doc: any, cfg: NormalizedConfig): ApplySummary;
export function applyConfig(): ApplySummary { return applyLib().applyConfig.apply(null, arguments as any); }
