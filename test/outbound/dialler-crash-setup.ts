/** What the crash test's two servers share: the numbers, how their lines answer, the flow, the retry rules. */
import type { SimNetwork } from '../../src/telephony/simnet/sim-network.js';

export const CRASH_NUMBERS = Array.from({ length: 16 }, (_, i) => `1370000${String(i).padStart(4, '0')}`);

/** Every fourth line is busy; the others answer and listen for 8 s. */
export function CRASH_LINES(network: SimNetwork): void {
  CRASH_NUMBERS.forEach((phone, i) => network.setLine(phone, i % 4 === 3 ? { kind: 'busy' } : { kind: 'answer', ringMs: 2000, hangupAfterMs: 8000 }));
}

export const CRASH_FLOW = {
  start: 'wait',
  nodes: {
    wait: { type: 'collect', prompts: ['welcome'], min: 1, max: 1, terminator: '', firstDigitTimeoutMs: 30_000, into: 'survey_reply', retries: 0, next: 'bye', onFail: 'bye' },
    bye: { type: 'hangup', prompts: ['goodbye'] },
  },
};

export const CRASH_RETRIES = {
  busy: { retries: 5, intervalMinutes: 1 },
  no_answer: { retries: 0, intervalMinutes: 60 },
  machine: { retries: 0, intervalMinutes: 60 },
  fax: { retries: 0, intervalMinutes: 60 },
  congestion: { retries: 0, intervalMinutes: 5 },
  failed: { retries: 2, intervalMinutes: 1 },
};
