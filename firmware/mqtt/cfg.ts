// The MQTT config in force, read from the compiled config's "mqtt" block (kept in RAM anyway)
// when the work module needs it, instead of a copy held while the board idles.

import { readMqttConfig, MqttConfig } from './config';
import type { MqttState } from './state';

// The block last read and what it gave: one reading per loaded work module (it is dropped after
// each event), again only when the block object changed.
var raw: any;
var got: MqttConfig | null = null;

/** The checked config (start() made sure it is valid). */
export function cfgOf(S: MqttState): MqttConfig {
  if (S.h.run.mqtt !== raw || !got) {
    raw = S.h.run.mqtt;
    got = readMqttConfig(raw).config;
  }
  return got as MqttConfig;
}
