// Follows: bunny.net API reference, DNS Zone: List DNS Zones / Get DNS Zone / Update DNS Record, https://docs.bunny.net/api-reference/core/dns-zone/update-dns-record
// and https://docs.bunny.net/reference/dnszonepublic_updaterecord (POST, body {Id, Type?, Value, Name, Ttl, ...}; the
// versions of the page disagree on Type: a number, a name, or absent, so a client leaves it out).
// A fake of bunny.net's DNS API (api.bunny.net) on loopback, as documented: an 'AccessKey'
// header with the account API key, GET /dnszone (page, perPage, search) answering {Items:
// [DnsZone], CurrentPage, TotalItems, HasMoreItems}, GET /dnszone/{id} answering the DnsZone
// {Id, Domain, Records: [{Id, Type, Ttl, Value, Name, Weight, Priority, Port, Flags, Tag,
// Accelerated, ..., Disabled, Comment}], ...}, POST /dnszone/{zoneId}/records/{id} updating the
// record with the fields given (Type optional, as a number or a name) and answering 204. Record types are numbers (0 A, 1 AAAA, 2 CNAME,
// 3 TXT, 4 MX, ...); the apex is the name ''. Errors {ErrorKey, Field, Message}; a bad key is 401.
// withRecords false leaves Records out of the zone list, as a client must expect.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

const TYPES = { A: 0, AAAA: 1, CNAME: 2, TXT: 3, MX: 4 };
const NAMES = ['A', 'AAAA', 'CNAME', 'TXT', 'MX'];

// key: the API key; zones: zone names (default: parents of the records); records: [{ name:
// fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startBunny({ port = 0, host = '127.0.0.1', key = 'bunny-key', zones, records = [], store, withRecords = true } = {}) {
  const names = zoneNames(zones, records);
  const zoneList = [...new Set(names)].map((d, i) => ({ Id: 9000 + i, Domain: d, Records: [], DateModified: '2026-01-01T00:00:00Z',
    DateCreated: '2026-01-01T00:00:00Z', NameserversDetected: true, CustomNameserversEnabled: false, Nameserver1: 'kiki.bunny.net',
    Nameserver2: 'coco.bunny.net', SoaEmail: `hostmaster@${d}`, LoggingEnabled: false }));
  let next = 100;
  for (const r of records) {
    const z = zoneOf(r.name.toLowerCase(), names);
    const rel = relName(r.name.toLowerCase(), z);
    zoneList.find((x) => x.Domain === z).Records.push({ Id: next++, Type: TYPES[r.type], Ttl: r.ttl || 300, Value: r.value,
      Name: rel === '@' ? '' : rel, Weight: 100, Priority: 0, Port: 0, Flags: 0, Tag: '', Accelerated: false,
      AcceleratedPullZoneId: 0, LinkName: '', IPGeoLocationInfo: null, MonitorStatus: 0, MonitorType: 0,
      GeolocationLatitude: 0, GeolocationLongitude: 0, LatencyZone: null, SmartRoutingType: 0, Disabled: false, Comment: null });
  }
  const api = jsonApi({ failBody: () => ({ ErrorKey: 'internal_error', Field: '', Message: 'An internal error occurred.' }) });
  const { reply } = api;
  const error = (res, st, ErrorKey, Message, Field = '') => reply(res, st, { ErrorKey, Field, Message });

  const handle = (req, res, url, entry) => {
    if (req.headers.accesskey !== key) return error(res, 401, 'unauthorized', 'Authorization has been denied for this request.');
    if (url.pathname === '/dnszone' && req.method === 'GET') {
      const s = (url.searchParams.get('search') || '').toLowerCase();
      const per = Math.min(Math.max(parseInt(url.searchParams.get('perPage') || '1000', 10) || 1000, 5), 1000);
      const found = zoneList.filter((z) => z.Domain.includes(s));
      const items = found.slice(0, per).map((z) => (withRecords ? z : { ...z, Records: undefined }));
      return reply(res, 200, { Items: items, CurrentPage: 1, TotalItems: found.length, HasMoreItems: found.length > per });
    }
    const m = /^\/dnszone\/(\d+)(?:\/records\/(\d+))?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'not_found', 'Not found.');
    const zone = zoneList.find((z) => z.Id === Number(m[1]));
    if (!zone) return error(res, 404, 'dnszone.not_found', 'The requested DNS zone was not found.');
    if (!m[2]) return req.method === 'GET' ? reply(res, 200, zone) : error(res, 405, 'method_not_allowed', 'Method not allowed.');
    if (req.method !== 'POST') return error(res, 405, 'method_not_allowed', 'Method not allowed.');
    const rec = zone.Records.find((r) => r.Id === Number(m[2]));
    if (!rec) return error(res, 404, 'dnsrecord.not_found', 'The requested DNS record was not found.');
    const b = entry.json;
    if (!b || typeof b !== 'object') return error(res, 400, 'validation_error', 'Invalid request body.');
    const type = rec.Type;
    if (b.Type !== undefined && b.Type !== type && b.Type !== NAMES[type]) return error(res, 400, 'validation_error', 'The record type cannot be changed.', 'Type');
    if (b.Id !== undefined && b.Id !== rec.Id) return error(res, 400, 'validation_error', 'The record Id does not match.', 'Id');
    if (b.Value !== undefined && !validValue(NAMES[type], b.Value)) return error(res, 400, 'validation_error', 'Invalid value.', 'Value');
    for (const k of ['Value', 'Name', 'Ttl', 'Disabled', 'Comment']) if (b[k] !== undefined) rec[k] = b[k];
    if (store && type <= 1) store.set(fullName(rec.Name || '@', zone.Domain), NAMES[type], rec.Value, rec.Ttl);
    res.writeHead(204);
    return res.end();
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, zones: zoneList };
}
