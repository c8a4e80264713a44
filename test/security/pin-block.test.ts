/**
 * ISO 9564 PIN blocks: the clear fields against published examples, the encipherment against
 * the openssl command (an independent implementation of TDEA and AES), and round trips.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import {
  decipherFormat0,
  decipherFormat4,
  decipherPinBlock,
  encipherFormat0,
  encipherFormat4,
  encipherPinBlock,
  format0ClearBlock,
  format0PanField,
  format0PinField,
  format4PanField,
  format4PinField,
  PinBlockError,
} from '../../src/gateway/pin-block/iso9564.js';
import { PinBlocks } from '../../src/gateway/pin-block/pin-blocks.js';

const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const tdeaKey = Buffer.from('0123456789ABCDEFFEDCBA9876543210', 'hex');
const aesKey = Buffer.from('2B7E151628AED2A6ABF7158809CF4F3C', 'hex');

function opensslEcb(cipher: string, key: Buffer, data: Buffer): Buffer {
  return execFileSync('openssl', ['enc', `-${cipher}`, '-K', key.toString('hex'), '-nopad', '-nosalt'], { input: data });
}

test('format 0: the published example (PIN 1234, PAN 43219876543210987)', (t) => {
  t.is(hex(format0PinField('1234')), '041234FFFFFFFFFF');
  t.is(hex(format0PanField('43219876543210987')), '0000987654321098');
  t.is(hex(format0ClearBlock('1234', '43219876543210987')), '0412AC89ABCDEF67');
});

test('format 0: control nibble 0, length nibble, F padding, PAN field of the 12 digits before the check digit', (t) => {
  t.is(hex(format0PinField('135790')), '06135790FFFFFFFF');
  t.is(hex(format0PinField('24681357')), '0824681357FFFFFF');
  // 19-digit card: drop the check digit (3), keep the 12 digits before it.
  t.is(hex(format0PanField('6222021234567890123')), '0000123456789012');
  // A short account is left-padded with zeros.
  t.is(hex(format0PanField('80001')), '0000000000008000');
});

test('format 0: enciphered under double-length TDEA exactly as openssl des-ede does', (t) => {
  const clear = format0ClearBlock('135790', '6222021234567890123');
  const block = encipherFormat0('135790', '6222021234567890123', tdeaKey);
  t.is(block.length, 8);
  t.is(hex(block), hex(opensslEcb('des-ede', tdeaKey, clear)));
  t.is(decipherFormat0(block, '6222021234567890123', tdeaKey), '135790');
});

test('format 4: the PIN and PAN fields of the ANSI X9.24-3 example (PIN 1234, PAN 4111111111111111)', (t) => {
  const fill = Buffer.from('0123456789ABCDEF', 'hex');
  t.is(hex(format4PinField('1234', () => fill)), '441234AAAAAAAAAA0123456789ABCDEF');
  t.is(hex(format4PanField('4111111111111111')), '44111111111111111000000000000000');
  // Shorter than 12 digits: length indicator 0, left-padded to 12.
  t.is(hex(format4PanField('123456789')), '00001234567890000000000000000000');
  // Odd PIN length.
  t.is(hex(format4PinField('12345', () => fill)).slice(0, 16), '4512345AAAAAAAAA');
});

test('format 4: AES(K, AES(K, PIN field) XOR PAN field), as openssl aes-128-ecb computes it', (t) => {
  const fill = Buffer.from('F1E2D3C4B5A69788', 'hex');
  const block = encipherFormat4('1234', '4111111111111111', aesKey, () => fill);
  const intermediate = opensslEcb('aes-128-ecb', aesKey, format4PinField('1234', () => fill));
  const panField = format4PanField('4111111111111111');
  const xored = Buffer.from(intermediate.map((byte, i) => byte ^ panField[i]!));
  t.is(hex(block), hex(opensslEcb('aes-128-ecb', aesKey, xored)));
  t.is(decipherFormat4(block, '4111111111111111', aesKey), '1234');
});

test('format 4: the random fill makes every block of one PIN different; all open to the PIN', (t) => {
  const blocks = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const block = encipherPinBlock('iso4', '444444', '6222020000000004', aesKey);
    t.regex(block, /^[0-9A-F]{32}$/);
    blocks.add(block);
    t.is(decipherPinBlock('iso4', block, '6222020000000004', aesKey), '444444');
  }
  t.is(blocks.size, 20);
});

test('a block opened with the wrong key or account is refused, never misread', (t) => {
  for (const format of ['iso0', 'iso4'] as const) {
    const key = format === 'iso0' ? tdeaKey : aesKey;
    const block = encipherPinBlock(format, '135790', '6222021234567890123', key);
    const otherKey = Buffer.from(key.map((b) => b ^ 0x5a));
    t.throws(() => decipherPinBlock(format, block, '6222021234567890123', otherKey), { instanceOf: PinBlockError });
    t.throws(() => decipherPinBlock(format, block, '6222029999999999993', key), { instanceOf: PinBlockError });
    t.throws(() => decipherPinBlock(format, 'XYZ', '6222021234567890123', key), { instanceOf: PinBlockError });
  }
});

test('PinBlocks swaps every PIN and password of a request for its block, and back', (t) => {
  for (const [format, key] of [['iso0', tdeaKey], ['iso4', aesKey]] as const) {
    const blocks = new PinBlocks(format, key);
    const request = { session: 'S'.repeat(16), account: '1001200030004004', oldPassword: '24681357', newPassword: '97531864' };
    const wire = blocks.protect('changePassword', request);
    t.deepEqual(Object.keys(wire).sort(), ['account', 'newPasswordBlock', 'oldPasswordBlock', 'session']);
    t.false(JSON.stringify(wire).includes('24681357'));
    t.false(JSON.stringify(wire).includes('97531864'));
    t.deepEqual(blocks.reveal('changePassword', wire), request);
    // Requests without secrets pass unchanged; a clear secret is refused by the receiving side.
    t.deepEqual(blocks.protect('balance', { session: 'x', account: '1' }), { session: 'x', account: '1' });
    t.throws(() => blocks.reveal('verifyCard', { cardNumber: '6222020000000004', pin: '444444' }), { instanceOf: PinBlockError });
  }
});
