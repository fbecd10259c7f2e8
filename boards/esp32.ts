import { start } from '../firmware/main';
import { espruinoWifi } from '../firmware/platform/espruino/net';

// ESP32: Wifi is the network source; RAM is tight, so only a few log lines stay in memory.
start({ name: 'esp32', wifi: true, ringLines: 12 }, espruinoWifi);
