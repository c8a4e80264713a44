import test from 'ava';
import iconv from 'iconv-lite';
import { operationNames, operations } from '../../src/gateway/core-banking.js';
import { compileRecord, CodecError } from '../../src/gateway/tcp/fixed-length-codec.js';
import { FrameDecoder } from '../../src/gateway/tcp/framing.js';
import { MessageCodec, MessageError } from '../../src/gateway/tcp/message-codec.js';
import { headerLayout, messageLayouts } from '../../src/gateway/tcp/message-layouts.js';
import { textEncoding, type TextEncodingName } from '../../src/gateway/tcp/text-encoding.js';
import { sampleRequests, sampleResults } from './sample-messages.js';

const encodings: TextEncodingName[] = ['gb18030', 'utf8'];
const headerBytes = 39;

/** Strips the 6-digit ASCII prefix, checking that it states the payload length. */
function payloadOf(t: { is(a: unknown, b: unknown): void }, frame: Buffer): Buffer {
  const frames = new FrameDecoder({ prefix: { kind: 'ascii', digits: 6 }, maxFrameBytes: 64 * 1024 }).push(frame);
  t.is(frames.length, 1);
  t.is(Number(frame.toString('latin1', 0, 6)), frame.length - 6);
  return frames[0] ?? Buffer.alloc(0);
}

test('the header is 39 bytes wide as laid out', (t) => {
  t.is(headerLayout.reduce((sum, f) => sum + (f.type === 'group' || f.type === 'list' ? 0 : f.width), 0), headerBytes);
});

for (const encoding of encodings) {
  const codec = new MessageCodec({ encoding });

  for (const operation of operationNames) {
    test(`${encoding}: ${operation} request round-trips and validates`, (t) => {
      const request = sampleRequests[operation];
      const frame = codec.encodeRequest(operation, 123_456_789_012, request as Record<string, unknown>);
      const decoded = codec.decodeRequest(payloadOf(t, frame));
      t.is(decoded.operation, operation);
      t.is(decoded.header.txCode, messageLayouts[operation].txCode);
      t.is(decoded.header.requestId, 123_456_789_012);
      t.is(decoded.header.direction, 'Q');
      t.deepEqual(decoded.fields, request);
      t.true(operations[operation].request.safeParse(decoded.fields).success);
    });

    test(`${encoding}: ${operation} response round-trips and validates`, (t) => {
      const result = sampleResults[operation];
      const frame = codec.encodeSuccess(operation, 7, result);
      const decoded = codec.decodeResponse(payloadOf(t, frame));
      if (decoded.kind !== 'success') return t.fail(`decoded as ${decoded.kind}`);
      t.is(decoded.operation, operation);
      t.is(decoded.header.requestId, 7);
      const { ok: _ok, ...fields } = result;
      t.deepEqual(decoded.fields, fields);
      t.true(operations[operation].result.safeParse({ ok: true, ...decoded.fields }).success);
    });
  }

  test(`${encoding}: a business failure round-trips with its code, attempts and message`, (t) => {
    const frame = codec.encodeFailure(1002, 9, { code: 'WRONG_PASSWORD', attemptsLeft: 2, message: '密码错误' });
    const decoded = codec.decodeResponse(payloadOf(t, frame));
    if (decoded.kind !== 'failure') return t.fail(decoded.kind);
    t.is(decoded.code, 'WRONG_PASSWORD');
    t.is(decoded.operation, 'verifyCard');
    t.deepEqual(decoded.fields, { attemptsLeft: 2, message: '密码错误' });
    t.is(decoded.header.respCode, 'B101');
  });

  test(`${encoding}: a system error round-trips`, (t) => {
    const decoded = codec.decodeResponse(payloadOf(t, codec.encodeSystemError(2001, 5, 'S503', '核心系统繁忙')));
    if (decoded.kind !== 'system') return t.fail(decoded.kind);
    t.is(decoded.respCode, 'S503');
    t.is(decoded.message, '核心系统繁忙');
  });
}

