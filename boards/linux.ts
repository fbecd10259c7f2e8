import { start } from '../firmware/main';
import { staticNet } from '../firmware/platform/espruino/net';

// Espruino's Linux build (a Raspberry Pi, a PC): no Wifi module, so ip_source is web or static.
start({ name: 'linux', wifi: false, ringLines: 50 }, staticNet);
