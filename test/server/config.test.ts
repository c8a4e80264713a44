/**
 * Configuration: defaults, file + environment layering, the variable naming rule, and errors
 * that name the key without echoing its value.
 */
import test from 'ava';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../src/app-config.js';
import { envKeys, unknownEnvVariables, toUpperSnake } from '../../src/app-config.js';

const dir = mkdtempSync(join(tmpdir(), 'tellerline-config-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('defaults: SQLite under ./var, port 8080, virtual card at 20 ms ticks', (t) => {
  const c = loadConfig({ env: {}, cwd: '/opt/tellerline' });
  t.is(c.database.client, 'sqlite');
  t.is(c.database.sqlite.filename, '/opt/tellerline/var/tellerline.sqlite');
  t.is(c.data.dir, '/opt/tellerline/var');
  t.is(c.server.port, 8080);
  t.is(c.log.level, 'info');
  t.like(c.card, { kind: 'virtual', tickMs: 20, clock: 'realtime', speed: 1, trunks: 2, stations: 1 });
  t.is(c.gateway.adapter, 'tcp');
  t.true(c.coreSim.enabled);  // demos and the default start run the core-banking simulator
  t.is(c.security.lockoutThreshold, 5);
});

test('environment variables override the file; relative paths are resolved against the file', (t) => {
  const path = file('a.json', { server: { port: 9000, host: '0.0.0.0' }, database: { client: 'mysql', mysql: { host: 'db1', password: 'from-file' } }, data: { dir: 'data' } });
  const c = loadConfig({
    file: path,
    env: { TELLERLINE_SERVER_PORT: '9100', TELLERLINE_DATABASE_MYSQL_PASSWORD: 'from-env', TELLERLINE_CARD_TRUNKS: '3', TELLERLINE_CARD_TICK_MS: '10', TELLERLINE_CORE_SIM_ENABLED: 'false', TELLERLINE_SERVER_TRUST_PROXY: '1' },
  });
  t.is(c.server.port, 9100);
  t.is(c.server.host, '0.0.0.0');
  t.is(c.database.mysql.host, 'db1');
  t.is(c.database.mysql.password, 'from-env');
  t.is(c.card.trunks, 3);
  t.is(c.card.tickMs, 10);
  t.false(c.coreSim.enabled);
  t.true(c.server.trustProxy);
  t.is(c.data.dir, join(dir, 'data'));
});

test('TELLERLINE_CONFIG names the file', (t) => {
  const path = file('b.json', { log: { level: 'debug' } });
  t.is(loadConfig({ env: { TELLERLINE_CONFIG: path } }).log.level, 'debug');
});

test('errors name the key and the variable, never the value', (t) => {
  const err = t.throws(() => loadConfig({ env: { TELLERLINE_SERVER_PORT: 'eighty', TELLERLINE_CARD_TICK_MS: '15' } }), { instanceOf: ConfigError });
  t.regex(err.message, /server\.port \(from TELLERLINE_SERVER_PORT\)/);
  t.regex(err.message, /card\.tickMs \(from TELLERLINE_CARD_TICK_MS\)/);
  t.false(err.message.includes('eighty'));
  const secret = file('c.json', { database: { mysql: { password: 12345678 } } });
  const err2 = t.throws(() => loadConfig({ file: secret, env: {} }), { instanceOf: ConfigError });
  t.regex(err2.message, /database\.mysql\.password/);
  t.false(err2.message.includes('12345678'));
});

test('unknown keys in the file are refused by name', (t) => {
  const err = t.throws(() => loadConfig({ file: file('d.json', { server: { prot: 1 } }), env: {} }), { instanceOf: ConfigError });
  t.regex(err.message, /unknown key server\.prot/);
});

test('a missing or broken file is a clear error', (t) => {
  t.throws(() => loadConfig({ file: join(dir, 'missing.json'), env: {} }), { instanceOf: ConfigError, message: /cannot read configuration file/ });
  t.throws(() => loadConfig({ file: file('e.json', '{ not json'), env: {} }), { instanceOf: ConfigError, message: /not valid JSON/ });
});

test('every key has a distinct variable following the naming rule', (t) => {
  const keys = envKeys();
  t.is(new Set(keys.map((k) => k.variable)).size, keys.length);
  for (const k of keys) t.is(k.variable, `TELLERLINE_${k.path.map(toUpperSnake).join('_')}`);
  t.true(keys.some((k) => k.variable === 'TELLERLINE_CORE_SIM_HTTP_PORT'));
  t.true(keys.some((k) => k.variable === 'TELLERLINE_DATABASE_MYSQL_SOCKET'));
  t.deepEqual(unknownEnvVariables({ TELLERLINE_SERVR_PORT: '1', TELLERLINE_SERVER_PORT: '2', TELLERLINE_CONFIG: 'x', PATH: '/bin' }), ['TELLERLINE_SERVR_PORT']);
});
