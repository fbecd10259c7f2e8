// What the console must never print: the values of secret options (schema type 'p': password,
// param_enc), the MQTT password and command token, and a password written into a URL or proxy
// as user:pass@. Every console line goes through maskSecrets with these values as well.

import { SECTION_OPTIONS, GLOBAL_OPTIONS } from '../config/schema';
import { indexOfStr } from '../core/text';
import { isObj } from '../core/obj';
import { maskUrlPass } from '../core/mask';

export var MASK = '***';

// Options whose value may hold a user:pass@ URL: shown with the password masked by its place.
var URL_OPTIONS = ' update_url ip_url api_url proxy ';
export function isUrlOption(option: string): boolean { return indexOfStr(URL_OPTIONS, ' ' + option + ' ') >= 0; }

// ' password param_enc ' for service sections, from the schema, computed on first use: the
// console masks every line it prints, so this is asked often.
var secretNames: string[] = [];

// Built for each use (a section's log set-up, one console line, a web page): Espruino creates the
// function objects of a scope when the scope runs, so none of this costs RAM while the board idles.
function secretsLib() {

  /** True for options whose value is a secret (never shown, not even by get()). */
  // Why: the schema already marks them ('p'); one question for get, changes and exportUci.
  function isSecretOption(section: string, option: string): boolean {
    var global = section === 'global';
    var k = global ? 1 : 0;
    if (secretNames[k] === undefined) {
      var rows = global ? GLOBAL_OPTIONS() : SECTION_OPTIONS();
      var names = ' ';
      for (var i = 0; i < rows.length; i++) if (rows[i].type === 'secret') names += rows[i].name + ' ';
      secretNames[k] = names;
    }
    return typeof option === 'string' && option !== '' && indexOfStr(secretNames[k], ' ' + option + ' ') >= 0;
  }

  // The pass of a 'scheme://user:pass@host/...' or 'user:pass@host:port' word, or '': found by
  // its place, as maskUrlPass and splitUrl find it. A placeholder such as [PASSWORD] is no secret.
  function userinfoPass(word: string): string {
    var m = maskUrlPass(word);
    if (m === word) return '';
    var c = m.indexOf(':***@');
    return word.substring(c + 1, word.length - (m.length - c - 4));
  }


  /** Adds the secrets of one section's options to out: secret options and user:pass@ in URLs. */
  // Why: the log of a running section masks the same values the console does.
  function sectionSecrets(name: string, opts: any, out: string[]): string[] {
    var keys = Object.keys(opts);
    for (var i = 0; i < keys.length; i++) {
      var v = opts[keys[i]];
      if (v instanceof Array) v = v.join(' ');
      if (typeof v !== 'string' || v === '') continue;
      if (isSecretOption(name, keys[i])) { out.push(v); continue; }
      if (!isUrlOption(keys[i])) continue;
      var words = v.split(' ');
      for (var w = 0; w < words.length; w++) {
        var p = userinfoPass(words[w]);
        if (p) out.push(p);
      }
    }
    return out;
  }

  /** Every secret value in a config document (saved or pending). */
  // Why: the console masks each printed line with these, whatever command printed it.
  function configSecrets(doc: any, out: string[]): string[] {
    if (!isObj(doc)) return out;
    if (isObj(doc.global)) sectionSecrets('global', doc.global, out);
    if (isObj(doc.service)) {
      var names = Object.keys(doc.service);
      for (var i = 0; i < names.length; i++) {
        if (isObj(doc.service[names[i]])) sectionSecrets(names[i], doc.service[names[i]], out);
      }
    }
    if (isObj(doc.mqtt)) {
      if (doc.mqtt.password) out.push(String(doc.mqtt.password));
      if (doc.mqtt.command_token) out.push(String(doc.mqtt.command_token));
    }
    if (isObj(doc.notify) && doc.notify.token) out.push(String(doc.notify.token));
    return out;
  }

  /** A copy of a config document with every secret option's value replaced by '***' (and the
   *  password of a user:pass@ in a URL option, by its place). */
  // Why: exportUci prints the whole config; the secrets must not be in it.
  function maskedDoc(doc: any): any {
    var out: any = JSON.parse(JSON.stringify(doc));
    var mask = function (name: string, opts: any) {
      var keys = Object.keys(opts);
      for (var i = 0; i < keys.length; i++) {
        var v = opts[keys[i]];
        if (isSecretOption(name, keys[i]) && v !== '') opts[keys[i]] = MASK;
        else if (isUrlOption(keys[i]) && typeof v === 'string') opts[keys[i]] = maskUrlPass(v);
      }
    };
    if (isObj(out.global)) mask('global', out.global);
    if (isObj(out.service)) {
      var names = Object.keys(out.service);
      for (var j = 0; j < names.length; j++) if (isObj(out.service[names[j]])) mask(names[j], out.service[names[j]]);
    }
    return out;
  }

  return { isSecretOption: isSecretOption, sectionSecrets: sectionSecrets, configSecrets: configSecrets,
    maskedDoc: maskedDoc };
}

// One call at a time (other modules, tests); code needing several calls keeps one secretsLib().
// Typed by the first line, each passes `arguments` on: a declared parameter of a function that
// lives for as long as the board runs costs a variable block.
export function isSecretOption(section: string, option: string): boolean;
export function isSecretOption(): boolean { return secretsLib().isSecretOption.apply(null, arguments as any); }
export function sectionSecrets(name: string, opts: any, out: string[]): string[];
export function sectionSecrets(): string[] { return secretsLib().sectionSecrets.apply(null, arguments as any); }
export function configSecrets(doc: any, out: string[]): string[];
export function configSecrets(): string[] { return secretsLib().configSecrets.apply(null, arguments as any); }
export function maskedDoc(doc: any): any;
export function maskedDoc(): any { return secretsLib().maskedDoc.apply(null, arguments as any); }
