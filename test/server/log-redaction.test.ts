/**
 * Secrets never reach a log line: keys that name a secret are redacted at any depth, card
 * numbers are masked in values and in messages. Also the masking helpers themselves.
 */
import test from 'ava';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger.js';
import { maskCardNumber, maskDigits, maskCardNumbersInText, redactSecrets } from '../../src/log/index.js';
import { startTestServer, makeOperator } from '../helpers/server.js';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: sink }) };
}

test('maskCardNumber and maskDigits', (t) => {
  t.is(maskCardNumber('6222021234561234'), '6222 **** **** 1234');
  t.is(maskCardNumber('6222 0212 3456 1234'), '6222 **** **** 1234');
  t.is(maskCardNumber('6222021234561234567'), '6222 **** **** **** 4567');
  t.is(maskDigits('123456'), '******');
  t.is(maskCardNumbersInText('card 6222021234561234, phone 13800138000'), 'card 6222 **** **** 1234, phone 13800138000');
});

test('secret keys are redacted at any depth in log lines, card numbers masked', (t) => {
  const { lines, logger } = capture();
  const canary = { pin: '918273', password: 'Hunter2-Canary', passwd: 'p1', cardNumber: '6222021234561234', card_number: '6222021234565678', pan: '4111111111111111', token: 'tok-canary', cookie: 'sid=canary', authorization: 'Bearer canary-bearer' };
  logger.info({ request: { body: { deep: [{ nested: canary }] }, headers: { Authorization: 'Bearer canary-bearer', Cookie: 'sid=canary' } }, newPin: '556677', csrfToken: 'csrf-canary' }, 'login attempt for card 6222021234569999');
  logger.child({ token: 'child-canary', module: 'x' }).warn({ err: new Error('declined for 6222021234560000') }, 'oops');
  const text = lines.join('\n');
  for (const secret of ['918273', 'Hunter2-Canary', 'tok-canary', 'sid=canary', 'canary-bearer', '556677', 'csrf-canary', 'child-canary', '6222021234561234', '6222021234565678', '4111111111111111', '6222021234569999', '6222021234560000']) {
    t.false(text.includes(secret), `log shows ${secret}`);
  }
  t.true(text.includes('6222 **** **** 1234'));
  t.true(text.includes('[REDACTED]'));
  const first = JSON.parse(lines[0]!);
  t.is(first.request.body.deep[0].nested.pin, '[REDACTED]');
  t.is(first.request.body.deep[0].nested.card_number, '6222 **** **** 5678');
});

test('redactSecrets copies, never mutates, and survives cycles', (t) => {
  const input: Record<string, unknown> = { password: 'x', keep: 'y' };
  input['self'] = input;
  const out = redactSecrets(input) as Record<string, unknown>;
  t.is(input['password'], 'x');
  t.is(out['password'], '[REDACTED]');
  t.is(out['keep'], 'y');
  t.is(out['self'], '[Circular]');
});

test('the server logs no password of a login request', async (t) => {
  const ts = await startTestServer();
  try {
    await makeOperator(ts.server, { username: 'logme', role: 'platform_admin' });
    await fetch(`${ts.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'logme', password: 'Wrong-Canary-Password-1' }) });
    await fetch(`${ts.url}/api/v1/auth/me`, { headers: { authorization: 'Bearer tlk_canarytoken' } });
    t.true(ts.logLines.length > 0);
    const text = ts.logLines.join('\n');
    t.false(text.includes('Wrong-Canary-Password-1'));
    t.false(text.includes('tlk_canarytoken'));
  } finally {
    await ts.close();
  }
});
