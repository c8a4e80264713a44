import test from 'ava';
import { checkFraming, FrameDecoder, FrameError, writePrefix, type FramingOptions } from '../../src/gateway/tcp/framing.js';

const ascii6: FramingOptions = { prefix: { kind: 'ascii', digits: 6 }, maxFrameBytes: 1024 };

function frame(options: FramingOptions, body: string): Buffer {
  const payload = Buffer.from(body, 'latin1');
  const width = options.prefix.kind === 'ascii' ? options.prefix.digits : options.prefix.bytes;
  const buf = Buffer.alloc(width + payload.length);
  writePrefix(options.prefix, payload.length, buf, 0);
  payload.copy(buf, width);
  return buf;
}

test('frames split across chunks, one byte at a time, come out whole', (t) => {
  const decoder = new FrameDecoder(ascii6);
  const stream = Buffer.concat([frame(ascii6, 'hello'), frame(ascii6, 'world!')]);
  const out: string[] = [];
  for (const byte of stream) out.push(...decoder.push(Buffer.from([byte])).map((f) => f.toString('latin1')));
  t.deepEqual(out, ['hello', 'world!']);
  t.is(decoder.bufferedBytes, 0);
});

test('several frames in one chunk, and a partial one kept for later', (t) => {
  const decoder = new FrameDecoder(ascii6);
  const third = frame(ascii6, 'third');
  const chunk = Buffer.concat([frame(ascii6, 'a'), frame(ascii6, 'bb'), third.subarray(0, 8)]);
  t.deepEqual(decoder.push(chunk).map((f) => f.toString('latin1')), ['a', 'bb']);
  t.is(decoder.bufferedBytes, 8);
  t.deepEqual(decoder.push(third.subarray(8)).map((f) => f.toString('latin1')), ['third']);
});

test('a zero length is a heartbeat and yields nothing', (t) => {
  const decoder = new FrameDecoder(ascii6);
  t.deepEqual(decoder.push(Buffer.from('000000000000')), []);
  t.deepEqual(decoder.push(frame(ascii6, 'x')).map((f) => f.toString()), ['x']);
});

test('binary prefixes of 2 and 4 bytes', (t) => {
  for (const bytes of [2, 4] as const) {
    const options: FramingOptions = { prefix: { kind: 'binary', bytes }, maxFrameBytes: 1024 };
    const decoder = new FrameDecoder(options);
    t.deepEqual(decoder.push(Buffer.concat([frame(options, 'abc'), frame(options, '汉')])).length, 2);
  }
});

test('a prefix that is not digits is a framing error, and the decoder stays failed', (t) => {
  const decoder = new FrameDecoder(ascii6);
  const error = t.throws(() => decoder.push(Buffer.from('GET / HTTP/1.1\r\n')), { instanceOf: FrameError });
  t.regex(error?.message ?? '', /length prefix is not 6 digits: "GET \/ "/);
  t.throws(() => decoder.push(frame(ascii6, 'ok')), { message: /out of step/ });
});

test('a huge length prefix is refused before any body arrives', (t) => {
  const decoder = new FrameDecoder(ascii6);
  t.throws(() => decoder.push(Buffer.from('999999')), { message: /frame of 999999 bytes exceeds the 1024-byte limit/ });
  const binary = new FrameDecoder({ prefix: { kind: 'binary', bytes: 4 }, maxFrameBytes: 1024 });
  t.throws(() => binary.push(Buffer.from([0xff, 0xff, 0xff, 0xff])), { message: /4294967295 bytes exceeds/ });
});

test('framing settings are checked', (t) => {
  t.throws(() => checkFraming({ prefix: { kind: 'ascii', digits: 4 }, maxFrameBytes: 20_000 }), { message: /64\.\.9999/ });
  t.throws(() => checkFraming({ prefix: { kind: 'ascii', digits: 1 }, maxFrameBytes: 100 }), { message: /2-9 digits/ });
  t.notThrows(() => checkFraming({ prefix: { kind: 'binary', bytes: 2 }, maxFrameBytes: 65535 }));
});
