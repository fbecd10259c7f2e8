// The suite's report: a Markdown table an owner can paste into an issue (one row per step with its
// verdict, time and memory after it), each step's figures below it, and the same as JSON.

const SIM_MEMORY = 'absent: this is the host simulator, whose process.memory() and ESP32.getState() are made up (host-sim/README.md), not measured';

const cell = (v) => String(v === null || v === undefined ? '-' : v).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const ms = (v) => (v === null || v === undefined ? '-' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);

/** Blocks in use / free (and the block size), or why not. */
export function memoryCell(m) {
  if (!m) return '-';
  return `${m.usage} / ${m.free}`;
}

export function heapCell(m) {
  return m && m.freeHeap !== undefined ? `${m.freeHeap} (min ${m.minHeap})` : '-';
}

/** The memory line of the header: what the figures are, or why there are none. */
export function memoryNote(report) {
  if (report.board.simulated) return `memory: ${SIM_MEMORY}`;
  const m = report.steps.map((s) => s.memory).find(Boolean);
  if (!m) return 'memory: not measured (the board did not answer process.memory())';
  return `memory: process.memory() after each step (after its garbage collection): blocks of ${m.blocksize} bytes, ${m.total} in all` +
    (report.board.esp32 ? '; heap: ESP32.getState().freeHeap bytes (minHeap: the lowest since boot)' : '; no ESP32.getState() on this board');
}

/** The whole report as text (Markdown). */
export function renderReport(report) {
  const env = report.board.env || {};
  const lines = [
    `# esp32-ddns hardware-in-the-loop report, ${report.started}`,
    '',
    `board: ${env.BOARD || '?'} Espruino ${env.VERSION || '?'} (GIT_COMMIT ${env.GIT_COMMIT || '?'}, SERIAL ${env.SERIAL || '?'}) on ${report.port}${report.board.simulated ? ' (the host simulator)' : ''}`,
    `world on ${report.lanIp}; board address ${report.boardIp || 'unknown'}; build ${report.build || '?'}`,
    memoryNote(report),
    '',
    '| # | step | verdict | time | blocks used / free | heap free |',
    '|---|---|---|---|---|---|',
  ];
  report.steps.forEach((s, i) => {
    lines.push(`| ${i + 1} | ${cell(s.title)} | ${s.verdict.toUpperCase()} | ${cell(ms(s.ms))} | ${cell(memoryCell(s.memory))} | ${cell(heapCell(s.memory))} |`);
  });
  lines.push('');
  report.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.title}: ${s.verdict.toUpperCase()}${s.note ? `: ${s.note}` : ''}`);
    for (const [k, v] of Object.entries(s.figures || {})) lines.push(`   - ${k}: ${cell(v)}`);
    for (const e of s.boardErrors || []) lines.push(`   - the board printed: ${cell(e)}`);
  });
  if (report.aborted) lines.push('', `the run stopped after step ${report.steps.length}: ${report.aborted}`);
  const count = (v) => report.steps.filter((s) => s.verdict === v).length;
  lines.push('', `verdict: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped of ${report.steps.length} steps; ${report.restore}`);
  return lines.join('\n') + '\n';
}