test('GB18030: Chinese text takes two bytes a character, four for supplementary ones, padded to the exact width', (t) => {
  const codec = new MessageCodec({ encoding: 'gb18030' });
  const result = { ...sampleResults.customerProfile, name: '陈静𠀀', city: '广州' };
  const payload = payloadOf(t, codec.encodeSuccess('customerProfile', 1, result));
  // customerId AN20, kind AN10, then name AN60.
  const nameStart = headerBytes + 20 + 10;
  const nameField = payload.subarray(nameStart, nameStart + 60);
  const expected = Buffer.concat([iconv.encode('陈静', 'gb18030'), Buffer.from([0x95, 0x32, 0x82, 0x36])]);
  t.is(expected.length, 8);
  t.deepEqual(nameField.subarray(0, 8), expected);
  t.true(nameField.subarray(8).every((byte) => byte === 0x20));
  // segment AN10, vip 1, city AN20: 广州 is 4 bytes.
  const cityStart = nameStart + 60 + 10 + 1;
  t.deepEqual(payload.subarray(cityStart, cityStart + 4), iconv.encode('广州', 'gb18030'));
  t.is(payload.subarray(cityStart + 4, cityStart + 20).toString('latin1'), ' '.repeat(16));
  // The whole message is fixed-width: header + the layout's widths.
  const widths = 20 + 10 + 60 + 10 + 1 + 20 + 2 + 1 * (8 + 12 + 60);
  t.is(payload.length, headerBytes + widths);
});

test('text longer than a truncating field is cut on a character boundary in either encoding', (t) => {
  for (const encoding of encodings) {
    const record = compileRecord('t', [{ name: 's', type: 'AN', width: 60, overflow: 'truncate' }], textEncoding(encoding));
    const text = `A${'汉'.repeat(40)}`;
    const buf = Buffer.alloc(60);
    record.write({ s: text }, buf, 0);
    const decoded = record.read(buf, 0, 60)['s'] as string;
    const perChar = encoding === 'gb18030' ? 2 : 3;
    t.is(decoded, `A${'汉'.repeat(Math.floor(59 / perChar))}`, encoding);
    t.false(decoded.includes('\ufffd'));
    const used = 1 + Math.floor(59 / perChar) * perChar;
    t.is(buf.subarray(used).toString('latin1'), ' '.repeat(60 - used));
  }
  // A four-byte GB18030 character that does not fit whole is left out whole.
  const gb = compileRecord('t', [{ name: 's', type: 'AN', width: 5, overflow: 'truncate' }], textEncoding('gb18030'));
  const buf = Buffer.alloc(5);
  gb.write({ s: '汉𠀀' }, buf, 0);
  t.is(gb.read(buf, 0, 5)['s'], '汉');
});

test('text too long for a non-truncating field is an error naming the field', (t) => {
  const codec = new MessageCodec({ encoding: 'utf8' });
  const error = t.throws(() => codec.encodeRequest('balance', 1, { session: 'x'.repeat(33), account: '1' }), { instanceOf: CodecError });
  t.regex(error?.message ?? '', /balance\.request\.session: 33 bytes of utf8 do not fit in 32/);
});

test('encoding rejects values of the wrong kind, naming the field', (t) => {
  const text = textEncoding('utf8');
  const record = compileRecord('r', [
    { name: 'n', type: 'N', width: 3 },
    { name: 'a', type: 'amount', width: 5 },
    { name: 'd', type: 'date', width: 8 },
    { name: 'f', type: 'flag', width: 1 },
  ], text);
  const good = { n: 5, a: -12, d: '2025-03-14', f: true };
  const buf = Buffer.alloc(17);
  record.write(good, buf, 0);
  t.is(buf.toString('latin1'), '005-001220250314Y');
  t.deepEqual(record.read(buf, 0, 17), good);
  t.throws(() => record.write({ ...good, n: 1000 }, buf, 0), { message: /r\.n: 4 digits do not fit in 3/ });
  t.throws(() => record.write({ ...good, n: -1 }, buf, 0), { message: /r\.n: expected a non-negative integer/ });
  t.throws(() => record.write({ ...good, a: 12345 }, buf, 0), { message: /r\.a: 5 digits do not fit in 4/ });
  t.throws(() => record.write({ ...good, d: '2025-02-30' }, buf, 0), { message: /r\.d: expected a YYYY-MM-DD date/ });
  t.throws(() => record.write({ ...good, f: 'Y' }, buf, 0), { message: /r\.f: expected a boolean/ });
  t.throws(() => record.write({ n: 1, a: 1, d: '2025-01-01' }, buf, 0), { message: /r\.f: required/ });
});

test('layouts are checked when compiled', (t) => {
  const text = textEncoding('utf8');
  t.throws(() => compileRecord('x', [{ name: 'd', type: 'date', width: 10 }], text), { message: /date is 8 wide/ });
  t.throws(() => compileRecord('x', [{ name: 'a', type: 'AN', width: 2 }, { name: 'a', type: 'AN', width: 2 }], text), { message: /duplicate/ });
  t.throws(() => compileRecord('x', [{ name: 'g', type: 'group', countWidth: 1, max: 10, fields: [] }], text), { message: /count width/ });
});

// ---- garbage in ----------------------------------------------------------------------------

const utf8 = new MessageCodec({ encoding: 'utf8' });

