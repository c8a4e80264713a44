/**
 * Property tests of the TCP gateway's fixed-length codec and framing: whatever the layout and
 * the values that fit it, encoding then decoding gives the values back; whatever bytes arrive,
 * decoding fails only with the documented errors (CodecError, MessageError, FrameError); and
 * frames come out the same however the byte stream is cut into chunks.
 */
import test from 'ava';
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { CodecError, compileRecord } from '../../src/gateway/tcp/fixed-length-codec.js';
import { FrameDecoder, FrameError, writePrefix, type FramingOptions } from '../../src/gateway/tcp/framing.js';
import type { ScalarField } from '../../src/gateway/tcp/layout.js';
import { MessageCodec, MessageError } from '../../src/gateway/tcp/message-codec.js';
import { textEncoding, type TextEncodingName } from '../../src/gateway/tcp/text-encoding.js';
import { operationNames } from '../../src/gateway/core-banking.js';
import { sampleRequests, sampleResults } from '../gateway/sample-messages.js';
import { propertyRuns } from './runs.js';

/** A scalar field and a value that fits it (undefined: an optional field left empty). */
type FieldCase = { field: ScalarField; value: unknown };

const chinese = fc.constantFrom(...'余额转账账户密码银行北京上海广州电费水费手机充值查询');
const asciiText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
/** Text with inner spaces and Chinese, never ending in the pad (trailing pad is not kept). */
const text = fc
  .array(fc.oneof(asciiText, chinese, fc.constant(' ')), { maxLength: 6 })
  .map((parts) => parts.join('').replace(/ +$/, ''));

const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m, s]) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(':'));

function fieldCase(name: string, encoding: TextEncodingName): fc.Arbitrary<FieldCase> {
  const optional = fc.boolean();
  const maybe = (value: fc.Arbitrary<unknown>, isOptional: boolean) => (isOptional ? fc.option(value, { nil: undefined }) : value);
  return fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 15 }), optional).chain(([width, o]) =>
      maybe(fc.integer({ min: 0, max: 10 ** width - 1 }), o).map((value) => ({ field: { name, type: 'N', width, optional: o } as ScalarField, value }))),
    fc.tuple(fc.integer({ min: 2, max: 16 }), optional).chain(([width, o]) =>
      maybe(fc.integer({ min: -(10 ** (width - 1) - 1), max: 10 ** (width - 1) - 1 }), o).map((value) => ({ field: { name, type: 'amount', width, optional: o } as ScalarField, value }))),
    optional.chain((o) => maybe(date, o).map((value) => ({ field: { name, type: 'date', width: 8, optional: o } as ScalarField, value }))),
    optional.chain((o) => maybe(time, o).map((value) => ({ field: { name, type: 'time', width: 6, optional: o } as ScalarField, value }))),
    optional.chain((o) => maybe(fc.boolean(), o).map((value) => ({ field: { name, type: 'flag', width: 1, optional: o } as ScalarField, value }))),
    // Required text only: an optional AN field holding "" reads back as absent, by design.
    text.map((value) => {
      const bytes = textEncoding(encoding).encode(value).length;
      return { field: { name, type: 'AN', width: Math.max(1, bytes) + 3 } as ScalarField, value };
    }),
  );
}

const record = (encoding: TextEncodingName) =>
  fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fieldCase(`f${i}`, encoding))));

for (const encoding of ['gb18030', 'utf8'] as const) {
  test(`${encoding}: any values that fit their layout come back unchanged`, (t) => {
    fc.assert(
      fc.property(record(encoding), (cases) => {
        const codec = compileRecord('record', cases.map((c) => c.field), textEncoding(encoding));
        const values: Record<string, unknown> = {};
        for (const c of cases) if (c.value !== undefined) values[c.field.name] = c.value;
        const buf = Buffer.alloc(codec.measure(values));
        const end = codec.write(values, buf, 0);
        if (end !== buf.length) return false;
        deepStrictEqual(codec.read(buf, 0, buf.length), values);
        return true;
      }),
      propertyRuns(300),
    );
    t.pass();
  });
}

/** Runs `decode`; anything but the documented errors fails the property. */
function onlyDocumentedErrors(decode: () => unknown, documented: Array<new (...args: never[]) => Error>): boolean {
  try {
    decode();
    return true;
  } catch (error) {
    if (documented.some((type) => error instanceof type)) return true;
    throw error;
  }
}

