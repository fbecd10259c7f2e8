// The demo world's config for the simulated board: one dyndns2 section on the network source.
export function demoConfig({ providerUrl, dnsPort, domain = 'home.example.com' }) {
  return {
    global: { ddns_dateformat: '%F %T', ddns_loglines: '250', upd_privateip: '0' },
    service: {
      myddns: {
        enabled: '1',
        update_url: providerUrl.replace('http://', 'http://[USERNAME]:[PASSWORD]@') +
          '/nic/update?hostname=[DOMAIN]&myip=[IP]',
        domain,
        username: 'demo',
        password: 'demo-secret',
        ip_source: 'network',
        dns_server: '127.0.0.1:' + dnsPort,
        check_interval: '10',
        check_unit: 'minutes',
        force_interval: '72',
        force_unit: 'hours',
        retry_interval: '60',
        retry_unit: 'seconds',
      },
    },
  };
}
