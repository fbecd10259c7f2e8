// npm run soak -- --days 30 [--seed N] [--json FILE]: a month of trouble for the built firmware
// in virtual time (tools/soak/). Prints the report; exits 1 on the first broken invariant,
// naming the seed and the board time.
import { writeFileSync } from 'node:fs';
import { runSoak } from './soak/run.mjs';
import { formatReport } from './soak/report.mjs';

function args(argv) {
  const a = { days: 30, seed: 1, json: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--days') a.days = Number(argv[++i]);
    else if (k === '--seed') a.seed = Number(argv[++i]);
    else if (k === '--json') a.json = argv[++i];
    else if (k === '--quiet') a.quiet = true;
    else throw new Error('unknown argument ' + k + ' (--days N --seed N --json FILE --quiet)');
  }
  if (!(a.days > 0) || !Number.isInteger(a.seed)) throw new Error('--days must be > 0 and --seed an integer');
  return a;
}

const a = args(process.argv.slice(2));
const t0 = Date.now();
try {
  const r = await runSoak({ days: a.days, seed: a.seed, progress: a.quiet ? () => {} : (m) => process.stderr.write(m + '\n') });
  r.realSeconds = Math.round((Date.now() - t0) / 1000);
  if (a.json) writeFileSync(a.json, JSON.stringify(r));
  console.log(formatReport(r));
  console.log(`\n(${a.days} virtual days in ${r.realSeconds} s)`);
} catch (e) {
  console.error(String(e && e.stack || e));
  process.exit(1);
}
