// Blocks in use on the real interpreter for one variant of the bench's memory scenarios, and the
// value of any expressions given (evaluated on the idle board), for finding where blocks go:
//   ESPRUINO_BIN=<interpreter> node tools/mem-probe.mjs <variant> ['<expression>' ...]
// variants: core (.bootcde alone, no config), small (scenario 1), full (scenario 2), nomqtt, noweb, bare (full without MQTT and the
// page), small2 (two dyndns2 sections, nothing else). Run `npm run build` first.
import * as B from './bench-memory.mjs';

const VARIANTS = {
  small: (all) => B.smallConfig(all),
  full: (all) => B.fullConfig(all),
  nomqtt: (all) => { const c = B.fullConfig(all); delete c.mqtt; return c; },
  noweb: (all) => ({ ...B.fullConfig(all), web: { enabled: '0' } }),
  bare: (all) => { const c = B.fullConfig(all); delete c.mqtt; c.web = { enabled: '0' }; return c; },
  small2: (all) => { const c = B.fullConfig(all); return { service: { s0: c.service.s0, s1: c.service.s1 }, web: { enabled: '0' } }; },
};

const bin = process.env.ESPRUINO_BIN;
const [variant = 'small', ...exprs] = process.argv.slice(2);
if (!bin || !(VARIANTS[variant] || variant === 'core')) {
  console.error('usage: ESPRUINO_BIN=<interpreter> node tools/mem-probe.mjs <' + Object.keys(VARIANTS).join('|') + '> [expression ...]');
  process.exit(2);
}
const flash = new B.Flash(bin, B.readBuild('dist/linux'));
flash.own = await B.calibrate(bin, flash.dir);
const all = await B.startAll();
try {
  let r;
  if (variant === 'core') {
    await flash.write('.bootcde', flash.file('.bootcde').data);
    r = await B.Run.boot(bin, flash.dir);
    r.own = flash.own;
    await r.waitFor(/@@P1/);
    await r.quiet(1000, 5000);
  } else {
    const cfg = VARIANTS[variant](all);
    await flash.prepare(variant === 'small' || variant === 'small2' ? B.SMALL : B.FULL, cfg);
    r = await B.boot(bin, flash, all, cfg);
  }
  console.log(`${variant}: ${await r.usage()} blocks in use, error flags: ${await r.query('E.getErrorFlags()') || 'none'}`);
  for (const e of exprs) console.log(e + '\n  => ' + await r.query(e, 20000));
  await r.stop();
} finally {
  await all.close();
  flash.close();
}
process.exit(0);
