// What the composition root (main.ts) hands to the features it loads (console, web, MQTT,
// syslog, router, config tools): the board's ports, the log, the running sections and the
// compiled config they run. Features depend on this interface, never on main.ts.

import { Ports, Logger, Dict } from './core/ports';
import { RunConfig, RunSection, SectionRunner, KeptSection } from './section/types';
import { ApplySummary } from './config/apply';

export type { ApplySummary };

export interface BoardInfo {
  /** 'esp32' | 'linux' */
  name: string;
  wifi: boolean;
  /** RAM log lines per section: every line costs variable blocks */
  ringLines: number;
}

export interface Host {
  version: string;
  board: BoardInfo;
  ports: Ports;
  log: Logger;
  /** the running sections, in config order; replaced in place when a commit applies */
  sections: SectionRunner[];
  /** names of sections deleted (or renamed) by a commit whose MQTT topics are not cleared yet;
   *  made by the first such commit (a restart of the services follows, which hands it to MQTT) */
  gone?: string[];
  /** their compiled configs, same order as sections */
  configs: KeptSection[];
  /** the compiled config in force (global settings, the service blocks) */
  run: RunConfig;
  /** a feature module ('mqtt', 'api.cloudflare', ...), loaded from Storage on first use; throws
   *  when it is missing or broken (the message names it) */
  load(name: string): any;
  /** forgets a module so its objects can be freed (it is loaded again when next needed) */
  drop(name: string): void;
  /** registers a listener called with a section's name whenever its status changes; only the
   *  host the services (MQTT, syslog) get has it (main.ts restartServices: a restart drops their
   *  listeners) */
  onChange?(fn: (name: string) => void): void;
  /** builds a section runner for a compiled section (not started); logs its config problems */
  build(c: RunSection): SectionRunner;
  /** starts a section made by build(), telling it the network state */
  launch(s: SectionRunner): void;
  /** stops MQTT and syslog and starts them again from the config in force */
  restartServices(): void;
  /** counters since boot for /metrics, kept while the page runs: 'section|c' checks that ended
   *  well, 'section|u|answer' accepted updates, 'section|f|answer' failed ones (at most 64 keys) */
  counts?: Dict<number>;
  /** what the module ddns.notify keeps between the events it is loaded for (notify/index.ts) */
  notifyState?: any;
}
