// `npm run bench`'s soak lines: the month of trouble (seed 1; SOAK_DAYS=N for a shorter one) in
// a few lines: requests per day, Storage writes per day, projected flash life, real time taken.
import { runSoak } from './run.mjs';
import { summarize, ERASE_LIMIT } from './report.mjs';

export async function benchSoak({ days = Number(process.env.SOAK_DAYS) || 30, seed = 1 } = {}) {
  const t0 = Date.now();
  const r = await runSoak({ days, seed });
  const m = summarize(r);
  const secs = Math.round((Date.now() - t0) / 1000);
  const k = (name) => m.kinds[name];
  const prov = Object.keys(r.delivered).map((s) => `${s} ${k('provider ' + s).mean.toFixed(1)} (max ${k('provider ' + s).max})`).join(', ');
  console.log(`soak ${days} days (seed ${seed}, ${r.changes} address changes, ${r.cuts.atWrite + r.cuts.atMoment} power cuts, ` +
    `${r.boots} boots) in ${secs} s: all invariants held`);
  console.log(`  provider updates per day: ${prov}; DNS ${k('DNS queries').mean.toFixed(0)}, check-IP ${k('check-IP').mean.toFixed(0)}, ` +
    `NAT-PMP ${k('NAT-PMP').mean.toFixed(0)}, MQTT packets ${k('MQTT packets').mean.toFixed(0)}, syslog ${k('syslog datagrams').mean.toFixed(0)}`);
  const files = Object.entries(m.files).filter(([, v]) => v.writes).sort((a, b) => b[1].bytes - a[1].bytes);
  console.log('  Storage writes per day: ' + files.map(([f, v]) => `${JSON.stringify(f).slice(1, -1)} ${v.writes.toFixed(1)} (${Math.round(v.bytes)} B)`).join(', '));
  console.log(`  flash: ${Math.round(m.allocPerDay)} B/day of new files, a compaction every ${m.life.daysPerCompaction.toFixed(0)} days: ` +
    `${m.life.years.toFixed(0)} years to ${ERASE_LIMIT} erases of the busiest sector`);
}
