// DNS replies from a hostile LAN, on the built bundle: for each query a spoofer races the real
// server with replies of the wrong id and question (sent from the server's own address, as an
// off-path attacker that guesses the port would). The board ignores them and takes the right
// reply of the same try, so spoofed packets neither fail a lookup nor plant an address.
import test from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { scenario, section, DOMAIN, sleep } from './harness.mjs';

const IP = '198.51.100.10';

test('spoofed DNS replies are ignored; the right reply of the same try is taken', async (t) => {
  const sock = dgram.createSocket('udp4');
  const queries = [];
  sock.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    queries.push(q.id);
    const question = q.questions[0];
    const answer = (id, data, name = question.name) => dnsPacket.encode({ type: 'response', id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: [{ ...question, name }],
      answers: [{ type: 'A', name, ttl: 60, data }] });
    const send = (b) => sock.send(b, rinfo.port, rinfo.address);
    // three (and more) spoofs first, the server's true answer last
    send(answer((q.id + 1) & 0xffff, '6.6.6.6'));
    send(answer((q.id + 7) & 0xffff, '6.6.6.7'));
    send(answer(q.id ^ 0x8000, '6.6.6.8'));
    send(answer(q.id, '6.6.6.9', 'evil.example.com'));
    send(Buffer.from('garbage'));
    setTimeout(() => send(answer(q.id, IP)), 30);
  });
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  t.after(() => sock.close());
  const s = await scenario({ config: (w) => ({ service: { myddns: section(w, {
    dns_server: '127.0.0.1:' + sock.address().port }) } }) });
  t.after(() => s.close());
  await s.board.waitFor('DNS: ' + DOMAIN + ' is ' + IP, { timeoutMs: 5000 });
  await sleep(300);
  assert.doesNotMatch(s.board.output, /DNS lookup of .* failed|6\.6\.6\./, s.board.output);
  assert.equal(queries.length, 1, 'one try was enough');
  assert.equal(s.updates().length, 0, 'DNS has the address: nothing sent');
});
