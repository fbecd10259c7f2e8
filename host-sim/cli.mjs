#!/usr/bin/env node
// A simulated board on the terminal: flashes a bundle or a build directory (if given), boots
// it, shows the serial output, and sends typed lines to the board's console. Lines starting
// with '.' are commands to the simulator, not to the board: .ip A.B.C.D [GW], .disconnect,
// .reconnect, .advance MS (virtual time), .reboot, .quit.
//
//   node host-sim/cli.mjs [--build dist/esp32 | --bundle FILE] --flash-dir .sim/flash [--virtual]
//        [--board linux] [--ip 127.0.0.10] [--host name=127.0.0.1 ...] [--port 80=8080 ...]
import readline from 'node:readline';
import fs from 'node:fs';
import { SimBoard } from './board.mjs';

function parseArgs(argv) {
  const a = { hosts: {}, portMap: {} };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--bundle') a.bundle = v();
    else if (k === '--build') a.build = v();
    else if (k === '--flash-dir') a.flashDir = v();
    else if (k === '--virtual') a.virtual = true;
    else if (k === '--board') a.board = v();
    else if (k === '--ip') a.ip = v();
    else if (k === '--host') {
      const [name, ip] = v().split('=');
      a.hosts[name] = ip;
    } else if (k === '--port') {
      const [from, to] = v().split('=').map(Number);
      a.portMap[from] = to;
    } else {
      process.stderr.write(`unknown option ${k}\n`);
      process.exit(2);
    }
  }
  return a;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const board = new SimBoard({
    board: args.board || 'esp32',
    flashDir: args.flashDir || '.sim/flash',
    net: { ip: args.ip || '127.0.0.10', gw: '127.0.0.1', netmask: '255.0.0.0' },
    hosts: args.hosts,
    portMap: args.portMap, // unmapped board ports get an ephemeral host port (printed below)
    time: args.virtual ? 'virtual' : 'real',
    serial: (text) => process.stdout.write(text),
  });
  board.on('listening', ({ port, hostPort }) => process.stderr.write(`[sim] board port ${port} is 127.0.0.1:${hostPort}\n`));
  if (args.bundle) board.flash(fs.readFileSync(args.bundle, 'latin1'));
  if (args.build) board.flashBuild(args.build);
  await board.boot();

  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const quit = async () => {
    rl.close();
    await board.stop();
    process.exit(0);
  };
  process.on('SIGINT', quit);
  rl.on('close', quit);
  for await (const line of rl) {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    try {
      if (cmd === '.ip') board.setAddress(rest[0], rest[1]);
      else if (cmd === '.disconnect') board.disconnect();
      else if (cmd === '.reconnect') board.reconnect();
      else if (cmd === '.advance') await board.advance(Number(rest[0]) || 0);
      else if (cmd === '.reboot') await board.reboot();
      else if (cmd === '.quit') await quit();
      else await board.type(line);
    } catch (e) {
      process.stderr.write(`[sim] ${e.message}\n`);
    }
  }
}

main().catch((e) => {
  process.stderr.write(`[sim] ${e.message}\n`);
  process.exit(1);
});
