/** A recording in progress on a channel. */
import type { CardCore } from './core.js';
import type { RecordingEndReason } from './events.js';

export interface RecordingResult {
  reason: RecordingEndReason;
  /** Samples written to the file (8 kHz). */
  samples: number;
  path: string;
  error?: string;
}

export class Recording {
  readonly done: Promise<RecordingResult>;
  private settle!: (result: RecordingResult) => void;
  private finished = false;

  constructor(
    private readonly core: CardCore,
    readonly id: number,
    readonly span: number,
    readonly channel: number,
    readonly path: string,
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Records silence instead of audio (secure entry) until resume(). */
  async pause(): Promise<void> {
    await this.control(0);
  }

  async resume(): Promise<void> {
    await this.control(1);
  }

  /** Stops and resolves when the file is complete on disk. */
  async stop(): Promise<RecordingResult> {
    if (!this.finished) await this.control(2);
    return this.done;
  }

  /** @internal */
  finish(result: RecordingResult): void {
    if (this.finished) return;
    this.finished = true;
    this.settle(result);
  }

  private async control(action: number): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.recordingControl(req, this.span, this.channel, action, this.id));
  }
}
