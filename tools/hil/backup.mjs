// The owner's own config, kept safe while the suite runs its test configs: saved from the board
// to a file on the PC before anything is written (.hil/backup-<board serial>.json, readable only
// by its owner: it holds the config's passwords), put back at the end, and the file removed only
// once the board has it again. A run that was interrupted leaves the file, and the next run
// offers to restore it first. Wi-Fi credentials (.wificfg, NVS) are never read nor touched.
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, readFile, writeFile, eraseFile } from './board.mjs';

// The config slots, their compiled forms, the sections' state and an upload not yet imported.
const OWNED = /^((cfg|run)\.[ab]|st\..+|ddns\.json)$/;
// What the suite's configs may have created: removed when the owner's files go back.
const CREATED = /^((cfg|run)\.[ab]|st\.hil_.+|log\.hil_.+|ddns\.json)$/;

export function backupPath(dir, serial) {
  return path.join(dir, `backup-${String(serial || 'board').replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

export function pendingBackup(file) {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Reads the owner's files from the board into `file`; returns their names. */
export async function saveOwner(link, file, { port, env }) {
  const names = (await listFiles(link)).filter((n) => OWNED.test(n));
  const files = {};
  for (const n of names) files[n] = Buffer.from(await readFile(link, n), 'latin1').toString('base64');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = file + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify({ saved: new Date().toISOString(), port, board: env.BOARD, serial: env.SERIAL, files }), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return names;
}

/**
 * Puts the saved files back byte for byte and removes what the suite created; then the backup
 * file goes. Returns {written, erased}.
 */
export async function restoreOwner(link, file) {
  const saved = pendingBackup(file);
  if (!saved) throw new Error(`no backup in ${file}`);
  const keep = Object.keys(saved.files);
  const erased = [];
  for (const n of await listFiles(link)) {
    if (CREATED.test(n) && !keep.includes(n)) {
      await eraseFile(link, n);
      erased.push(n);
    }
  }
  for (const n of keep) await writeFile(link, n, Buffer.from(saved.files[n], 'base64').toString('latin1'));
  fs.rmSync(file);
  return { written: keep, erased };
}
