// The API providers by key: the catalog's '@key' (providers/catalog.ts) names an entry here, so a
// section whose service needs code finds it in one lookup. One import and one line per provider.
//
// Each provider file exports a factory (makeCloudflare...) holding all of its helpers. Espruino
// creates the function objects of a scope when the scope runs, even when their code stays in
// flash: were the providers built here, at boot, their helpers would cost variable blocks for
// as long as the board runs. So an entry is an object with the shared `update` below, which
// builds the provider when an update starts; it is garbage once the update has answered.

import { ApiProvider, ApiContext, ApiResult } from './types';
import { makeCloudflare } from './cloudflare';
import { makeNoip } from './noip';
import { makeNsupdate } from './nsupdate';
import { makeDigitalocean } from './digitalocean';
import { makeGodaddy } from './godaddy';
import { makeGandi } from './gandi';
import { makeHetzner } from './hetzner';
import { makePorkbun } from './porkbun';
import { makeRoute53 } from './route53';

// The provider of an entry's key, built now.
function make(key: string): ApiProvider {
  switch (key) {
    case 'cloudflare': return makeCloudflare();
    case 'noip': return makeNoip();
    case 'nsupdate': return makeNsupdate();
    case 'digitalocean': return makeDigitalocean();
    case 'godaddy': return makeGodaddy();
    case 'gandi': return makeGandi();
    case 'hetzner': return makeHetzner();
    case 'porkbun': return makePorkbun();
    default: return makeRoute53();
  }
}

// Shared by all entries (one function object, not one per provider): called as entry.update(),
// so `this` is the entry, whose key is looked up in API.
function update(this: ApiProvider, ctx: ApiContext, cb: (res: ApiResult) => void): void {
  for (var k in API) {
    if (API[k] === this) { make(k).update(ctx, cb); return; }
  }
}

export var API: { [key: string]: ApiProvider } = {
  cloudflare: { update: update },
  noip: { update: update },
  nsupdate: { update: update },
  digitalocean: { update: update },
  godaddy: { update: update },
  gandi: { update: update },
  hetzner: { update: update },
  porkbun: { update: update },
  route53: { update: update }
};
