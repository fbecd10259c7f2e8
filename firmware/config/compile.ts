// The compiled runtime form (section/types.ts): what the validator found, turned into what the
// core runs. Made once per commit (console, web page) and at the import of an uploaded
// ddns.json, saved beside the user's config in the same store generation (store.ts), read at
// every boot. Section code never reads an option string: every decision the options make is
// made here.

import { NormalizedConfig, Section } from './validate';
import { sectionSecrets } from './secrets';
import { checksum } from './store';
import { Dict } from '../core/ports';
import { RunConfig, RunSection, RUN_FORMAT } from '../section/types';
import { PROXY_TLS, parseProxy } from '../http/proxy';
import { splitUrl } from '../http/url';
import { indexOfStr } from '../core/text';

// What a URL template's placeholders and the API providers read (providers/registry.ts lists
// each provider's own); only the ones that are set are kept.
var VALUE_OPTIONS = ['username', 'password', 'domain', 'param_enc', 'param_opt', 'api_url', 'dns_server',
  'lookup_host', 'force_dnstcp'];

function flag(v: string | undefined): number { return v === '1' ? 1 : 0; }

// The option answer (our extension), for a custom update_url or a provider without an answer of
// its own: '' unless it names a word (an answer of bars only would match every reply).
function ownAnswer(v: string | undefined): string {
  return v && v.split('|').join('').trim() ? v : '';
}

// The option values a section's request is built from.
function values(sec: Section): Dict<string> {
  var out: Dict<string> = {};
  for (var i = 0; i < VALUE_OPTIONS.length; i++) {
    var v = sec.opts[VALUE_OPTIONS[i]];
    if (v) out[VALUE_OPTIONS[i]] = v;
  }
  return out;
}

// The problems of a section at one level: 'error' gives the sentences, else 'w '/'i ' + sentence.
function problems(sec: Section, errors: boolean): string[] {
  var out: string[] = [];
  for (var i = 0; i < sec.errors.length; i++) {
    var e = sec.errors[i];
    if ((e.level === 'error') === errors) out.push(errors ? e.msg : (e.level === 'warn' ? 'w ' : 'i ') + e.msg);
  }
  return out;
}

// True when the update request goes over TLS.
function updateOverTls(sec: Section): boolean {
  if (sec.https || sec.updateUrl.substring(0, 8).toLowerCase() === 'https://') return true;
  return !!sec.service && !!sec.service.api && sec.service.api !== 'nsupdate' &&
    (sec.opts.api_url || 'https:').substring(0, 7).toLowerCase() !== 'http://';
}

// True when https:// would have to go through the proxy (which the board cannot do).
function needsTlsProxy(sec: Section): boolean {
  if (updateOverTls(sec)) return true;
  if (sec.ipSource !== 'web') return false;
  for (var i = 0; i < sec.ipUrls.length; i++) if (sec.ipUrls[i].substring(0, 8).toLowerCase() === 'https://') return true;
  return false;
}

/** One validated section in the form the engine runs. */
export function compileSection(sec: Section): RunSection {
  var o = sec.opts;
  var api = sec.service && sec.service.api ? sec.service.api : '';
  var syslog = parseInt(o.use_syslog || '2', 10);
  var r: RunSection = {
    name: sec.name, on: sec.enabled ? 1 : 0, ok: sec.valid ? 1 : 0, errs: problems(sec, true),
    notes: problems(sec, false),
    label: o.service_name || (o.update_url ? 'custom URL' : ''),
    url: api ? '' : sec.updateUrl, https: sec.https ? 1 : 0, tls: updateOverTls(sec) ? 1 : 0, answer: sec.answer || ownAnswer(o.answer), api: api,
    vals: values(sec), host: sec.lookupHost, src: sec.ipSource, urls: sec.ipUrls.join(' '),
    ipStatic: o.ip_static || '', v6: sec.ipv6 ? 1 : 0,
    checkMs: sec.checkMs, forceMs: sec.forceMs, retryMs: sec.retryMs, retryMax: sec.retryMax,
    dns: sec.dnsServer, dnsPort: sec.dnsPort, tcpDns: flag(o.force_dnstcp), proxy: o.proxy || '',
    routerIp: o.router_ip || '', webFallback: flag(o.router_fallback_web), priv: sec.allowPrivate ? 1 : 0,
    logfile: flag(o.use_logfile), syslog: syslog >= 0 && syslog <= 4 ? syslog : 2,
    secrets: sectionSecrets(sec.name, o, []), hash: ''
  };
  if (r.ok && r.proxy && needsTlsProxy(sec)) { r.ok = 0; r.errs.push(PROXY_TLS); }
  // dns_lookup (our extension): auto reads from the zone's servers unless dns_server is set
  var dl = o.dns_lookup || 'auto';
  if (dl === 'authoritative' || (dl === 'auto' && !sec.dnsServer)) r.auth = 1;
  // update_interval_min (our extension) only when set: a config without it keeps its hash
  // ip_dns (our extension) only when set, like update_interval_min
  if (o.ip_dns) r.ipDns = o.ip_dns;
  var gap = o.update_interval_min;
  if (gap) r.gap = Math.min(parseInt(gap, 10) || 0, 86400) * 1000;
  // the hash covers what decides how the section runs, not its notes
  var notes = r.notes;
  r.notes = undefined;
  r.hash = checksum(JSON.stringify(r));
  r.notes = notes;
  // (what status() warns of is not part of the hash either: it changes nothing the section does)
  var w = warnings(r);
  if (w) r.warn = w;
  return r;
}

// What status() warns of, as bits (see RunSection.warn), worked out here so the core parses no URL.
function warnings(sec: RunSection): number {
  var w = 0;
  var u = splitUrl(sec.url);
  if (u && (u.protocol === 'https:' || sec.https)) w |= 1;
  else if (u && (sec.vals.password || u.pass) && indexOfStr(sec.url, '[PASSWORD]') >= 0) w |= 2;
  var px = sec.proxy ? parseProxy(sec.proxy) : null;
  if (px && px.pass) w |= 4;
  return w;
}

/** The whole config in its runtime form. raw is the document the validator read. */
export function compileConfig(raw: any, cfg: NormalizedConfig): RunConfig {
  var named: Dict<boolean> = {};
  var s: RunSection[] = [];
  for (var i = 0; i < cfg.sections.length; i++) {
    named[cfg.sections[i].name] = true;
    s.push(compileSection(cfg.sections[i]));
  }
  var errs: string[] = [];
  for (var j = 0; j < cfg.errors.length; j++) {
    var e = cfg.errors[j];
    if (!named[e.section]) errs.push(e.level + ': ' + e.msg);
  }
  var g = cfg.global;
  var run: RunConfig = { v: RUN_FORMAT, g: { loglines: g.loglines, dateformat: g.dateformat, ntp: g.opts.ntp_server || '' },
    s: s, errs: errs };
  var doc = raw && typeof raw === 'object' ? raw : {};
  if (doc.mqtt && typeof doc.mqtt === 'object') run.mqtt = doc.mqtt;
  if (doc.syslog && typeof doc.syslog === 'object') run.syslog = doc.syslog;
  if (doc.web && typeof doc.web === 'object') run.web = doc.web;
  if (doc.notify && typeof doc.notify === 'object') run.notify = doc.notify;
  return run;
}

