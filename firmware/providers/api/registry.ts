// The API providers by key: the catalog's '@key' (providers/catalog.ts) names an entry here, so a
// section whose service needs code finds it in one lookup. One import and one line per provider.
//
// Each provider file exports a factory (makeCloudflare...) holding all of its helpers. Espruino
// creates the function objects of a scope when the scope runs, even when their code stays in
// flash: were the providers built here, at boot, their helpers would cost variable blocks for
// as long as the board runs. An entry is only the factory and the shared `update` below, which
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

interface LazyProvider extends ApiProvider {
  make: () => ApiProvider;
}

// Shared by all entries (one function object, not one per provider): called as entry.update(),
// so `this` is the entry.
function update(this: LazyProvider, ctx: ApiContext, cb: (res: ApiResult) => void): void {
  this.make().update(ctx, cb);
}

export var API: { [key: string]: ApiProvider } = {
  cloudflare: { update: update, make: makeCloudflare } as LazyProvider,
  noip: { update: update, make: makeNoip } as LazyProvider,
  nsupdate: { update: update, make: makeNsupdate } as LazyProvider,
  digitalocean: { update: update, make: makeDigitalocean } as LazyProvider,
  godaddy: { update: update, make: makeGodaddy } as LazyProvider,
  gandi: { update: update, make: makeGandi } as LazyProvider,
  hetzner: { update: update, make: makeHetzner } as LazyProvider,
  porkbun: { update: update, make: makePorkbun } as LazyProvider,
  route53: { update: update, make: makeRoute53 } as LazyProvider
};
