import test from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, maskUrlPass } from '../../firmware/core/mask.ts';
import { fillTemplate } from '../../firmware/http/url.ts';
import { normalizeConfig } from '../../firmware/config/validate.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

test('maskSecrets: table', () => {
  const rows: [string, string[], string][] = [
    // line                                             secrets              masked
    ['password is hunter2!', ['hunter2!'], 'password is ***'],
    ['hunter2! hunter2!', ['hunter2!'], '*** ***'],
    ['GET /u?token=p%40ss%3Aw%2Frd&ip=1.2.3.4', ['p@ss:w/rd'], 'GET /u?token=***&ip=1.2.3.4'],
    ['GET /u?token=p%40ss%3aw%2frd', ['p@ss:w/rd'], 'GET /u?token=***'],          // ddns-scripts' lowercase hex
    ['raw p@ss:w/rd and encoded p%40ss%3Aw%2Frd', ['p@ss:w/rd'], 'raw *** and encoded ***'],
    ['Authorization: Basic ' + b64('user:hunter2'), ['hunter2'], 'Authorization: Basic ***'],
    ['authorization: basic ' + b64('me@x.org:s3cret!'), ['s3cret!'], 'authorization: basic ***'],
    ['Basic ' + b64('user:other') + ' gone', ['hunter2'], 'Basic *** gone'],   // any user:pass token
    ['basic auth failed', ['hunter2'], 'basic auth failed'],
    ['X-Key: ' + b64('hunter2!'), ['hunter2!'], 'X-Key: ***'],
    // secrets under 8 chars are not searched for in free text: the mask would be an oracle
    ['user=me pass=ab', ['me', 'ab'], 'user=me pass=ab'],
    ['pin 7 in 1 7 7', ['7'], 'pin 7 in 1 7 7'],
    ['key abcdefgh12 and abcdefgh', ['abcdefgh', 'abcdefgh12'], 'key *** and ***'],  // longest first
    ['nothing secret', ['', 'zzz'], 'nothing secret'],
    ['nothing secret', [], 'nothing secret'],
    ['ends in basic', ['zz'], 'ends in basic'],                             // no token after 'basic'
    ['Basic', ['zz'], 'Basic'],
    ['caf\u00e9-caf\u00e9 and caf%C3%A9-caf%C3%A9', ['caf\u00e9-caf\u00e9'], '*** and ***'],
    ['Basic ' + b64('u:caf\u00e9'), ['caf\u00e9'], 'Basic ***'],
    ['http://me%40example.com:p%26ss-long@h/', ['me@example.com', 'p&ss-long'], 'http://***:***@h/']
  ];
  for (const [line, secrets, want] of rows) {
    assert.equal(maskSecrets(line, secrets), want, JSON.stringify([line, secrets]));
  }
});

// The mask must not be an oracle: text the firmware does not build (a provider's reply, an error)
// is searched only for secrets of 8 chars or more, so a short secret never shows as a masked
// part of a longer word, and the digits of an IP address never turn into '***'.
test('maskSecrets: no oracle for short secrets', () => {
  const rows: [string, string[], string][] = [
    ['password accepted', ['password'], '*** accepted'],
    ['password accepted', ['word'], 'password accepted'],
    ['password accepted', ['pass'], 'password accepted'],
    ['passwords: pass word', ['pass', 'word'], 'passwords: pass word'],
    ['good 10.0.0.1', ['10'], 'good 10.0.0.1'],
    ['nochg 10.10.0.1 ::10', ['10'], 'nochg 10.10.0.1 ::10'],
    ['good 192.168.100.1', ['12345678'], 'good 192.168.100.1'],
    ['badauth 12345678 at 10.0.0.1', ['12345678'], 'badauth *** at 10.0.0.1'],
    ['Basic ' + b64('dXNlcjpwYXNz'), ['pass'], 'Basic ' + b64('dXNlcjpwYXNz')],
  ];
  for (const [line, secrets, want] of rows) {
    assert.equal(maskSecrets(line, secrets), want, JSON.stringify([line, secrets]));
  }
});

test('maskUrlPass: the password of user:pass@ by its place, in every word', () => {
  const rows: [string, string][] = [
    ['http://u:pass@h/x?pass=1', 'http://u:***@h/x?pass=1'],
    ['https://me:p@ss:w@host:8443/p', 'https://me:***@host:8443/p'],       // the last '@' ends it, as splitUrl
    ['user:10@10.0.0.1:3128', 'user:***@10.0.0.1:3128'],                  // a proxy
    ['http://[USERNAME]:[PASSWORD]@h/', 'http://[USERNAME]:[PASSWORD]@h/'],  // a placeholder is no secret
    ['http://u@h/', 'http://u@h/'],
    ['http://h/?a=b:c@d', 'http://h/?a=b:c@d'],                          // '@' after the path: not userinfo
    ['a http://x:y@h b u:v@w', 'a http://x:***@h b u:***@w'],
    ['no url here', 'no url here'],
  ];
  for (const [text, want] of rows) assert.equal(maskUrlPass(text), want, text);
});

test('fillTemplate masked: the sending-update line has *** where [PASSWORD] and [PARAMENC] go', () => {
  const v = { username: 'alice', password: 'pass', domain: 'password.example.org', ip: '10.0.0.1', param_enc: '10' };
  const t = 'http://[USERNAME]:[PASSWORD]@h.example/u?host=[DOMAIN]&ip=[IP]&pw=[PASSWORD]&k=[PARAMENC]';
  assert.equal(fillTemplate(t, v, true),
    'http://alice:***@h.example/u?host=password.example.org&ip=10.0.0.1&pw=***&k=***');
  assert.equal(fillTemplate('http://bob:literal-pw@h/u?ip=[IP]', v, true), 'http://bob:***@h/u?ip=10.0.0.1');
  assert.equal(fillTemplate(t, v), 'http://alice:pass@h.example/u?host=password.example.org&ip=10.0.0.1&pw=pass&k=10');
});

test('validator: a URL password is never shown in a message; short secrets warned about', () => {
  const lookupService = () => null;
  const pw = 'VeryLongSecretPasswordThatGoesOnAndOn1234567890';
  const cfg = normalizeConfig({ service: { s1: { enabled: '1', domain: 'h.example.org', password: 'pw5x1',
    param_enc: 'tiny', update_url: 'http://h.example/u?ip=[IP]&p=[PASSWORD]&k=[PARAMENC]', ip_source: 'web',
    ip_url: 'ftp://someuser:' + pw + '@checkip.example.org/' } } }, { lookupService, board: 'esp32' });
  const all = cfg.errors.map((e) => e.msg).join('\n');
  for (let n = 4; n <= pw.length; n++) assert.ok(all.indexOf(pw.substring(0, n)) < 0, all);
  const bad = cfg.errors.find((e) => e.option === 'ip_url' && e.code === 'bad_url');
  assert.ok(bad && bad.msg.indexOf('someuser:***@') > 0, bad && bad.msg);
  for (const opt of ['password', 'param_enc']) {
    const w = cfg.errors.find((e) => e.option === opt && e.code === 'short_secret');
    assert.ok(w, opt + ': ' + all);
    assert.equal(w!.level, 'warn');
    assert.ok(w!.msg.indexOf("Section 's1', option '" + opt + "'") === 0, w!.msg);
    assert.ok(w!.msg.indexOf('pw5x1') < 0 && w!.msg.indexOf('tiny') < 0, w!.msg);
  }
});
