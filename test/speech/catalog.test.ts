// The prompt catalog: complete in both languages, no duplicates, every token
// a reading function can emit is in it, and every reading piece is used.

import test from 'ava';
import {
  isPromptId,
  LANGS,
  menuOptions,
  promptCatalog,
  promptText,
  ttsText,
  type Lang,
} from '../../src/voice/prompts/index.js';
import {
  FX_CURRENCIES,
  readAmountFen,
  readCount,
  readDate,
  readDecimal,
  readDigits,
  readDuration,
  readExchangeRate,
  readKey,
  readNumber,
  readOrdinal,
  readPercent,
  readTime,
  type CountUnit,
  type FxSide,
  type Key,
  type SpeechToken,
} from '../../src/voice/readings/index.js';

// Inputs that walk every branch of the readers.
function sampleReadings(lang: Lang): SpeechToken[][] {
  const out: SpeechToken[][] = [];
  const numbers: bigint[] = [];
  for (let n = 0n; n <= 1200n; n += 1n) numbers.push(n);
  for (let p = 3n; p <= 13n; p += 1n) for (const m of [1n, 2n, 10n, 11n, 12n, 20n, 99n]) numbers.push(m * 10n ** p, m * 10n ** p + 1n, m * 10n ** p + 10n);
  for (const n of numbers) {
    out.push(readNumber(n, lang), readNumber(-n, lang, { two: 'liang' }));
    if (n > 0n) out.push(readOrdinal(n, lang, 'transaction'));
    out.push(readAmountFen(n, lang, { zheng: true }), readAmountFen(n * 100n + 2n, lang));
  }
  for (const unit of ['transaction', 'hour', 'minute', 'second', 'day', 'month', 'year', 'caller', 'attempt', 'page'] as CountUnit[]) {
    out.push(readCount(1, unit, lang), readCount(2, unit, lang), readCount(12, unit, lang));
  }
  for (let m = 1; m <= 12; m += 1) for (let d = 1; d <= 31; d += 3) out.push(readDate({ year: 2026, month: m, day: Math.min(d, 28) }, lang, { weekday: true }));
  for (const year of [1900, 1905, 1999, 2000, 2005, 2010, 2026, 999, 10]) out.push(readDate({ year, month: 1, day: 31 }, lang));
  for (let h = 0; h < 24; h += 1) for (let m = 0; m < 60; m += 1) out.push(readTime({ hour: h, minute: m }, lang));
  for (let s = 0; s <= 9000; s += 37) out.push(readDuration(s, lang));
  out.push(readDigits('0123456789', lang, { group: 4 }), readDecimal('-1234.5067', lang));
  for (const p of ['0.35', '1.5', '100', '-0.25']) out.push(readPercent(p, lang));
  for (const key of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'] as Key[]) out.push(readKey(key, lang));
  for (const currency of FX_CURRENCIES) {
    for (const side of ['buy', 'sell', 'middle', undefined] as (FxSide | undefined)[]) {
      out.push(readExchangeRate(side ? { currency, cnyPer100: '710.2305', side } : { currency, cnyPer100: 91 }, lang));
    }
  }
  return out;
}

test('ids are unique', (t) => {
  const ids = promptCatalog.map((e) => e.id);
  t.is(new Set(ids).size, ids.length);
});

test('every prompt has text in both languages', (t) => {
  for (const entry of promptCatalog) {
    for (const lang of LANGS) t.true(entry[lang].trim().length > 0, `${entry.id} has no ${lang} text`);
  }
});

test('Mandarin texts have no Arabic numerals (espeak-ng misreads them) and English texts no Chinese', (t) => {
  for (const entry of promptCatalog) {
    t.notRegex(entry.zh, /[0-9]/, `${entry.id}: ${entry.zh}`);
    t.notRegex(entry.en, /[\u4e00-\u9fff]/, `${entry.id}: ${entry.en}`);
  }
});

test('every token the readers emit is in the catalog, with its text in that language', (t) => {
  for (const lang of LANGS) {
    for (const reading of sampleReadings(lang)) {
      for (const tok of reading) {
        t.true(isPromptId(tok.id), `${lang}: ${tok.id} is not in the catalog`);
        t.is(tok.text, promptText(tok.id, lang));
        for (const other of LANGS) t.true(promptText(tok.id, other).length > 0);
      }
    }
  }
});

test('every reading piece is used by a reader in some language', (t) => {
  const used = new Set<string>();
  for (const lang of LANGS) for (const reading of sampleReadings(lang)) for (const tok of reading) used.add(tok.id);
  const unused = promptCatalog.filter((e) => (e.kind === 'piece' || e.kind === 'silence') && !used.has(e.id)).map((e) => e.id);
  t.deepEqual(unused, []);
});

test('the prompts the banking flows need are present', (t) => {
  const required = [
    'welcome', 'lang.choose.zh', 'lang.choose.en', 'menu.main', 'menu.savings', 'menu.card', 'menu.signed',
    'menu.signed.card', 'menu.corporate', 'menu.payments', 'menu.bill', 'menu.info', 'menu.info.rates',
    'menu.info.fx', 'menu.info.intro', 'menu.fax', 'menu.confirm', 'menu.id_type', 'menu.queue',
    'enter.account', 'enter.card', 'enter.card_pin', 'enter.passbook_password', 'enter.short_account',
    'enter.query_password', 'enter.date', 'enter.amount', 'enter.mobile_number', 'enter.phone_number',
    'result.balance', 'result.tx.on', 'result.tx.deposit', 'result.tx.withdrawal', 'result.password.change_disabled',
    'result.loss.ok', 'auth.password_wrong', 'auth.locked', 'service.unavailable', 'menu.unavailable',
    'input.invalid', 'input.timeout', 'goodbye', 'agent.transfer', 'queue.all_busy', 'queue.position',
    'queue.expected_wait', 'linetest.intro', 'linetest.pressed', 'voicemail.intro', 'tone.beep', 'fax.press_start',
    'rate.annual', 'fx.intro', 'intro.phone_banking',
  ];
  for (const id of required) t.true(isPromptId(id), id);
});

test('the seed texts are kept word for word', (t) => {
  t.is(promptText('result.loss.ok', 'zh'), '口头挂失成功，务必请您再到银行柜台办理正式挂失业务。');
  t.true(promptText('result.password.change_disabled', 'zh').includes('到银行柜台或ATM修改密码'));
});

test('menus are rendered from their options', (t) => {
  const main = menuOptions('menu.main');
  t.deepEqual(main.find((o) => o.key === '0')?.action, 'agent');
  t.true(promptText('menu.main', 'zh').includes('业务咨询和投诉请按零'));
  t.true(promptText('menu.main', 'en').includes('For enquiries and complaints, press zero.'));
  t.true(promptText('menu.savings', 'zh').includes('返回上级菜单请按星号键'));
  t.deepEqual(menuOptions('welcome'), []);
  for (const entry of promptCatalog) {
    if (entry.kind !== 'menu') continue;
    const keys = entry.options.map((o) => o.key);
    t.is(new Set(keys).size, keys.length, `${entry.id} repeats a key`);
    for (const o of entry.options) t.true(entry.zh.includes(o.zh), `${entry.id} zh lacks ${o.zh}`);
  }
});

test('the synthesiser text fixes polyphones without changing the display text', (t) => {
  const welcome = promptCatalog.find((e) => e.id === 'welcome');
  if (!welcome) return t.fail('welcome missing');
  t.is(welcome.zh, '您好，欢迎致电电话银行。');
  t.is(ttsText(welcome, 'zh'), '您好，欢迎致电电话银hang2。');
  const loss = promptCatalog.find((e) => e.id === 'result.loss.ok');
  if (!loss) return t.fail('result.loss.ok missing');
  t.is(ttsText(loss, 'zh'), '口头挂失成功，wu4必请您再到银hang2柜台办理正式挂失业务。');
  t.is(ttsText(loss, 'en'), loss.en);
});
