// The notify block read (config.ts) and the request of each form (message.ts), as tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readNotifyConfig } from '../../firmware/notify/config';
import { notifyRequest, urlHost, NotifyEvent } from '../../firmware/notify/message';

test('readNotifyConfig: defaults, and each mistake named (a table)', () => {
  assert.deepEqual(readNotifyConfig(undefined), { config: null, errors: [] });
  assert.deepEqual(readNotifyConfig({ url: 'x', enabled: '0' }), { config: null, errors: [] }, 'off: not even checked');
  assert.deepEqual(readNotifyConfig({ url: 'https://ntfy.sh/t' }).config,
    { url: 'https://ntfy.sh/t', format: 'json', token: '', events: ' success failure stop ', pingUrl: '', retries: 2 });
  assert.deepEqual(readNotifyConfig({ ping_url: 'http://hc.example/u', events: 'stop', retries: 0 }).config,
    { url: '', format: 'json', token: '', events: ' stop ', pingUrl: 'http://hc.example/u', retries: 0 });
  const rows: [any, string, string][] = [
    [[1], 'notify.', 'must be an object'],
    [{}, 'notify.url', 'give url'],
    [{ url: 'ftp://a/' }, 'notify.url', 'http:// or https://'],
    [{ url: 'http:///x' }, 'notify.url', 'http:// or https://'],
    [{ url: 'http://a b/' }, 'notify.url', 'without spaces'],
    [{ url: 'http://a/' + 'x'.repeat(300) }, 'notify.url', 'at most 300'],
    [{ ping_url: 'hc-ping.com/u' }, 'notify.ping_url', 'http:// or https://'],
    [{ url: 'http://a/', format: 'slack' }, 'notify.format', "got 'slack'"],
    [{ url: 'http://a/', token: 'a\r\nX-Evil: 1' }, 'notify.token', 'one line'],
    [{ url: 'http://a/', events: 'success stopp' }, 'notify.events', "got 'stopp'"],
    [{ url: 'http://a/', retries: '6' }, 'notify.retries', '0 to 5'],
    [{ url: 'http://a/', retries: '1.5' }, 'notify.retries', '0 to 5'],
  ];
  for (const [raw, option, text] of rows) {
    const r = readNotifyConfig(raw);
    assert.equal(r.config, null, JSON.stringify(raw));
    const e = r.errors.find((x) => x.level === 'error');
    assert.equal(e!.option, option, JSON.stringify(raw));
    assert.ok(e!.msg.includes(text), e!.msg);
  }
  const w = readNotifyConfig({ url: 'http://a/', colour: 'red', 'url ': 1 });
  assert.ok(w.config, 'an unknown option only warns');
  assert.deepEqual(w.errors.map((e) => [e.option, e.level]), [['notify.colour', 'warn'], ['notify.url ', 'warn']]);
});

const ev: NotifyEvent = { kind: 'failure', section: 'home', host: 'h.example.com', ip: '192.0.2.7', answer: 'badauth',
  text: 'update of h.example.com to 192.0.2.7 failed: badauth', time: '2026-01-02T03:04:05.000Z' };
const cfg = (o: any) => ({ url: '', format: 'json', token: '', events: ' success failure stop ', pingUrl: '', retries: 2, ...o });

test('notifyRequest: the three forms (a table)', () => {
  const rows: [any, string, any, string][] = [
    [cfg({ url: 'https://ntfy.sh/topic', format: 'ntfy', token: 'tk_x' }), 'https://ntfy.sh/topic',
      { 'User-Agent': 'UA', 'Content-Type': 'text/plain', Title: 'esp32-ddns: home failure', Priority: '4', Tags: 'warning', Authorization: 'Bearer tk_x' },
      ev.text],
    [cfg({ url: 'http://g.example:8080', format: 'gotify', token: 'T' }), 'http://g.example:8080/message',
      { 'User-Agent': 'UA', 'Content-Type': 'application/json', 'X-Gotify-Key': 'T' },
      JSON.stringify({ title: 'esp32-ddns: home failure', message: ev.text, priority: 8 })],
    [cfg({ url: 'http://g.example/gotify/?x=1', format: 'gotify' }), 'http://g.example/gotify/message?x=1',
      { 'User-Agent': 'UA', 'Content-Type': 'application/json' }, JSON.stringify({ title: 'esp32-ddns: home failure', message: ev.text, priority: 8 })],
    [cfg({ url: 'http://g.example/message', format: 'gotify' }), 'http://g.example/message',
      { 'User-Agent': 'UA', 'Content-Type': 'application/json' }, JSON.stringify({ title: 'esp32-ddns: home failure', message: ev.text, priority: 8 })],
    [cfg({ url: 'http://hook.example/x' }), 'http://hook.example/x', { 'User-Agent': 'UA', 'Content-Type': 'application/json' },
      JSON.stringify({ event: 'failure', section: 'home', host: 'h.example.com', ip: '192.0.2.7', answer: 'badauth', text: ev.text,
        time: ev.time, device: 'esp32-ddns' })],
  ];
  for (const [c, url, headers, body] of rows) {
    const r = notifyRequest(c, ev, 'UA');
    assert.deepEqual([r.method, r.url, r.headers, r.body], ['POST', url, headers, body], c.format + ' ' + c.url);
  }
});

test('urlHost: what log lines show of a URL', () => {
  assert.equal(urlHost('https://hc-ping.com/5bf66975-d4c7'), 'https://hc-ping.com');
  assert.equal(urlHost('http://user:pw@ntfy.example:8080/topic?auth=x'), 'http://ntfy.example:8080');
  assert.equal(urlHost('http://a.example#frag'), 'http://a.example');
});
