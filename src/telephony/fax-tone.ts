/**
 * Fax machines that call a voice number (a telephony concern: any application answering calls
 * may hand them to fax reception): the calling machine sends CNG (1100 Hz, 0.5 s every
 * 3.5 s) from the moment the call is answered. watchForFaxTone() listens for it on an answered
 * call while the IVR goes on as usual; when it is heard, whatever prompt is playing stops and
 * `detected` resolves true, so the IVR can hand the call to fax reception:
 *
 *   const watch = watchForFaxTone(ctx.session);
 *   ... the IVR plays its greeting and menus; each step checks watch.heard ...
 *   if (await Promise.race([watch.detected, menuDone])) return services.faxes.receiveFromCaller(ctx, 'cng');
 *   watch.stop();   // e.g. once the caller has keyed something: a person, not a machine
 *
 * The detector runs in the engine (progress detection on the channel's received audio); this
 * only turns it on and follows its 'fax-cng' events. Sessions record the detection in
 * session.data under FAX_TONE_KEY.
 */
import type { Subscription } from 'rxjs';
import type { CallSession } from './call-session.js';

export const FAX_TONE_KEY = 'fax.cng';

export interface FaxToneWatch {
  /** True when CNG was heard; false when stop() was called or the call ended first. */
  readonly detected: Promise<boolean>;
  /** CNG heard so far. */
  readonly heard: boolean;
  /** Stops listening (and turns the detector off again). */
  stop(): void;
}

export function watchForFaxTone(session: CallSession, options: { stopPrompt?: boolean } = {}): FaxToneWatch {
  let heard = false;
  let done = false;
  let settle!: (value: boolean) => void;
  const detected = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  let sub: Subscription | undefined;
  const finish = (value: boolean, detectorOff: boolean) => {
    if (done) return;
    done = true;
    sub?.unsubscribe();
    if (detectorOff && !session.ended) void session.detectTones(false).catch(() => undefined);
    settle(value);
  };
  sub = session.tones$.subscribe((e) => {
    if (e.tone !== 'fax-cng' || e.phase !== 'start' || done) return;
    heard = true;
    session.data.set(FAX_TONE_KEY, true);
    session.note({ type: 'note', text: 'fax tone (CNG) heard' });
    if (options.stopPrompt ?? true) void session.stopPlayback().catch(() => undefined);
    // The fax session that follows takes over the channel's detectors itself.
    finish(true, false);
  });
  void session.detectTones(true).catch(() => finish(false, false));
  void session.released.then(() => finish(false, false));
  return {
    detected,
    get heard() {
      return heard;
    },
    stop: () => finish(false, true),
  };
}
