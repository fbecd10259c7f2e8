// The demo world's config for the simulated board: one dyndns2 section on the network source,
// and with mqttPort an mqtt block for the broker on 127.0.0.1 (topics under ddns/esp32-ddns).
// The web page is reached through a loopback port, so its names are in web.hostname (the board
// answers only a Host that is its own address or a configured name).
export const DEMO_COMMAND_TOKEN = 'demo-command-token';

export function demoConfig({ providerUrl, dnsPort, domain = 'home.example.com', mqttPort }) {
  const mqtt = mqttPort ? { mqtt: { host: '127.0.0.1', port: String(mqttPort), command_token: DEMO_COMMAND_TOKEN } } : {};
  return {
    ...mqtt,
    web: { hostname: '127.0.0.1 localhost' },
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
