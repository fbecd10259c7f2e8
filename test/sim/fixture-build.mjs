// A small build directory in the per-board layout (dist/<board>/: Storage files + manifest.json),
// for tests that must not depend on the real build: a core that loads its feature modules by
// computed names, as the firmware does, and reports each one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeManifest } from '../../host-sim/build.mjs';

/** A module: plain ES5 CommonJS exporting its name and version. */
export function fixtureModule(name, version, extra = '') {
  return `exports.name = ${JSON.stringify(name)};\nexports.version = ${JSON.stringify(version)};\n${extra}`;
}

/**
 * The core: requires each module by a computed name, prints `module <name> v<version>` (or the
 * error), drops it from the cache, then `fixture core up`.
 */
export function fixtureCore(names, tag = 'v1') {
  return `var MODS = ${JSON.stringify(names)};
MODS.forEach(function (n) {
  try {
    var m = require(n);
    print('module ' + n + ' ' + m.version);
  } catch (e) {
    print('module ' + n + ' failed: ' + e.message);
  }
  try { Modules.removeCached(n); } catch (e) {}
});
print('fixture core ${tag} up');
`;
}

/**
 * Writes `files` ({name: text or Buffer}) into dir plus its manifest.json; returns dir.
 * Text is written as latin1 (one byte per char), as the board stores it.
 */
export function writeBuild(dir, files, board = 'esp32') {
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  writeManifest(dir, board);
  return dir;
}

/** The default fixture: a core, two feature modules and a binary web page. */
export function fixtureFiles({ mqtt = 'v1', config = 'v1' } = {}) {
  return {
    '.bootcde': fixtureCore(['ddns.config', 'ddns.mqtt']),
    'ddns.config': fixtureModule('config', config),
    'ddns.mqtt': fixtureModule('mqtt', mqtt, '// padding\n'.repeat(200)),
    'www.gz': Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0x00, 0x10, 0x80, 0xfe]),
  };
}
