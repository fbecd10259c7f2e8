// The two-slot config store: a slot is the user's config and its compiled runtime form, of one
// generation. What a power cut or a torn write leaves behind always reads back as one whole
// pair (or a whole user config whose compiled form boot makes again), the newest one written.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDocText, loadRunText, saveConfig, saveRun, runSectionText, sectionInForce, runText, isRunText, INBOX } from '../../firmware/config/store.ts';
import { configInForce } from '../../firmware/config/in-force.ts';
import { importInbox, recompile } from '../../firmware/config/index.ts';
import { memoryLogs } from '../helpers/text-reader.ts';

// Storage in memory, counting writes; `refuse` makes the next writes fail.
function memory() {
  const files: Record<string, string> = {};
  const m = {
    files, writes: 0, refuse: false,
    read: (n: string) => (n in files ? files[n] : undefined),
    write: (n: string, d: string) => { if (m.refuse) return false; m.writes++; files[n] = d; return true; },
    erase: (n: string) => { m.writes++; delete files[n]; },
    openLog: memoryLogs(),
  };
  return m;
}

test('configstore: saves alternate slots, run file and cfg file of one generation; an unchanged pair is not written again', () => {
  const s = memory();
  assert.equal(loadDocText(s as any), null);
  assert.equal(loadRunText(s as any), null);
  assert.ok(saveConfig(s as any, '{"a":1}', 'R1'));
  assert.ok(saveConfig(s as any, '{"a":2}', 'R2'));
  assert.deepEqual(Object.keys(s.files).sort(), ['cfg.a', 'cfg.b', 'run.a', 'run.b']);
  assert.equal(loadDocText(s as any), '{"a":2}');
  assert.equal(loadRunText(s as any), 'R2');
  const w = s.writes;
  assert.ok(saveConfig(s as any, '{"a":2}', 'R2'));
  assert.equal(s.writes, w, 'same pair: no write');
  assert.ok(saveConfig(s as any, '{"a":3}', 'R3'));
  assert.equal(loadDocText(s as any), '{"a":3}');
  assert.equal(loadRunText(s as any), 'R3');
});

test('configstore: a power cut at any byte of a save leaves the old pair or the new one in force', () => {
  const s = memory();
  saveConfig(s as any, '{"old":true}', 'ROLD');
  const before = { ...s.files };
  saveConfig(s as any, '{"new":true}', 'RNEW');
  const after = { ...s.files };
  // the save writes run.b, then cfg.b: cut each write at every length
  for (const name of ['run.b', 'cfg.b']) {
    const whole = after[name];
    for (let len = 0; len < whole.length; len++) {
      for (const k of Object.keys(s.files)) delete s.files[k];
      Object.assign(s.files, before);
      if (name === 'cfg.b') s.files['run.b'] = after['run.b'];
      s.files[name] = whole.slice(0, len);
      if (!before[name] && len === 0) delete s.files[name];
      const doc = loadDocText(s as any);
      const run = loadRunText(s as any);
      assert.equal(doc, '{"old":true}', `${name} cut at ${len}`);
      assert.equal(run, 'ROLD', `${name} cut at ${len}: the old compiled form goes with the old config`);
    }
  }
  Object.assign(s.files, after);
  assert.equal(loadDocText(s as any), '{"new":true}');
  assert.equal(loadRunText(s as any), 'RNEW');
});

test('configstore: a damaged compiled form is not used; saveRun replaces it without touching the config', () => {
  const s = memory();
  saveConfig(s as any, '{"a":1}', 'R1');
  s.files['run.a'] = s.files['run.a'].replace('R1', 'X1');
  assert.equal(loadRunText(s as any), null, 'checksum fails');
  assert.equal(loadDocText(s as any), '{"a":1}');
  const cfg = s.files['cfg.a'];
  assert.ok(saveRun(s as any, 'R1b'));
  assert.equal(loadRunText(s as any), 'R1b');
  assert.equal(s.files['cfg.a'], cfg, 'the user config is not rewritten');
});

test('configstore: a refused write keeps the pair in force', () => {
  const s = memory();
  saveConfig(s as any, '{"a":1}', 'R1');
  s.refuse = true;
  assert.equal(saveConfig(s as any, '{"a":2}', 'R2'), false);
  assert.equal(loadDocText(s as any), '{"a":1}');
  assert.equal(loadRunText(s as any), 'R1');
});

test('configstore: the inbox is compiled and erased only once it is in a slot; not JSON is refused', () => {
  const s = memory();
  const lines: string[] = [];
  const o = { storage: s as any, board: 'esp32', print: (l: string) => lines.push(l) };
  importInbox(o);
  assert.equal(loadDocText(s as any), null, 'no inbox: nothing');
  s.files[INBOX] = '{"service":{"x":{"enabled":"1","service_name":"duckdns.org","domain":"h.duckdns.org","password":"tok"}}}';
  s.refuse = true;
  importInbox(o);
  assert.ok(s.files[INBOX], 'kept for the next boot');
  assert.match(lines.join('\n'), /could not save ddns.json/);
  s.refuse = false;
  importInbox(o);
  assert.equal(s.files[INBOX], undefined);
  const run = JSON.parse(loadRunText(s as any)!);
  assert.equal(run.s[0].name, 'x');
  assert.equal(run.s[0].api, '');
  assert.match(run.s[0].url, /duckdns/);
  assert.deepEqual(run.s[0].secrets, ['tok']);
  s.files[INBOX] = '[1,2]';
  importInbox(o);
  assert.match(lines.join('\n'), /ddns.json refused: Config: expected an object/);
  assert.match(lines.join('\n'), /ddns.json ignored, the saved config stays in force/);
  assert.equal(JSON.parse(loadRunText(s as any)!).s[0].name, 'x', 'the saved config stays in force');
});

