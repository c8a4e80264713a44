/** A prompt ready to play: its catalog id (or a label), its text, and the file. */
export interface PromptRef {
  id: string;
  text?: string;
  /** A WAV file path, or 8 kHz linear samples. */
  file: string | Int16Array;
  /** Reads something secret (e.g. digits of a card number): masked in events. */
  sensitive?: boolean;
}
