/**
 * Runs one `tellerline sim call`: a simulated caller dials the bank, keys
 * DTMF, plays a file, records what it hears, hangs up -- and every event of
 * the call, from both sides, is reported as it happens:
 *
 *   side "caller": what the caller did and heard (DTMF and tones detected in
 *                  the audio it received);
 *   side "server": what the bank did (offered, answered, prompts played with
 *                  their ids and text, digits it collected -- masked during
 *                  secure entry --, transfers, hangup with cause).
 */
import { Subscription, filter } from 'rxjs';
import type { TelephonyService } from './telephony-service.js';
import type { SimWorld } from './simnet/sim-world.js';

export interface SimCallScript {
  to: string;
  from: string;
  restricted?: boolean;
  /** Keys to press after answer; ',' pauses 500 ms. */
  dtmf?: string;
  /** Wait this long after answer before keying (engine ms, default 1000). */
  dtmfDelayMs?: number;
  /** A WAV file the caller plays into the line (after the DTMF). */
  play?: string;
  /** Capture what the caller hears into this WAV file. */
  record?: string;
  /** Hang up this long after answer (engine ms); otherwise wait for the bank. */
  hangupAfterMs?: number;
  /** Expose the caller's audio on this Unix socket (an external program is the caller). */
  audioSocket?: string;
  /** Give up after this much engine time in all (default 10 minutes). */
  maxMs?: number;
}

export type SimLine = { event: string; side: 'caller' | 'server'; at: number; time: string; [key: string]: unknown };

export async function runSimCallScript(
  script: SimCallScript,
  telephony: TelephonyService,
  world: SimWorld,
  emit: (line: SimLine) => void,
  aborted: () => boolean,
): Promise<number> {
  const clock = telephony.card.clock;
  const subs = new Subscription();
  let channelKey: string | undefined;
  // Watch for the bank's side of this call: the session on the trunk facing
  // the network span the caller dialled out of, on the same B-channel.
  subs.add(telephony.sessions$.pipe(filter((a) => channelKey === `${a.session.call.span}/${a.session.call.channel}`)).subscribe((active) => {
    emit({ event: 'offered', side: 'server', at: clock.now(), time: clock.wallTime().toISOString(), calling: active.session.calling, called: active.session.called, target: active.entry?.target ?? null });
    subs.add(active.session.events$.subscribe((e) => {
      const { sessionId: _s, at, time, type, ...rest } = e;
      emit({ event: type, side: 'server', at, time, ...rest });
    }));
  }));
  const sim = await world.network.placeCall({ to: script.to, from: script.from, restricted: script.restricted ?? false });
  if (sim.call) channelKey = `${world.trunkFacing(sim.call.span)}/${sim.call.channel}`;
  subs.add(sim.events$.subscribe((e) => emit(e as unknown as SimLine)));
  const limit = clock.setTimeout(() => void sim.hangUp(), script.maxMs ?? 600_000);
  try {
    if (!sim.call) return await sim.ended;
    try {
      await sim.answered();
    } catch {
      return await sim.ended;
    }
    const answeredAt = clock.now();
    if (script.hangupAfterMs !== undefined) {
      clock.setTimeout(() => void sim.hangUp(), script.hangupAfterMs);
    }
    if (script.record) await sim.record(script.record);
    if (script.audioSocket) {
      // Listen before attaching: on a free-running card the program may connect at once.
      subs.add(sim.channel!.events$.pipe(filter((e) => e.type === 'socket')).subscribe((e) => {
        if (e.type !== 'socket') return;
        emit({ event: e.connected ? 'audio-socket-connected' : 'audio-socket-closed', side: 'caller', at: e.at, time: clock.wallTime().toISOString(), detail: e.detail });
        if (!e.connected) void sim.hangUp();
      }));
      await sim.channel!.attachSocket(script.audioSocket);
      emit({ event: 'audio-socket', side: 'caller', at: clock.now(), time: clock.wallTime().toISOString(), path: script.audioSocket });
    }
    if (script.dtmf) {
      const wait = (script.dtmfDelayMs ?? 1000) - (clock.now() - answeredAt);
      if (wait > 0) await clock.sleep(wait).catch(() => undefined);
      if (!aborted()) await sim.sendDtmf(script.dtmf).catch(() => undefined);
    }
    if (script.play && !aborted()) await sim.play(script.play).catch(() => undefined);
    if (aborted()) await sim.hangUp();
    const cause = await sim.ended;
    // Let the bank's side report its own end of the call before we close.
    await clock.sleep(200).catch(() => undefined);
    return cause;
  } finally {
    limit();
    subs.unsubscribe();
  }
}