function validBalanceResponse(): Buffer {
  const frame = utf8.encodeSuccess('balance', 77, sampleResults.balance);
  return frame.subarray(6);
}

test('decoding rejects a message shorter than the header', (t) => {
  const error = t.throws(() => utf8.decodeResponse(Buffer.from('2001R0000')), { instanceOf: MessageError });
  t.regex(error?.message ?? '', /shorter than the 39-byte header/);
  t.is(error?.header, undefined);
});

test('decoding rejects a truncated body, keeping the header for the reply', (t) => {
  const payload = validBalanceResponse();
  const error = t.throws(() => utf8.decodeResponse(payload.subarray(0, payload.length - 5)), { instanceOf: MessageError });
  t.regex(error?.message ?? '', /availableBalance .*message too short/);
  t.is(error?.header?.requestId, 77);
});

test('decoding rejects extra bytes after the last field', (t) => {
  const error = t.throws(() => utf8.decodeResponse(Buffer.concat([validBalanceResponse(), Buffer.from('xx')])), { instanceOf: MessageError });
  t.regex(error?.message ?? '', /2 unexpected bytes after the last field/);
});

test('decoding rejects junk in numeric, amount, date and flag fields with the byte range', (t) => {
  const payload = Buffer.from(validBalanceResponse());
  const amountAt = headerBytes + 32 + 3;
  const junkAmount = Buffer.from(payload);
  junkAmount.write('*', amountAt, 'latin1');
  t.throws(() => utf8.decodeResponse(junkAmount), { message: /ledgerBalance \(bytes 74-90\): not an amount/ });

  const junkDigits = Buffer.from(payload);
  junkDigits.write('12a4', amountAt + 5, 'latin1');
  t.throws(() => utf8.decodeResponse(junkDigits), { message: /ledgerBalance.*not an amount/ });

  const badHeaderId = Buffer.from(payload);
  badHeaderId.write('ABCDEFGHIJKL', 5, 'latin1');
  t.throws(() => utf8.decodeResponse(badHeaderId), { message: /header\.requestId \(bytes 5-16\): not a number/ });

  const badDate = Buffer.from(payload);
  badDate.write('20250230', 21, 'latin1');
  t.throws(() => utf8.decodeResponse(badDate), { message: /header\.sentDate.*not a date/ });

  const badDirection = Buffer.from(payload);
  badDirection.write('X', 4, 'latin1');
  t.throws(() => utf8.decodeResponse(badDirection), { message: /neither Q nor R/ });

  const blank = Buffer.from(payload);
  blank.fill(0x20, amountAt, amountAt + 17);
  t.throws(() => utf8.decodeResponse(blank), { message: /ledgerBalance.*required field is blank/ });
});

test('decoding rejects a group count above its maximum or beyond the message', (t) => {
  const frame = utf8.encodeSuccess('recentTransactions', 3, { ...sampleResults.recentTransactions, transactions: [] });
  const payload = Buffer.from(frame.subarray(6));
  const countAt = headerBytes + 32;
  payload.write('11', countAt, 'latin1');
  t.throws(() => utf8.decodeResponse(payload), { message: /transactions: count 11 exceeds 10/ });
  payload.write('03', countAt, 'latin1');
  t.throws(() => utf8.decodeResponse(payload), { message: /transactions: count 3 needs 534 bytes, only 0 left/ });
});

test('decoding rejects unknown transaction and response codes, and a request where a response belongs', (t) => {
  const request = utf8.encodeRequest('balance', 1, sampleRequests.balance).subarray(6);
  t.throws(() => utf8.decodeResponse(request), { message: /expected a response, got direction Q/ });
  const unknownTx = Buffer.from(request);
  unknownTx.write('9999', 0, 'latin1');
  const error = t.throws(() => utf8.decodeRequest(unknownTx), { instanceOf: MessageError });
  t.regex(error?.message ?? '', /unknown txCode 9999/);
  t.is(error?.header?.requestId, 1);
  const response = Buffer.from(validBalanceResponse());
  response.write('Z123', 35, 'latin1');
  t.throws(() => utf8.decodeResponse(response), { message: /unknown response code "Z123"/ });
});

test('random junk never escapes as anything but a MessageError', (t) => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const base = validBalanceResponse();
  for (let i = 0; i < 500; i++) {
    const junk = Buffer.from(base);
    for (let k = 0; k < 1 + (next() % 6); k++) junk[next() % junk.length] = next() % 256;
    const cut = next() % 3 === 0 ? junk.subarray(0, next() % junk.length) : junk;
    try {
      utf8.decodeResponse(cut);
    } catch (error) {
      if (!(error instanceof MessageError)) return t.fail(`escaped: ${String(error)}`);
    }
  }
  t.pass();
});
