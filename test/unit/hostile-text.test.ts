// Text that breaks things (issue: assume a hostile LAN and a broken provider): control
// characters are refused in option values (a URL would carry them into the request as headers
// of their own) and escaped as rsyslog does ('#012') in every log line and syslog message.
import test from 'node:test';
import assert from 'node:assert/strict';
import { normalizeConfig } from '../../firmware/config/validate.ts';
import { escapeControls, createLogger } from '../../firmware/log/log.ts';
import { file, reader } from '../../firmware/log/file.ts';
import { logModules } from '../helpers/log-modules.ts';
import { syslogMessage } from '../../firmware/syslog/syslog.ts';
import { memoryLogs } from '../helpers/text-reader.ts';

const SERVICES: any = { 'api.example': { name: 'api.example', api: 'cloudflare' } };
const CTX = { lookupService: (n: string) => SERVICES[n] || null, board: 'esp32' };
const BASE = { enabled: '1', update_url: 'http://h.example/u?ip=[IP]&h=[DOMAIN]', domain: 'a.example.com' };

function errs(opts: any) {
  return normalizeConfig({ service: { s: Object.assign({}, BASE, opts) } }, CTX).errors.filter((e) => e.level === 'error');
}

test('escapeControls: rsyslog style, cheap when there is nothing to escape', () => {
  assert.equal(escapeControls('plain text'), 'plain text');
  assert.equal(escapeControls(''), '');
  assert.equal(escapeControls('a\nb'), 'a#012b');
  assert.equal(escapeControls('a\r\nb'), 'a#015#012b');
  assert.equal(escapeControls('\tx\u0000\u001f\u007f'), '#011x#000#037#177');
  assert.equal(escapeControls('\n'), '#012');
  assert.equal(escapeControls('100% #1 caf\u00e9'), '100% #1 caf\u00e9', 'printable and 8-bit text stays');
  const s = 'x'.repeat(1000);
  assert.equal(escapeControls(s), s, 'the same string back');
});

test('the log escapes every line it keeps, prints and hands on, after masking', () => {
  const printed: string[] = [];
  const heard: string[] = [];
  const files: Record<string, string> = {};
  const storage: any = { openLog: memoryLogs(files) };
  const clock: any = { uptimeMs: () => 0, wallMs: () => 0 };
  const log = createLogger({ print: (l) => printed.push(l), clock, storage, dateformat: '%F %R', ringLines: 5, fileLines: 10, modules: logModules });
  log.configure('myddns', { secrets: ['pa\nss-long'], logfile: 1 });
  log.listen((_s, _v, line) => heard.push(line));
  log.write('myddns', 'err', 'answer: nohost\n[myddns] +0s update accepted: forged pa\nss-long');
  const want = '+0s ERR answer: nohost#012[myddns] +0s update accepted: forged ***';
  assert.deepEqual(log.lines('myddns'), [want]);
  assert.deepEqual(printed, ['[myddns] ' + want]);
  assert.deepEqual(heard, [want]);
  assert.equal(files['log.myddns.0'], want + '\n', 'one line in the file');
});

test('syslog messages are one line whatever the text and the section name', () => {
  const m = syslogMessage({ sevCode: 3, wallMs: 0, hostname: 'b', section: 'x\ny', text: 'one\r\n<29>1 - b ddns - - - forged' });
  assert.equal(m, '<27>1 - b ddns - - - x#012y: one#015#012<29>1 - b ddns - - - forged');
  assert.doesNotMatch(m, /[\r\n]/);
});

