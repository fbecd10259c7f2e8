// Console commands are global functions, callable at the Espruino prompt (Serial1 or telnet).
declare var global: any;

export function exposeConsole(commands: { [name: string]: Function }) {
  for (var k in commands) global[k] = commands[k];
}
