// Interim, until the build makes each providers/api/<key>.ts its own Storage module
// (ddns.api.<key>, loaded with require() by the engine when a section updates): the API
// providers linked into the one-file bundle, by key. Delete this file then; main.ts's apiFor
// becomes require() of apiRow(key).module.

import { ApiProvider } from './types';
import { update as cloudflare } from './api/cloudflare';
import { update as digitalocean } from './api/digitalocean';
import { update as gandi } from './api/gandi';
import { update as godaddy } from './api/godaddy';
import { update as hetzner } from './api/hetzner';
import { update as noip } from './api/noip';
import { update as nsupdate } from './api/nsupdate';
import { update as porkbun } from './api/porkbun';
import { update as route53 } from './api/route53';

export var API: { [key: string]: ApiProvider } = {
  cloudflare: { update: cloudflare },
  digitalocean: { update: digitalocean },
  gandi: { update: gandi },
  godaddy: { update: godaddy },
  hetzner: { update: hetzner },
  noip: { update: noip },
  nsupdate: { update: nsupdate },
  porkbun: { update: porkbun },
  route53: { update: route53 }
};
