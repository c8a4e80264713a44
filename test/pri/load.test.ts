import test from 'ava';
import { firstValueFrom } from 'rxjs';
import type { Call } from '../../bindings/index.js';
import { priRig } from '../helpers/pri.js';

test('4 spans x 30 channels of simultaneous calls, each with a DTMF round trip', async (t) => {
  const { card, bank, net } = await priRig(4);
  try {
    // The bank answers every call and echoes back each digit it hears, +1.
    const bankCalls: Call[] = [];
    for (const span of bank) {
      span.calls$.subscribe((call) => {
        bankCalls.push(call);
        void (async () => {
          await call.answer();
          const ch = span.channel(call.channel);
          const d = await firstValueFrom(ch.digits$);
          await ch.sendDtmf(String((Number(d) + 1) % 10));
        })();
      });
    }
    const results = await Promise.all(
      net.flatMap((span, s) =>
        Array.from({ length: 30 }, async (_, i) => {
          const digit = String((s * 30 + i) % 10);
          const call: Call = await span.dial({ called: '95588', calling: `1380000${s}${String(i).padStart(2, '0')}` });
          await call.connected();
          const ch = span.channel(call.channel);
          const reply = firstValueFrom(ch.digits$);
          await ch.sendDtmf(digit);
          const heard = await reply;
          await call.hangUp();
          await call.released;
          return heard === String((Number(digit) + 1) % 10);
        })),
    );
    t.is(results.length, 120);
    t.is(results.filter(Boolean).length, 120);
    await Promise.all(bankCalls.map((c) => c.released));
    for (const span of bank) t.is((await span.status()).signaling?.calls, 0);
    t.is(card.stats().refusedTransitions, 0);
  } finally {
    await card.close();
  }
});
