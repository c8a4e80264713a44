/** The soak counts failures by kind: calling numbers and what each call heard last are left out. */
import test from 'ava';
import { failureKind } from '../../bench/soak/failure-kind.js';

test('two calls that failed alike give one kind', (t) => {
  const a = failureKind('call ended (cause 16) waiting for menu.card from 13910000012; heard lang.choose.zh menu.main');
  const b = failureKind('call ended (cause 16) waiting for menu.card from 13910000345; heard enter.card');
  t.is(a, 'call ended (cause 16) waiting for menu.card from <n>');
  t.is(a, b);
  t.is(failureKind('took too long'), 'took too long');
});
