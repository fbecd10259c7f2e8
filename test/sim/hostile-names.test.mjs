// Names and text that break things (issue: assume a hostile LAN and a broken provider). Section
// names every JavaScript object already has ('constructor', 'toString', '__proto__'...) are
// refused by the console and an upload with a clear message; a config that is not a config
// object of the right shape never replaces a working one; and a boot survives any saved config,
// even one written straight into the store's slots: it comes up with its console working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { scenario, section, DOMAIN } from './harness.mjs';
import { runText } from '../../firmware/config/store.ts';

const RESERVED = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];
const SLOTS = ['cfg.a', 'run.a', 'cfg.b', 'run.b'];

// The store's checksum (firmware/config/store.ts): FNV-1a.
function checksum(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = (h + ((h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24))) >>> 0;
  }
  return ('0000000' + h.toString(16)).substr(-8);
}

// A slot file's text, or null; and writing one, as store.ts does.
function slotText(board, name) {
  const raw = board.storage.read(name);
  if (!raw) return null;
  const a = raw.indexOf('\n');
  return raw.slice(raw.indexOf('\n', a + 1) + 1);
}
function writeSlot(board, name, gen, text) {
  board.storage.write(name, gen + '\n' + checksum(text) + '\n' + text);
}

async function cmd(board, line) {
  const since = board.output.length;
  await board.type(line);
  return board.output.slice(since);
}

// Sections 'myddns' (runs, DNS disagrees so it updates) and one per reserved name, spelled
// 'X<name>' so that today's validator accepts them: what an older firmware saved.
const PLACEHOLDERS = (w) => {
  const service = { myddns: section(w) };
  for (const n of RESERVED) service['X' + n] = section(w, { domain: n.toLowerCase().replace(/_/g, '') + '.example.com' });
  // the test reaches the page as 127.0.0.1, which the page accepts only as a configured name
  return { service, web: { hostname: '127.0.0.1' } };
};

// The newest cfg/run pair of a board that booted PLACEHOLDERS, with the names made hostile.
function hostilePair(board) {
  const gen = 9;
  const cfg = slotText(board, 'cfg.a');
  const run = slotText(board, 'run.a');
  assert.ok(cfg && run, 'the first config is in slot a');
  let c = cfg;
  let r = run;
  for (const n of RESERVED) {
    c = c.split('"X' + n + '"').join('"' + n + '"');
    r = r.split('"X' + n + '"').join('"' + n + '"');
  }
  assert.ok(c.includes('"constructor":') && r.includes('"name":"constructor"'));
  return { gen, cfg: c, run: r };
}

// Boots, waits for myddns' update, and checks that the board is alive: no uncaught error, the
// console's commands answer.
async function bootsAlive(s, label) {
  const uncaught = [];
  s.board.on('uncaught', (e) => uncaught.push(String(e)));
  const since = s.board.output.length;
  await s.board.boot();
  await s.board.waitFor(/\[myddns\] .*update accepted/, { since, timeoutMs: 5000 });
  const help = await cmd(s.board, 'help()');
  assert.match(help, /status\(\[s\]\)/, label + ': help() answers');
  const status = await cmd(s.board, 'status()');
  assert.match(status, /^myddns: /m, label + ': status() answers');
  const out = s.board.output.slice(since);
  assert.doesNotMatch(out, /Uncaught/, label + ':\n' + out);
  assert.deepEqual(uncaught, [], label);
  return { out, status };
}

