/**
 * A server process that puts calls up and is killed in the middle (test/store/cdr-crash.test.ts).
 * It runs the real createServer() and then, through the records service, offers call after
 * call: every third is released, most are answered, the rest stay up. After each step is
 * durable it prints it ("offered <leg>", "answered <leg>", "released <leg>"), so the parent
 * knows what was acknowledged when it sends SIGKILL.
 */
import { pino } from 'pino';
import { createServer } from '../../src/server.js';
import type { ConfigInput } from '../../src/config/schema.js';

const { config, tenantId } = JSON.parse(process.env['TL_CHILD_CONFIG'] ?? '{}') as { config: ConfigInput; tenantId: string };
const server = await createServer({ config, logger: pino({ level: 'silent' }) });
const { records } = server.services;
const say = (line: string) => process.stdout.write(`${line}\n`);
say('ready');
for (let i = 0; ; i++) {
  const legId = await records.cdr.offered({ tenantId, direction: 'inbound', span: 1, channel: (i % 30) + 1, calling: `1380000${String(i).padStart(4, '0')}`, called: '95566' });
  say(`offered ${legId}`);
  if (i % 3 !== 2) {
    await records.cdr.answered(legId);
    say(`answered ${legId}`);
  }
  if (i % 3 === 0) {
    await records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 });
    say(`released ${legId}`);
  }
}
