// NAT-PMP (RFC 6886), only the part that reads the router's public address: the request is the
// two bytes 00 00 sent to gateway:5351; the reply, and the announcement a router multicasts to
// 224.0.0.1:5350 when its address changes, is 12 bytes: version 0, opcode 128, result code
// (u16), seconds since the router's port-mapping table was started (epoch, u32), the address.
// Payloads are binary strings (one char per byte), as Espruino's dgram gives them.

export var NATPMP_PORT = 5351;
export var NATPMP_ANNOUNCE_PORT = 5350;

/** Result codes of RFC 6886 section 3.5 that the router may answer with. */
export var NATPMP_OK = 0;
export var NATPMP_NETWORK_FAILURE = 3;

export interface NatPmpAddress {
  /** 0 success; 3 the router itself has no address (its WAN is down); others are refusals */
  result: number;
  epoch: number;
  /** the public address, '' when the result is not 0 or the address is 0.0.0.0 */
  ip: string;
}

// Why: the request never changes; a function keeps it next to the parser that reads its answer.
export function natpmpRequest(): string {
  return '\x00\x00';
}

// Why: a reply and an announcement look the same; anything else on the port (a PCP ANNOUNCE
// starts with 2, a mapping reply has another opcode, a short or long packet) must not be taken
// for an address.
export function parseNatPmp(msg: string): NatPmpAddress | null {
  if (typeof msg !== 'string' || msg.length !== 12) return null;
  var b: number[] = [];
  for (var i = 0; i < 12; i++) {
    var c = msg.charCodeAt(i);
    if (c > 255) return null;
    b.push(c);
  }
  if (b[0] !== 0 || b[1] !== 128) return null;
  var result = b[2] * 256 + b[3];
  var epoch = b[4] * 16777216 + b[5] * 65536 + b[6] * 256 + b[7];
  var ip = b[8] + '.' + b[9] + '.' + b[10] + '.' + b[11];
  if (result !== NATPMP_OK || ip === '0.0.0.0') ip = '';
  return { result: result, epoch: epoch, ip: ip };
}
