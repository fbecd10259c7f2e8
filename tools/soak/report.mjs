// The soak's report: what a month of trouble cost, per day, from the day snapshots of run.mjs,
// and the flash life it projects.
import { DAY } from './schedule.mjs';
import { FLASH_TOTAL } from '../../host-sim/espruino/flash.mjs';

export const ERASE_LIMIT = 100000; // erase cycles an ESP32 flash sector survives (datasheet figure)

// Per-day differences of a counter read from each snapshot.
function perDay(snaps, get) {
  const out = [];
  for (let i = 1; i < snaps.length; i++) out.push(get(snaps[i]) - get(snaps[i - 1]));
  return out;
}

const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
const max = (a) => (a.length ? Math.max(...a) : 0);

// Storage names grouped by file: StorageFile chunks ('log.dyn.0\x01') under their file.
function fileOf(name) {
  const c = name.charCodeAt(name.length - 1);
  return c < 32 ? name.slice(0, -1) : name;
}

function grouped(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj || {})) out[fileOf(k)] = (out[fileOf(k)] || 0) + v;
  return out;
}

/**
 * Years until the busiest sector has seen ERASE_LIMIT erases: each compaction erases a sector
 * at most once, and one comes each time the files made since the last one (header + size of
 * every new file) have used up the space the live files leave.
 */
export function flashLife({ allocPerDay, liveBytes, total = FLASH_TOTAL }) {
  const room = total - liveBytes;
  if (allocPerDay <= 0) return { daysPerCompaction: Infinity, years: Infinity };
  const daysPerCompaction = room / allocPerDay;
  return { daysPerCompaction, years: (ERASE_LIMIT * daysPerCompaction) / 365 };
}

/** The report's figures from runSoak()'s result. */
export function summarize(r) {
  const s = r.snaps;
  const days = s.length - 1;
  const kinds = {};
  for (const name of Object.keys(s[0].provider)) kinds['provider ' + name] = perDay(s, (x) => x.provider[name]);
  kinds['Cloudflare API (all requests)'] = perDay(s, (x) => x.cfRequests);
  kinds['DNS queries'] = perDay(s, (x) => x.dns);
  kinds['check-IP'] = perDay(s, (x) => x.checkIp);
  kinds['NAT-PMP'] = perDay(s, (x) => x.natpmp);
  kinds['SNTP'] = perDay(s, (x) => x.sntp);
  kinds['syslog datagrams'] = perDay(s, (x) => x.syslog);
  kinds['MQTT packets'] = perDay(s, (x) => x.mqtt.connect + x.mqtt.publish + x.mqtt.ping + x.mqtt.subscribe);
  const last = s[s.length - 1];
  const writes = grouped(last.writes);
  const firstW = grouped(s[0].writes);
  const bytes = grouped(last.bytes);
  const firstB = grouped(s[0].bytes);
  const files = {};
  for (const f of new Set([...Object.keys(writes), ...Object.keys(bytes)])) {
    files[f] = { writes: ((writes[f] || 0) - (firstW[f] || 0)) / days, bytes: ((bytes[f] || 0) - (firstB[f] || 0)) / days };
  }
  const allocPerDay = (last.alloc - s[0].alloc) / days;
  const life = flashLife({ allocPerDay, liveBytes: r.flash.fileBytes });
  return {
    days, kinds: Object.fromEntries(Object.entries(kinds).map(([k, a]) => [k, { mean: mean(a), max: max(a) }])),
    files, allocPerDay, life,
  };
}

function row(cells) {
  return '| ' + cells.join(' | ') + ' |';
}

/** The report as Markdown text. */
export function formatReport(r) {
  const m = summarize(r);
  const out = [];
  out.push(`## Soak: ${r.days} days, seed ${r.seed}`, '');
  out.push(`${r.events} scheduled events; ${r.changes} address changes; ${r.boots} boots; power cuts: ` +
    `${r.cuts.atWrite} at a Storage write (${r.cuts.inCommit} inside a commit), ${r.cuts.atMoment} at a moment without one; ` +
    `${r.commits} console commits; config checked after ${r.configChecks} boots; status() answered ${r.statusChecks} times; ` +
    `web page ${r.webFetches} times. All invariants held.`, '');
  out.push(row(['requests per day', 'mean', 'busiest day']), row(['---', '---:', '---:']));
  for (const [k, v] of Object.entries(m.kinds)) out.push(row([k, v.mean.toFixed(1), String(v.max)]));
  out.push('', `Provider updates: at most ${r.perDayLimit} a day per section (one per ${r.minGap / 60000} min) is the promise.`, '');
  out.push('Address changes: delivered (the provider held that address), superseded (a newer one came first, as in a ' +
    'burst; the newer one counts), and the longest a change took, faults included.', '');
  out.push(row(['section', 'delivered', 'superseded', 'worst latency', 'for the change at']), row(['---', '---:', '---:', '---:', '---']));
  for (const [k, v] of Object.entries(r.delivered)) {
    const wv = r.worst[k];
    out.push(row([k, `${v} of ${r.changes}`, String(r.superseded[k]), `${(wv.ms / 60000).toFixed(1)} min`,
      wv.ms ? `day ${(wv.at / DAY).toFixed(2)}` : '-']));
  }
  out.push('', row(['Storage file', 'writes/day', 'bytes/day']), row(['---', '---:', '---:']));
  for (const [f, v] of Object.entries(m.files).sort((a, b) => b[1].bytes - a[1].bytes)) {
    if (!v.writes && !v.bytes) continue;
    out.push(row([JSON.stringify(f).slice(1, -1), v.writes.toFixed(1), String(Math.round(v.bytes))]));
  }
  const years = m.life.years === Infinity ? 'no end' : `${m.life.years.toFixed(0)} years`;
  out.push('', `Flash: ${Math.round(m.allocPerDay)} bytes a day taken from the erased area (new files and chunks, ` +
    `headers included); ${r.flash.fileBytes} bytes of live files leave ${r.flash.totalBytes - r.flash.fileBytes}; ` +
    `a compaction every ${m.life.daysPerCompaction === Infinity ? '-' : m.life.daysPerCompaction.toFixed(0)} days ` +
    `(${r.flash.compactions} in this run, busiest sector erased ${r.flash.maxPageErases} times): ` +
    `the busiest sector reaches ${ERASE_LIMIT} erases in ${years}.`);
  return out.join('\n');
}