test('a boot survives reserved section names written straight into the store slots', async (t) => {
  const s = await scenario({ config: PLACEHOLDERS, registered: '192.0.2.1' });
  t.after(() => s.close());
  await s.board.waitFor(/\[myddns\] .*update accepted/, { timeoutMs: 5000 });
  await s.board.stop();
  const pair = hostilePair(s.board);
  for (const n of SLOTS) s.board.storage.erase(n);

  // 1. the user config and its compiled form (as an older firmware compiled it)
  writeSlot(s.board, 'run.a', pair.gen, pair.run);
  writeSlot(s.board, 'cfg.a', pair.gen, pair.cfg);
  s.world.records.set(DOMAIN, 'A', '192.0.2.1');
  let r = await bootsAlive(s, 'compiled form with reserved names');
  assert.match(r.out, /6 section\(s\)/, r.out);
  for (const n of ['constructor', 'toString', 'hasOwnProperty']) {
    assert.match(r.status, new RegExp('^' + n + ': ', 'm'), 'section ' + n + ' is listed');
    // (its newest lines: the RAM ring all sections share holds the last ones of six sections)
    assert.match(await cmd(s.board, "showlog('" + n + "')"), /sending update|nohost/, 'its log');
  }
  // the web page reads it too
  for (let i = 0; i < 200 && !s.board.ports.has(80); i++) await new Promise((ok) => setTimeout(ok, 10));
  for (const api of ['status', 'config', 'log?section=constructor']) {
    const res = await fetch('http://127.0.0.1:' + s.board.ports.get(80) + '/api/' + api);
    const body = await res.text();
    assert.equal(res.status, 200, api + ': ' + body);
    // (the log: its newest lines, the update sent or the provider's answer to it)
    if (api !== 'config') assert.match(body, api === 'status' ? /constructor/ : /constructor|nohost/, api);
  }
  // and it can be mended from the console: the reserved sections deleted, the rest committed
  for (const n of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
    assert.match(await cmd(s.board, "del('" + n + "')"), /staged/);
  }
  assert.match(await cmd(s.board, 'commit()'), /committed: .*removed/);
  await s.board.stop();

  // 2. only the user config (the compiled form is missing): boot compiles it again, without
  // the reserved names, and says so
  for (const n of SLOTS) s.board.storage.erase(n);
  writeSlot(s.board, 'cfg.a', pair.gen, pair.cfg);
  s.world.records.set(DOMAIN, 'A', '192.0.2.1');
  r = await bootsAlive(s, 'user config only');
  assert.match(r.out, /1 section\(s\)/, r.out);
  assert.match(r.out, /section name 'constructor' is a reserved name/);
  await s.board.stop();

  // 3. a compiled form that is not one: each broken section costs only itself
  const run = JSON.parse(pair.run);
  run.s = [null, 7, 'x', { name: { a: 1 } }, run.s.find((x) => x.name === 'myddns')];
  for (const n of SLOTS) s.board.storage.erase(n);
  // (laid out as the firmware writes it, a section per line: else boot compiles it again)
  writeSlot(s.board, 'run.a', pair.gen, runText(run));
  writeSlot(s.board, 'cfg.a', pair.gen, pair.cfg);
  s.world.records.set(DOMAIN, 'A', '192.0.2.1');
  r = await bootsAlive(s, 'broken compiled form');
  assert.match(r.out, /section 0 is off: /);
  await s.board.stop();

  // 4. a compiled form of the wrong shape is not used: boot compiles the user config again
  for (const bad of [{ ...JSON.parse(pair.run), errs: undefined }, { ...JSON.parse(pair.run), g: { dateformat: null } },
    { ...JSON.parse(pair.run), g: 'x' }]) {
    for (const n of SLOTS) s.board.storage.erase(n);
    writeSlot(s.board, 'run.a', pair.gen, JSON.stringify(bad));
    writeSlot(s.board, 'cfg.a', pair.gen, pair.cfg);
    s.world.records.set(DOMAIN, 'A', '192.0.2.1');
    r = await bootsAlive(s, 'compiled form of the wrong shape');
    assert.match(r.out, /1 section\(s\)/, r.out);
    await s.board.stop();
  }
});

test('reserved section names are refused by the console with a clear message', async (t) => {
  const s = await scenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => s.close());
  await s.board.waitFor(/update accepted/, { timeoutMs: 5000 });
  for (const n of RESERVED) {
    const out = await cmd(s.board, "set('" + n + "', 'service')");
    assert.match(out, new RegExp("'" + n + "' is a reserved name \\(every JavaScript object has it\\): choose another name"), out);
    assert.match(await cmd(s.board, "set('" + n + ".domain', 'x.example.com')"), /reserved name/);
  }
  assert.match(await cmd(s.board, 'changes()'), /no pending changes/);
  // an imported UCI text with one: the whole commit is refused, nothing saved
  await cmd(s.board, "importUci(\"config service 'myddns'\\n\\toption domain 'a.example.com'\\nconfig service 'valueOf'\\n\\toption domain 'b.example.com'\\n\")");
  const out = await cmd(s.board, 'commit()');
  assert.match(out, /error: Config: section name 'valueOf' is a reserved name/, out);
  assert.match(out, /commit refused: nothing saved/);
  assert.match(await cmd(s.board, 'revert()'), /dropped/);
  assert.match(await cmd(s.board, "get('myddns.domain')"), new RegExp(DOMAIN.replace(/\./g, '\\.')));
});

test('an uploaded ddns.json that is not a config object of the right shape is refused; the old config stays', async (t) => {
  const s = await scenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => s.close());
  await s.board.waitFor(/update accepted/, { timeoutMs: 5000 });
  const good = JSON.stringify({ enabled: '1', service_name: 'dyn.com', domain: 'x.example.com', username: 'u', password: 'p4ssw0rd-long' });
  const uploads = [
    ['[1,2]', /expected an object with "global" and "service", got a list/],
    ['"text"', /got a string/],
    ['not json', /got null/],
    ['{}', /has neither "service" nor "global"/],
    ['{"service":"x"}', /"service" must be an object, got a string/],
    ['{"service":{"myddns":"x"}}', /section 'myddns' must be an object of options, got a string/],
    ['{"global":{},"service":{},"mqtt":[]}', /"mqtt" must be an object, got a list/],
    ['{"service":{"constructor":' + good + '}}', /section name 'constructor' is a reserved name/],
    ['{"service":{"__proto__":' + good + '}}', /section name '__proto__' is a reserved name/],
    ['{"service":{"toString":' + good + ',"ok":' + good + '}}', /section name 'toString' is a reserved name/],
  ];
  for (const [text, why] of uploads) {
    await s.board.stop();
    s.board.storage.write('ddns.json', text);
    s.world.records.set(DOMAIN, 'A', '192.0.2.1');
    const since = s.board.output.length;
    await s.board.boot();
    await s.board.waitFor(/\[myddns\] .*update accepted/, { since, timeoutMs: 5000 });
    const out = s.board.output.slice(since);
    assert.match(out, why, text + ':\n' + out);
    assert.match(out, /ddns\.json ignored, the saved config stays in force/, text);
    assert.match(out, /1 section\(s\)/, text);
    assert.doesNotMatch(out, /Uncaught/, text);
    assert.match(await cmd(s.board, 'status()'), /^myddns: /m, text);
  }
});
