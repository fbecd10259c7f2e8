// The web page's Storage modules on the built board files: ddns.web stays while the server runs,
// the request handling (ddns.webapi) and the request reader (ddns.webconn) are loaded for the
// requests and let go when the last connection closes; either one missing costs the page only,
// with an answer that names it, while DNS is updated.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webBoard, hreq, rawRequest, sleep, section } from './kit.mjs';

// The names in the interpreter's module cache.
async function cached(board) {
  const since = board.output.length;
  await board.type('print("CACHED " + Modules.getCached().join(" "))');
  await board.waitFor(/CACHED [^\r\n]*\r?\n/, { since, timeoutMs: 3000 });
  return board.output.slice(since).match(/CACHED ([^\r\n]*)/)[1].split(' ');
}

// The cache once nothing is open: the board sees a connection close a little after the client.
async function settled(board, gone) {
  let names = [];
  for (let i = 0; i < 20; i++) {
    names = await cached(board);
    if (!gone.some((n) => names.includes(n))) break;
    await sleep(20);
  }
  return names;
}

test('after the page and the API answered, only ddns.web (and ddns.servers) stay loaded; the next request loads them again', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const idle = await cached(b.board);
  assert.ok(idle.includes('ddns.web') && idle.includes('ddns.servers'), idle.join(' '));
  assert.ok(!idle.includes('ddns.webapi') && !idle.includes('ddns.webconn'), 'nothing of a request before one: ' + idle.join(' '));
  const page = await hreq(b.port, { path: '/' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], 'gzip');
  const st = await hreq(b.port);
  assert.equal(st.status, 200);
  assert.equal(st.json.sections[0].name, 'myddns');
  const after = await settled(b.board, ['ddns.webapi', 'ddns.webconn']);
  assert.ok(!after.includes('ddns.webapi') && !after.includes('ddns.webconn'), 'let go: ' + after.join(' '));
  assert.ok(after.includes('ddns.web'));
  const again = await hreq(b.port, { path: '/api/config', headers: { authorization: 'x' } });
  assert.equal(again.status, 200, again.text);
  assert.ok(again.json.service.myddns);
  assert.doesNotMatch(b.board.output, /Uncaught/);
});

test('ddns.webapi missing: every request is answered 503 naming it, the page keeps listening, DNS is updated', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  b.board.storage.erase('ddns.webapi');
  for (const path of ['/', '/api/status']) {
    const r = await hreq(b.port, { path });
    assert.equal(r.status, 503);
    assert.match(r.json.error, /ddns\.webapi cannot be loaded/);
  }
  await b.board.waitFor(/update accepted/, { since: 0, timeoutMs: 5000 });
  assert.equal(b.updates().length, 1);
  assert.doesNotMatch(b.board.output, /Uncaught/);
});

test('ddns.webconn missing: a connection is answered 503 and closed, DNS is updated', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  b.board.storage.erase('ddns.webconn');
  const r = await rawRequest(b.port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { waitMs: 5000 });
  assert.ok(r.closed, 'closed by the board');
  assert.match(r.text, /^HTTP\/1\.1 503 /);
  await b.board.waitFor(/update accepted/, { since: 0, timeoutMs: 5000 });
  assert.equal(b.updates().length, 1);
  const names = await cached(b.board);
  assert.ok(!names.includes('ddns.webconn'), names.join(' '));
  assert.doesNotMatch(b.board.output, /Uncaught/);
});

test('/api/status, made a row at a time as it is sent: whole JSON for no section and for five', async (t) => {
  const five = (w) => {
    const service = {};
    for (let i = 0; i < 5; i++) service['s' + i] = { ...section(w), domain: `h${i}.example.com`, enabled: i === 4 ? '0' : '1' };
    return { service };
  };
  for (const [config, names] of [[() => ({}), []], [five, ['s0', 's1', 's2', 's3', 's4']]]) {
    const b = await webBoard({ config });
    try {
      // (no Host: a board without a config knows no name of its own)
      const r = await rawRequest(b.port, 'GET /api/status HTTP/1.1\r\n\r\n', { waitMs: 5000 });
      assert.ok(r.closed, 'the connection closed: the end of the answer');
      const [head, body] = r.text.split('\r\n\r\n');
      assert.match(head, /^HTTP\/1\.1 200 /);
      assert.match(head, /\r\nContent-Type: application\/json\r\n/);
      const json = JSON.parse(body);
      assert.equal(json.board, 'esp32');
      assert.deepEqual(json.sections.map((s) => s.name), names);
      if (names.length) assert.deepEqual(json.sections.map((s) => s.enabled), [true, true, true, true, false]);
    } finally { await b.close(); }
  }
});
