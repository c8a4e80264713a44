/**
 * Who answered an outbound call: a person, an answering machine, a fax
 * machine, or nobody saying anything. The engine's answer detector
 * (native/dsp/answer_detector.h) listens to the callee from the moment this
 * is called -- right after answer -- and decides on the cadence of what it
 * hears: a short "喂" followed by silence is a person, a long greeting or a
 * beep a machine, CNG or CED a fax. Verdicts take about 1.5-3 s (at most
 * maxAnalysisMs, 5 s by default).
 *
 *   const answeredBy = await classifyAnswer(session);
 *   if (answeredBy === 'machine') ...   // leave a message, or retry later
 *
 * The verdict is noted on the session's event stream and kept in
 * session.data under ANSWER_CLASS_KEY. A call that ends before a verdict
 * counts as 'silence': nothing was heard that could be classed.
 */
import type { AnswerDetectionOptions } from '../../bindings/index.js';
import type { CallSession } from './call-session.js';

export type AnswerClass = 'person' | 'machine' | 'fax' | 'silence';

export type ClassifyAnswerOptions = AnswerDetectionOptions;

export const ANSWER_CLASS_KEY = 'answer.class';

export async function classifyAnswer(session: CallSession, options: ClassifyAnswerOptions = {}): Promise<AnswerClass> {
  if (session.ended) return 'silence';
  const detection = await session.channel.detectAnswer(options);
  const answeredBy: AnswerClass = detection.result === 'stopped' ? 'silence' : detection.result;
  session.data.set(ANSWER_CLASS_KEY, answeredBy);
  if (!session.ended) {
    session.note({
      type: 'note',
      text: detection.result === 'stopped'
        ? 'answer detection: the call ended before a verdict'
        : `answer detection: ${answeredBy} after ${detection.afterMs} ms (longest utterance ${detection.speechMs} ms)`,
    });
  }
  return answeredBy;
}
