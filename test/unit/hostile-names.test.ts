// Names that break things (issue: assume a hostile LAN and a broken provider): section names a
// plain object already has are refused by the validator with a clear message, an upload that is
// not a config object of the right shape is refused, and the log (the core's per-section
// tables) works whatever the name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { normalizeConfig, setOption, getOption, validName, configShape } from '../../firmware/config/validate.ts';
import { importInbox } from '../../firmware/config/index.ts';
import { saveConfig, loadDocText, INBOX } from '../../firmware/config/store.ts';
import { createLogger } from '../../firmware/log/log.ts';
import { file } from '../../firmware/log/file.ts';
import { logModules } from '../helpers/log-modules.ts';
import { memoryLogs } from '../helpers/text-reader.ts';

const RESERVED = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];
const lookupService = () => null;
const CTX = { lookupService, board: 'esp32' };
const SEC = { enabled: '1', update_url: 'http://h.example/u?ip=[IP]', domain: 'a.example.com' };

// A Storage in memory with the append-only log files.
function memStorage() {
  const files: Record<string, string> = {};
  return {
    files,
    read: (n: string) => files[n],
    write: (n: string, d: string) => { files[n] = d; return true; },
    erase: (n: string) => { delete files[n]; },
    openLog: memoryLogs(files),
  };
}

test('names every object has are refused, with a message saying why', () => {
  for (const n of RESERVED) {
    assert.equal(validName(n), false, n);
    const r = setOption({ service: {} }, n, 'service');
    assert.equal(r.ok, false, n);
    assert.match(r.msg, /is a reserved name \(every JavaScript object has it\): choose another name/, n);
    assert.match(setOption({ service: { a: {} } }, 'a.' + n, 'x').msg, /reserved name/, 'option ' + n);
    assert.equal(getOption({ service: {} }, n + '.domain').ok, false);
    // in a document: a config-level error (section ''), so the whole document is refused
    const doc = JSON.parse('{"service":{"ok":' + JSON.stringify(SEC) + ',' + JSON.stringify(n) + ':' + JSON.stringify(SEC) + '}}');
    const c = normalizeConfig(doc, CTX);
    const e = c.errors.find((x) => x.code === 'reserved_name');
    assert.ok(e, n + ': ' + JSON.stringify(c.errors));
    assert.equal(e!.section, '');
    assert.equal(e!.level, 'error');
    assert.match(e!.msg, new RegExp("^Config: section name '" + n + "' is a reserved name"));
    assert.deepEqual(c.sections.map((s) => s.name), ['ok'], 'not read as a section');
  }
  // names that merely look alike are fine
  for (const n of ['constructor_1', 'ToString', 'proto', 'myddns']) assert.equal(validName(n), true, n);
});

test('configShape: what is not a config object of the right shape', () => {
  const bad: any[] = [null, [], [1, 2], 'x', 5, { service: 'x' }, { service: [] }, { service: { a: 'x' } },
    { service: { a: null } }, { global: 'x' }, { mqtt: [] }, { web: 'on' }, { syslog: 1 }, { device: true },
    JSON.parse('{"service":{"__proto__":{}}}'), { service: { constructor: {} } }];
  for (const d of bad) {
    const e = configShape(d);
    assert.ok(e.length >= 1, JSON.stringify(d));
    for (const x of e) { assert.equal(x.section, ''); assert.equal(x.level, 'error'); assert.match(x.msg, /^Config: /); }
  }
  for (const d of [{}, { service: {} }, { global: {} }, { service: { a: {} }, mqtt: { host: 'x' }, global: null }]) {
    assert.deepEqual(configShape(d), [], JSON.stringify(d));
  }
});

test('an upload that is not a config object of the right shape never replaces the saved config', () => {
  const s = memStorage();
  const good = JSON.stringify({ service: { myddns: SEC } });
  assert.ok(saveConfig(s as any, good, '{}'));
  const lines: string[] = [];
  const o = { storage: s as any, board: 'esp32', print: (l: string) => lines.push(l) };
  const uploads: [string, RegExp][] = [
    ['[1,2]', /got a list/], ['{"service":"x"}', /"service" must be an object, got a string/],
    ['{"service":{"a":"x"}}', /section 'a' must be an object of options/], ['{}', /neither "service" nor "global"/],
    ['{"service":{"__proto__":{"enabled":"1"}}}', /section name '__proto__' is a reserved name/],
    ['{"service":{"toString":{"enabled":"1"},"b":{}}}', /section name 'toString' is a reserved name/],
    ['{"global":{},"mqtt":"x"}', /"mqtt" must be an object/], ['nonsense', /expected an object/],
  ];
  for (const [text, why] of uploads) {
    lines.length = 0;
    s.files[INBOX] = text;
    importInbox(o);
    assert.match(lines.join('\n'), why, text);
    assert.match(lines.join('\n'), /ddns\.json ignored, the saved config stays in force/);
    assert.equal(loadDocText(s as any), good, text);
  }
  // a good one still goes in
  s.files[INBOX] = JSON.stringify({ service: { other: SEC } });
  importInbox(o);
  assert.match(loadDocText(s as any)!, /"other"/);
  assert.equal(s.files[INBOX], undefined);
});

test('the log works for any section name', () => {
  const storage = memStorage();
  const printed: string[] = [];
  const clock = { uptimeMs: () => 0, wallMs: () => 0, setWallMs: () => {}, setTimeout: () => 0, clearTimeout: () => {} };
  const log = createLogger({ print: (l) => printed.push(l), clock, storage: storage as any, dateformat: '%F %R', ringLines: 5, fileLines: 10, modules: logModules });
  log.verbose = 2;
  const heard: string[] = [];
  log.listen((sec, _sev, line) => heard.push(sec + ':' + line));
  for (const n of RESERVED.concat(['myddns'])) {
    log.configure(n, { secrets: ['s3cret-' + n, 'other-' + n], logfile: 1 });
    log.write(n, 'info', 'hello ' + n + ' s3cret-' + n + ' other-' + n);
    assert.deepEqual(log.lines(n), ['+0s hello ' + n + ' *** ***'], n);
    assert.equal(file(log, n, 4096), '+0s hello ' + n + ' *** ***\n', n);
  }
  assert.equal(heard.length, RESERVED.length + 1);
  assert.deepEqual(log.lines('hasOwnProperty_never_written'), []);
  assert.equal(({} as any).secrets, undefined, 'nothing written onto Object.prototype');
  log.trim();
  assert.deepEqual(log.lines('constructor'), []);
});
