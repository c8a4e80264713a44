/**
 * Refusals of the voice prompts the back office manages, with their stable codes: an upload
 * that is not a usable recording, and a revert with nothing to revert.
 */
import { DomainError, defineErrorCodes } from '../http/domain-error.js';

export const voiceErrors = defineErrorCodes('voice', {
  /** Not a recording in an audio format sox reads. */
  not_audio: 'invalid',
  /** A recording that holds no sound. */
  audio_empty: 'invalid',
  /** Longer than a prompt may last. */
  audio_too_long: 'invalid',
  /** The prompt has no uploaded recording in that language to remove. */
  no_uploaded_prompt: 'not_found',
});

export type VoiceErrorCode = keyof typeof voiceErrors;

export class VoiceError extends DomainError {
  override readonly name: string = 'VoiceError';
  declare readonly code: VoiceErrorCode;

  constructor(code: VoiceErrorCode, message: string) {
    super(voiceErrors[code], message);
  }
}
