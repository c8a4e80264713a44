/**
 * Who answered a campaign's call: a person, an answering machine, a fax machine, or nobody
 * (silence). Answering-machine detection plugs in here; without one, every answered call is
 * taken for a person.
 */
import type { CallSession } from '../../telephony/call-session.js';

export type AnswerKind = 'person' | 'machine' | 'fax' | 'silence';

export type AnswerClassifier = (session: CallSession) => Promise<AnswerKind>;

export const everyAnswerIsAPerson: AnswerClassifier = async () => 'person';
