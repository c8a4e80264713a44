import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, take, toArray, takeUntil, timer } from 'rxjs';
import { openPair, testCard } from '../helpers/card.js';

const ALL_DIGITS = '0123456789*#ABCD';
const dir = mkdtempSync(join(tmpdir(), 'tl-dtmf-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const level of [-4, -25]) {
  test(`all 16 digits cross the cable at ${level} dBm0 per tone, 40 ms on / 40 ms off`, async (t) => {
    const card = testCard();
    try {
      const [near, far] = await openPair(card, 3);
      const heard: string[] = [];
      const sub = near.digits$.subscribe((d) => heard.push(d));
      await far.sendDtmf(ALL_DIGITS, { onMs: 40, offMs: 40, levelDbm0: level });
      await card.clock.sleep(200);
      sub.unsubscribe();
      t.is(heard.join(''), ALL_DIGITS);
    } finally {
      await card.close();
    }
  });
}

test('digit end reports carry the tone duration', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 7);
    const ends: number[] = [];
    const sub = near.dtmf$.subscribe((e) => {
      if (e.phase === 'end') ends.push(e.durationMs);
    });
    await far.sendDtmf('159', { onMs: 100, offMs: 100 });
    await card.clock.sleep(200);
    sub.unsubscribe();
    t.is(ends.length, 3);
    for (const d of ends) t.true(Math.abs(d - 100) <= 20, `duration ${d}`);
  } finally {
    await card.close();
  }
});

function speech(file: string, voice: string, text: string): string {
  const raw = join(dir, `${file}.raw.wav`);
  const out = join(dir, `${file}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text]);
  execFileSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', out]);
  return out;
}

test('no digit is detected in 60 s of speech (Mandarin and English) sent across the cable', async (t) => {
  const zh = '尊敬的客户您好欢迎致电本行客户服务热线查询余额请按一号键挂失请按二号键转账汇款请按三号键人工服务请按零号键'.repeat(4);
  const en = 'Welcome to the bank. For your balance press one. To report a lost card press two. For transfers press three. To speak with an agent press zero. Thank you for calling, have a nice day. '.repeat(4);
  const files = [speech('zh', 'cmn-latn-pinyin', zh), speech('en', 'en-us', en)];
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 11);
    const digits: string[] = [];
    const sub = near.digits$.subscribe((d) => digits.push(d));
    let playedMs = 0;
    const start = card.clock.now();
    while (playedMs < 60_000) {
      for (const f of files) await far.play(f);
      playedMs = card.clock.now() - start;
    }
    sub.unsubscribe();
    t.log(`${(playedMs / 1000).toFixed(1)} s of speech, ${digits.length} digits`);
    t.deepEqual(digits, []);
    // Positive control: on the same line, a real digit after the speech is heard.
    const control = firstValueFrom(near.digits$);
    await far.sendDtmf('5');
    t.is(await control, '5');
  } finally {
    await card.close();
  }
});

test('detection can be switched off per channel', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 12);
    await near.setOptions({ dtmfDetect: false });
    const digits = firstValueFrom(near.digits$.pipe(takeUntil(timer(1500, card.clock)), toArray()));
    await far.sendDtmf('123');
    t.deepEqual(await digits, []);
    // Positive control: switched back on, the same line hears the digits.
    await near.setOptions({ dtmfDetect: true });
    const heard = firstValueFrom(near.digits$.pipe(take(3), toArray()));
    await far.sendDtmf('123');
    t.deepEqual(await heard, ['1', '2', '3']);
  } finally {
    await card.close();
  }
});
