// WAV header reading for prompt files: chunk order, padding, extensible
// format, truncation, and the message for files the cards cannot play.

import test from 'ava';
import { promptFormatProblem, readWavInfo } from '../../src/voice/prompts/wav-info.js';

interface Fmt {
  tag: number;
  channels: number;
  rate: number;
  bits: number;
}

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function fmtBody(f: Fmt, extensible = false): Buffer {
  const block = (f.channels * f.bits) / 8;
  const body = Buffer.alloc(extensible ? 40 : 16);
  body.writeUInt16LE(extensible ? 0xfffe : f.tag, 0);
  body.writeUInt16LE(f.channels, 2);
  body.writeUInt32LE(f.rate, 4);
  body.writeUInt32LE(f.rate * block, 8);
  body.writeUInt16LE(block, 12);
  body.writeUInt16LE(f.bits, 14);
  if (extensible) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(f.bits, 18);
    body.writeUInt16LE(f.tag, 24); // sub-format GUID starts with the format tag
  }
  return body;
}

function wav(chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

const ALAW: Fmt = { tag: 6, channels: 1, rate: 8000, bits: 8 };

test('an 8 kHz mono A-law file with a fact chunk before data (as sox writes it)', (t) => {
  const fact = Buffer.alloc(4);
  fact.writeUInt32LE(4000, 0);
  const info = readWavInfo(wav([chunk('fmt ', fmtBody(ALAW)), chunk('fact', fact), chunk('data', Buffer.alloc(4000, 0xd5))]));
  t.is(info.format, 'alaw');
  t.is(info.channels, 1);
  t.is(info.sampleRate, 8000);
  t.is(info.bitsPerSample, 8);
  t.is(info.dataBytes, 4000);
  t.is(info.durationMs, 500);
  t.is(promptFormatProblem(info), undefined);
});

test('chunks in any order, odd-sized chunks padded, extensible format', (t) => {
  const info = readWavInfo(
    wav([chunk('LIST', Buffer.from('abc')), chunk('fmt ', fmtBody({ tag: 1, channels: 1, rate: 8000, bits: 16 }, true)), chunk('data', Buffer.alloc(1600))]),
  );
  t.is(info.format, 'pcm');
  t.is(info.durationMs, 100);
  t.is(promptFormatProblem(info), undefined);
});

test('a truncated data chunk counts what is there', (t) => {
  const whole = wav([chunk('fmt ', fmtBody(ALAW)), chunk('data', Buffer.alloc(800))]);
  const info = readWavInfo(whole.subarray(0, whole.length - 400));
  t.is(info.dataBytes, 400);
  t.is(info.durationMs, 50);
});

test('files the cards cannot play are described', (t) => {
  const cd = readWavInfo(wav([chunk('fmt ', fmtBody({ tag: 1, channels: 2, rate: 44100, bits: 16 })), chunk('data', Buffer.alloc(4))]));
  t.is(promptFormatProblem(cd), '44100 Hz stereo 16-bit pcm; expected 8000 Hz mono A-law, mu-law or 16-bit PCM');
  const mp3ish = readWavInfo(wav([chunk('fmt ', fmtBody({ tag: 0x55, channels: 1, rate: 8000, bits: 8 })), chunk('data', Buffer.alloc(4))]));
  t.is(mp3ish.format, 'other');
  t.truthy(promptFormatProblem(mp3ish));
});

test('not a WAV file', (t) => {
  t.throws(() => readWavInfo(Buffer.from('ID3\u0004 not a wave file at all')), { message: /not a RIFF/ });
  t.throws(() => readWavInfo(wav([chunk('data', Buffer.alloc(10))])), { message: /no fmt chunk/ });
  t.throws(() => readWavInfo(wav([chunk('fmt ', fmtBody(ALAW))])), { message: /no data chunk/ });
});
