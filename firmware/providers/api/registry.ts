// The API providers by key: the catalog's '@key' (providers/catalog.ts) names an entry here, so a
// section whose service needs code finds it in one lookup. One import and one line per provider.

import { ApiProvider } from './types';
import { cloudflare } from './cloudflare';
import { noip } from './noip';
import { nsupdate } from './nsupdate';
import { digitalocean } from './digitalocean';
import { godaddy } from './godaddy';
import { gandi } from './gandi';
import { hetzner } from './hetzner';
import { porkbun } from './porkbun';
import { route53 } from './route53';

export var API: { [key: string]: ApiProvider } = {
  cloudflare: cloudflare,
  noip: noip,
  nsupdate: nsupdate,
  digitalocean: digitalocean,
  godaddy: godaddy,
  gandi: gandi,
  hetzner: hetzner,
  porkbun: porkbun,
  route53: route53
};
