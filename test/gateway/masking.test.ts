import test from 'ava';
import { maskAccount, maskIdNumber, maskName, maskPhone, maskedKeysOf } from '../../src/gateway/masking.js';

test('card and account numbers keep the first four and last four digits', (t) => {
  t.is(maskAccount('6222021234567890123'), '6222 **** **** 0123');
  t.is(maskAccount('6222020000000001'), '6222 **** **** 0001');
  t.is(maskAccount('110060149018000123456'), '1100 **** **** 3456');
  t.is(maskAccount('88000001'), '**** 0001');
  t.is(maskAccount('80001'), '****');
});

test('phone and ID numbers keep little', (t) => {
  t.is(maskPhone('13900139000'), '139****9000');
  t.is(maskPhone('02088886666'), '****6666');
  t.is(maskPhone('95588'), '****');
  t.is(maskIdNumber('31010119920515567X'), '****567X');
  t.is(maskIdNumber('E1234'), '****');
});

test('names are masked in the style the bank chose', (t) => {
  t.is(maskName('张三丰', 'keep-surname'), '张**');
  t.is(maskName('张三丰', 'keep-first-last'), '张*丰');
  t.is(maskName('张三', 'keep-first-last'), '张*');
  t.is(maskName('张', 'keep-surname'), '*');
  t.is(maskName('张三丰', 'none'), '张三丰');
  t.is(maskName('𠀀三丰', 'keep-surname'), '𠀀**', 'supplementary characters count as one');
});

test('only allow-listed request fields reach the log, masked', (t) => {
  t.deepEqual(maskedKeysOf('verifyCard', { cardNumber: '6222021234567890123', pin: '135790' }), { cardNumber: '6222 **** **** 0123' });
  t.deepEqual(maskedKeysOf('verifySignedCustomer', { customerNumber: '88000001', password: '24681357' }), { customerNumber: '**** 0001' });
  t.deepEqual(maskedKeysOf('balance', { session: 'abcdefabcdefabcdef', account: '6222020000000004' }), { account: '6222 **** **** 0004' });
  t.deepEqual(maskedKeysOf('mobilePrepay', { session: 's', account: '6222020000000004', mobile: '13900139000', amount: 1, idempotencyKey: 'k-00000001' }), {
    account: '6222 **** **** 0004',
    mobile: '139****9000',
    idempotencyKey: 'k-00000001',
  });
  t.deepEqual(maskedKeysOf('interestRates', { anything: 'else' }), {});
  t.deepEqual(maskedKeysOf('balance', null), {});
});