test('any bytes read against a layout fail only with CodecError', (t) => {
  fc.assert(
    fc.property(record('gb18030'), fc.uint8Array({ maxLength: 200 }), (cases, bytes) => {
      const codec = compileRecord('record', cases.map((c) => c.field), textEncoding('gb18030'));
      const buf = Buffer.from(bytes);
      return onlyDocumentedErrors(() => codec.read(buf, 0, buf.length), [CodecError]);
    }),
    propertyRuns(500),
  );
  t.pass();
});

const codecs = { gb18030: new MessageCodec({ encoding: 'gb18030' }), utf8: new MessageCodec({ encoding: 'utf8' }) };
const validRequests = operationNames.map((op) => codecs.gb18030.encodeRequest(op, 7, sampleRequests[op] as Record<string, unknown>).subarray(6));
const validResponses = operationNames.map((op) => codecs.gb18030.encodeSuccess(op, 7, sampleResults[op] as Record<string, unknown>).subarray(6));

/** A real message with some bytes changed, cut short or extended: the hostile inputs that look most like the real thing. */
const mutated = (messages: Buffer[]) =>
  fc.tuple(
    fc.constantFrom(...messages),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.uint8Array({ maxLength: 16 }),
  ).map(([message, edits, cut, tail]) => {
    const buf = Buffer.from(message);
    for (const [at, byte] of edits) buf[at % buf.length] = byte;
    return Buffer.concat([cut === undefined ? buf : buf.subarray(0, cut % (buf.length + 1)), Buffer.from(tail)]);
  });

test('requests and responses, garbled or random, decode or fail only with MessageError', (t) => {
  const payload = fc.oneof(mutated(validRequests), mutated(validResponses), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)));
  fc.assert(
    fc.property(payload, fc.constantFrom('gb18030', 'utf8') as fc.Arbitrary<TextEncodingName>, (buf, encoding) =>
      onlyDocumentedErrors(() => codecs[encoding].decodeRequest(buf), [MessageError]) &&
      onlyDocumentedErrors(() => codecs[encoding].decodeResponse(buf), [MessageError])),
    propertyRuns(1000),
  );
  t.pass();
});

test('positive control: the untouched sample messages decode', (t) => {
  for (const [i, op] of operationNames.entries()) {
    t.is(codecs.gb18030.decodeRequest(validRequests[i]!).operation, op);
    t.like(codecs.gb18030.decodeResponse(validResponses[i]!), { kind: 'success', operation: op });
  }
});

const framings: FramingOptions[] = [
  { prefix: { kind: 'ascii', digits: 6 }, maxFrameBytes: 4096 },
  { prefix: { kind: 'ascii', digits: 4 }, maxFrameBytes: 4096 },
  { prefix: { kind: 'binary', bytes: 2 }, maxFrameBytes: 4096 },
  { prefix: { kind: 'binary', bytes: 4 }, maxFrameBytes: 4096 },
];

function framed(options: FramingOptions, payloads: Uint8Array[]): Buffer {
  const width = options.prefix.kind === 'ascii' ? options.prefix.digits : options.prefix.bytes;
  return Buffer.concat(payloads.map((p) => {
    const buf = Buffer.alloc(width + p.length);
    writePrefix(options.prefix, p.length, buf, 0);
    buf.set(p, width);
    return buf;
  }));
}

test('frames come out the same however the stream is cut into chunks (empty frames are heartbeats)', (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom(...framings),
      fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      (options, payloads, cuts) => {
        const stream = framed(options, payloads);
        const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const decoder = new FrameDecoder(options);
        const out: Buffer[] = [];
        let from = 0;
        for (const cut of [...at, stream.length]) {
          out.push(...decoder.push(stream.subarray(from, cut)).map((f) => Buffer.from(f)));
          from = cut;
        }
        deepStrictEqual(out, payloads.filter((p) => p.length > 0).map((p) => Buffer.from(p)));
        return decoder.bufferedBytes === 0;
      },
    ),
    propertyRuns(300),
  );
  t.pass();
});

test('any byte stream is split into frames or refused with FrameError, and stays refused', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...framings), fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (options, chunks) => {
      const decoder = new FrameDecoder({ ...options, maxFrameBytes: 64 });
      let failed = false;
      for (const chunk of chunks) {
        try {
          for (const frame of decoder.push(Buffer.from(chunk))) if (frame.length === 0 || frame.length > 64) return false;
          if (failed) return false; // out of step must stay out of step
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
          failed = true;
        }
      }
      return true;
    }),
    propertyRuns(1000),
  );
  t.pass();
});
