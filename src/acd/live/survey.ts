/**
 * The post-call satisfaction survey (满意度调查): a short IVR the agent hands the customer to,
 * or that follows the call when the queue says so. It asks once, repeats once after a wrong key
 * or silence, and thanks the caller. The rating is the position of the key in menu.survey
 * (1 very satisfied, 2 satisfied, 3 dissatisfied); null when the caller did not answer.
 */
import { menuOptions } from '../../voice/prompts/index.js';
import type { CallSession, PromptRef } from '../../telephony/call-session.js';
import type { PromptLibrary } from '../../voice/prompt-library.js';

function promptsOrNone(prompts: PromptLibrary, ids: string[], lang: 'zh' | 'en'): PromptRef[] {
  try {
    return prompts.prompts(ids, lang);
  } catch {
    return [];
  }
}

export async function runSurvey(session: CallSession, prompts: PromptLibrary): Promise<number | null> {
  const lang = session.lang;
  const keys = menuOptions('menu.survey').map((o) => o.key);
  session.flushDigits();
  for (let attempt = 0; attempt < 2; attempt++) {
    const ask = promptsOrNone(prompts, attempt === 0 ? ['survey.intro', 'menu.survey'] : ['input.invalid', 'menu.survey'], lang);
    const answer = await session.collect({ min: 1, max: 1, terminator: '', prompts: ask, firstDigitTimeoutMs: 6000, purpose: 'survey' });
    if (answer.reason === 'hangup') return null;
    const index = keys.indexOf(answer.digits as (typeof keys)[number]);
    if (index >= 0) {
      await session.play(promptsOrNone(prompts, ['survey.thanks'], lang));
      return index + 1;
    }
  }
  await session.play(promptsOrNone(prompts, ['goodbye'], lang));
  return null;
}