test('control characters are refused in every option value; spaces in update_url and api_url', () => {
  for (const [opt, v] of [['update_url', BASE.update_url + '\r\nX-Injected: 1'], ['update_url', BASE.update_url + '\n'],
    ['domain', 'a.example.com\n'], ['password', 'pass\r\nX: y'], ['username', 'u\tv'], ['param_opt', 'a=b\u007f'],
    ['ip_url', 'http://a.example/\r\nX: y']] as [string, string][]) {
    const e = errs({ [opt]: v, ip_source: opt === 'ip_url' ? 'web' : 'network' });
    assert.ok(e.some((x) => x.option === opt && x.code === 'bad_char'), opt + ' ' + JSON.stringify(v) + ' ' + JSON.stringify(e));
    assert.match(e.find((x) => x.code === 'bad_char')!.msg, /control characters \(line breaks, tabs\.\.\.\) are not allowed/);
  }
  const sp = errs({ update_url: 'http://h.example/u?ip=[IP] HTTP/1.0' });
  assert.ok(sp.some((x) => x.option === 'update_url' && x.code === 'bad_url'), JSON.stringify(sp));
  assert.match(sp[0].msg, /no spaces \(write %20\)/);
  const api = normalizeConfig({ service: { s: { enabled: '1', service_name: 'api.example', domain: 'a@example.com',
    username: 'Bearer', password: 'tok', api_url: 'http://127.0.0.1:1/v4 x' } } }, CTX).errors;
  assert.ok(api.some((x) => x.option === 'api_url' && x.code === 'bad_url'), JSON.stringify(api));
  const apiOk = normalizeConfig({ service: { s: { enabled: '1', service_name: 'api.example', domain: 'a@example.com',
    username: 'Bearer', password: 'tok', api_url: 'http://127.0.0.1:1/v4' } } }, CTX).errors;
  assert.ok(!apiOk.some((x) => x.option === 'api_url'), JSON.stringify(apiOk));
  assert.deepEqual(errs({}), [], 'the base section is fine');
});

// The web page's log view and download read the flash log in pieces: one may exceed free RAM.
test('log file reads: the newest max chars as whole lines; the reader gives all, older generation first', () => {
  const files: Record<string, string> = {};
  const storage: any = { openLog: memoryLogs(files) };
  const clock: any = { uptimeMs: () => 0, wallMs: () => 0 };
  const log = createLogger({ print: () => {}, clock, storage, dateformat: '%F %R', ringLines: 5, fileLines: 10, modules: logModules });
  log.configure('s', { secrets: [], logfile: 1 });
  for (let i = 0; i < 8; i++) log.write('s', 'info', 'line ' + i);
  // generations of 5 lines: 0-4 in .0, 5-7 in .1 (current); each line 11 chars
  const all = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => '+0s line ' + i + '\n').join('');
  const rows: Array<[number, string]> = [
    [1000, all],
    [all.length, all],
    [all.length - 1, all.substring(11)],
    [11 * 3, '+0s line 5\n+0s line 6\n+0s line 7\n'],
    [11 * 3 - 1, '+0s line 6\n+0s line 7\n'],
    [11 * 4, '+0s line 4\n+0s line 5\n+0s line 6\n+0s line 7\n'],
    [5, ''],
  ];
  for (const [max, want] of rows) assert.equal(file(log, 's', max), want, 'max ' + max);
  const r = reader(log, 's');
  let got = '';
  let c: string | undefined;
  while ((c = r.read(7)) !== undefined) got += c;
  assert.equal(got, all);
});

// The Storage log's code is the module ddns.logfile: without it the RAM log goes on, nothing is
// written to flash, and the console says why once per use.
test('log file module missing: lines stay in RAM, nothing reaches flash, the console names the module', () => {
  const files: Record<string, string> = {};
  const storage: any = { openLog: memoryLogs(files) };
  const clock: any = { uptimeMs: () => 0, wallMs: () => 0 };
  const printed: string[] = [];
  const missing = { load: (n: string) => { throw new Error('Module "ddns.' + n + '" not found'); }, drop: () => {} };
  const log = createLogger({ print: (l) => printed.push(l), clock, storage, dateformat: '%F %R', ringLines: 5, fileLines: 10, modules: missing });
  log.configure('s', { secrets: [], logfile: 1 });
  log.write('s', 'info', 'kept in RAM');
  assert.deepEqual(Object.keys(files), []);
  assert.deepEqual(log.lines('s'), ['+0s kept in RAM']);
  assert.ok(printed.some((l) => /Storage log is off: module ddns\.logfile cannot be loaded \(Error: Module "ddns\.logfile" not found\)/.test(l)), printed.join('\n'));
});