test('configstore: recompile makes the compiled form of a config saved without one (an older firmware)', () => {
  const s = memory();
  // what the firmware before the compiled form left: cfg.a only
  saveConfig(s as any, '{"service":{"y":{"enabled":"1","update_url":"http://h/u?ip=[IP]","domain":"y.example"}}}', 'stale');
  delete s.files['run.a'];
  assert.equal(loadRunText(s as any), null);
  recompile({ storage: s as any, board: 'esp32', print: () => {} });
  const run = JSON.parse(loadRunText(s as any)!);
  assert.equal(run.s[0].name, 'y');
  assert.equal(run.s[0].url, 'http://h/u?ip=[IP]');
});

test('configstore: a pass reads its section\'s line of the compiled form alone, found by name', () => {
  const s = memory();
  const sec = (name: string, extra = {}) => ({ name, hash: 'h-' + name, url: 'http://x/?a=[IP]', ...extra });
  const run: any = { v: 4, g: { loglines: 250, dateformat: '%F %R', ntp: '' },
    s: [sec('home'), sec('work', { label: 'a "quoted" label, with\nnewline' }), sec('h')], errs: [], mqtt: { host: 'b' } };
  const text = runText(run);
  assert.deepEqual(JSON.parse(text), run, 'the text is the compiled form as JSON');
  assert.equal(text.split('\n').length, 5, 'a line per section, the head and the tail');
  assert.ok(saveConfig(s as any, '{}', text));
  // name -> the section parsed from its line (null: not found)
  const rows: Array<[string, any]> = [
    ['home', run.s[0]],
    ['work', run.s[1]],
    ['h', run.s[2]],
    ['hom', null],
    ['nothere', null],
    ['"home"', null],
  ];
  for (const [name, want] of rows) {
    const line = runSectionText(s as any, name);
    assert.deepEqual(line === null ? null : JSON.parse(line), want, name);
  }
  assert.equal(runText({ ...run, s: [] }), '{"s":[],"v":4,"g":{"loglines":250,"dateformat":"%F %R","ntp":""},"errs":[],"mqtt":{"host":"b"}}');
  // text -> laid out as runText writes it
  const layouts: Array<[string, boolean]> = [
    [text, true],
    [runText({ ...run, s: [] }), true],
    [JSON.stringify(run), false],
    ['{"v":4,"s":[\n', false],
    ['', false],
  ];
  for (const [t, want] of layouts) assert.equal(isRunText(t), want, t.slice(0, 20));
  // a run file of an older generation than the user config, or torn: nothing
  assert.ok(saveConfig(s as any, '{"new":1}', text));
  s.files['run.b'] = s.files['run.b'].slice(0, -3);
  assert.equal(runSectionText(s as any, 'home'), null, 'torn');
  delete s.files['run.b'];
  assert.equal(runSectionText(s as any, 'home'), null, 'the compiled form that goes with the newest config is missing');
});

// A section keeps only a part of its compiled config in RAM; the whole is read from flash, and
// only when it is the one the section was built from (same hash).
test('sectionInForce and configInForce: the whole section from flash when its hash matches, else null / the kept part', () => {
  const s = memory();
  const sec = (name: string, hash: string) => ({ name, hash, label: 'L ' + name, host: name + '.example.org', checkMs: 600000 });
  const run: any = { v: 4, g: { loglines: 250, dateformat: '%F %R', ntp: '' }, s: [sec('home', 'h1'), sec('work', 'w1')], errs: [] };
  assert.ok(saveConfig(s as any, '{"a":1}', runText(run)));
  const kept = (name: string, hash: string): any => ({ name, hash, on: 1, ok: 1, src: 'web', forceMs: 0, syslog: 2, secrets: [] });
  const rows: Array<[string, string, string | null]> = [
    ['home', 'h1', 'L home'],
    ['work', 'w1', 'L work'],
    ['home', 'h0', null],
    ['gone', 'h1', null],
  ];
  for (const [name, hash, label] of rows) {
    const whole = sectionInForce(s as any, name, hash);
    assert.equal(whole ? whole.label : null, label, name + ' ' + hash);
    const c = configInForce(s as any, kept(name, hash));
    assert.equal(c.label, label === null ? undefined : label, name + ' ' + hash + ': the kept part when flash has not the one in force');
    assert.equal(c.name, name);
  }
  s.files['run.a'] = s.files['run.a'].slice(0, -3);
  assert.equal(sectionInForce(s as any, 'home', 'h1'), null, 'torn');
});
