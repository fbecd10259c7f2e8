// The two-slot config store: what a power cut or a torn write leaves behind always reads back
// as one whole config, the newest one that was completely written.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText, saveConfigText, importInbox, INBOX } from '../../firmware/config/store.ts';

// Storage in memory, counting writes; `refuse` makes the next writes fail.
function memory() {
  const files: Record<string, string> = {};
  const m = {
    files, writes: 0, refuse: false,
    read: (n: string) => (n in files ? files[n] : undefined),
    write: (n: string, d: string) => { if (m.refuse) return false; m.writes++; files[n] = d; return true; },
    erase: (n: string) => { m.writes++; delete files[n]; },
    list: () => Object.keys(files), appendLog: () => true, readLog: () => '', eraseLog: () => {}, free: () => 1e6,
  };
  return m;
}

test('configstore: saves alternate slots; an unchanged config is not written again', () => {
  const s = memory();
  assert.equal(loadConfigText(s as any), null);
  assert.ok(saveConfigText(s as any, '{"a":1}'));
  assert.ok(saveConfigText(s as any, '{"a":2}'));
  assert.deepEqual(Object.keys(s.files).sort(), ['cfg.a', 'cfg.b']);
  assert.equal(loadConfigText(s as any), '{"a":2}');
  const w = s.writes;
  assert.ok(saveConfigText(s as any, '{"a":2}'));
  assert.equal(s.writes, w, 'same text: no write');
  assert.ok(saveConfigText(s as any, '{"a":3}'));
  assert.equal(loadConfigText(s as any), '{"a":3}');
});

test('configstore: a torn or damaged newest slot falls back to the other one', () => {
  const s = memory();
  saveConfigText(s as any, '{"old":true}');
  saveConfigText(s as any, '{"new":true}');
  const slot = Object.keys(s.files).find((n) => s.files[n].includes('new'))!;
  const whole = s.files[slot];
  for (let len = 0; len < whole.length; len++) {
    s.files[slot] = whole.slice(0, len);
    assert.equal(loadConfigText(s as any), '{"old":true}', 'torn at ' + len);
  }
  s.files[slot] = whole.replace('new', 'nEw');
  assert.equal(loadConfigText(s as any), '{"old":true}', 'a changed byte fails the checksum');
  s.files[slot] = whole;
  assert.equal(loadConfigText(s as any), '{"new":true}');
});

test('configstore: a refused write keeps the config in force', () => {
  const s = memory();
  saveConfigText(s as any, '{"a":1}');
  s.refuse = true;
  assert.equal(saveConfigText(s as any, '{"a":2}'), false);
  assert.equal(loadConfigText(s as any), '{"a":1}');
});

test('configstore: the inbox is erased only once its text is in a slot', () => {
  const s = memory();
  assert.equal(importInbox(s as any), 'none');
  s.files[INBOX] = '{"x":1}';
  s.refuse = true;
  assert.equal(importInbox(s as any), 'failed');
  assert.equal(s.files[INBOX], '{"x":1}', 'kept for the next boot');
  s.refuse = false;
  assert.equal(importInbox(s as any), 'imported');
  assert.equal(s.files[INBOX], undefined);
  assert.equal(loadConfigText(s as any), '{"x":1}');
  // a cut between the slot write and the erase: the next import only erases
  s.files[INBOX] = '{"x":1}';
  const w = s.writes;
  assert.equal(importInbox(s as any), 'imported');
  assert.equal(s.writes, w + 1, 'only the erase');
});
