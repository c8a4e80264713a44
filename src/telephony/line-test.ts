/**
 * The line-test number: for engineers checking trunks and phones. It answers,
 * says what it does, then reads back every key it detects until the caller
 * hangs up (or a minute passes with no key).
 */
import { readKey, type Key } from '../voice/readings/index.js';
import type { CallHandler } from './handlers.js';

export const lineTest: CallHandler = async ({ session, prompts }) => {
  await session.answer();
  await session.play(prompts.prompts(['linetest.intro'], session.lang), { bargeIn: true });
  while (!session.ended) {
    const key = await session.nextDigit(60_000);
    if (key === undefined) break;
    const spoken = [...prompts.prompts(['linetest.pressed'], session.lang), ...prompts.tokens(readKey(key as Key, session.lang), session.lang)];
    await session.play(spoken);
  }
};
