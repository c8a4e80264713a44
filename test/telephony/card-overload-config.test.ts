/**
 * `card.overloadMs` reaches the engine's options: set from the environment it is passed on,
 * unset the engine keeps its own default, and a bad value is refused naming the key.
 */
import test from 'ava';
import { loadConfig, ConfigError } from '../../src/app-config.js';
import { cardSetup } from '../../src/telephony/card-setup.js';

test('card.overloadMs from the environment is passed to the card', (t) => {
  const config = loadConfig({ env: { TELLERLINE_CARD_OVERLOAD_MS: '2000' } });
  t.is(config.card.overloadMs, 2000);
  t.is((cardSetup(config).options as { overloadMs?: number }).overloadMs, 2000);
});

test('unset, the card gets no overloadMs and the engine keeps its default', (t) => {
  const options = cardSetup(loadConfig({ env: {} })).options;
  t.false('overloadMs' in options);
});

test('a negative card.overloadMs is refused, naming the key', (t) => {
  const err = t.throws(() => loadConfig({ env: { TELLERLINE_CARD_OVERLOAD_MS: '-5' } }), { instanceOf: ConfigError });
  t.regex(err!.message, /card\.overloadMs/);
});
