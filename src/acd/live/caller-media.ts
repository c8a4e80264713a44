/**
 * What a waiting (or held) caller hears: music — a tone cadence per music class, looping by
 * itself on the card — interrupted by announcements (position, expected wait), which are
 * prompts played through the call session (so they appear in its events and the simulator).
 *
 * Commands to the channel are issued in call order and never awaited by the caller of these
 * methods: a caller who hangs up in the middle makes them fail quietly.
 */
import type { CallSession, PromptRef } from '../../telephony/call-session.js';

/** Default music: a soft three-note phrase and a pause, below 700 Hz (away from DTMF). */
export const DEFAULT_MUSIC: Readonly<Record<string, string>> = {
  default: '440/400,0/100,554/400,0/100,659/600,0/1500',
  calm: '392/800,0/200,494/800,0/1200',
};

export class CallerMedia {
  private musicSpec: string | undefined;
  private announcing = 0;

  constructor(
    private readonly session: CallSession,
    private readonly music: (musicClass: string) => string,
  ) {}

  get playingMusic(): boolean {
    return this.musicSpec !== undefined;
  }

  startMusic(musicClass: string): void {
    const spec = this.music(musicClass);
    this.musicSpec = spec;
    if (this.announcing === 0) this.tone(spec);
  }

  /** Music off and any announcement cut short. */
  stop(): void {
    const wasAnnouncing = this.announcing > 0;
    this.musicSpec = undefined;
    if (this.session.ended) return;
    void this.session.stopTone().catch(() => undefined);
    if (wasAnnouncing) void this.session.stopPlayback().catch(() => undefined);
  }

  /** Plays prompts over the music (music paused meanwhile, resumed after if still wanted). */
  async announce(prompts: PromptRef[]): Promise<void> {
    if (this.session.ended || prompts.length === 0) return;
    this.announcing++;
    try {
      await this.session.stopTone().catch(() => undefined);
      await this.session.play(prompts).catch(() => undefined);
    } finally {
      this.announcing--;
      if (this.announcing === 0 && this.musicSpec !== undefined) this.tone(this.musicSpec);
    }
  }

  private tone(spec: string): void {
    if (this.session.ended) return;
    void this.session.playTone(spec).catch(() => undefined);
  }
}
