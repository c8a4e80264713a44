/**
 * The dial plan's `queue` target: a number that goes straight to a queue (or an entry point)
 * without the IVR. Voicemail outcomes go to services.voicemail when the IVR module provides it;
 * otherwise, and for callers the ACD sends "back to the menu" (there is none here), a polite
 * prompt and goodbye.
 */
import type { AppServices } from '../../services.js';
import type { CallHandler } from '../../telephony/handlers.js';
import type { QueuePort } from '../../telephony/ports.js';

export function queueHandler(services: AppServices, queues: QueuePort): CallHandler {
  return async (ctx) => {
    if (ctx.entry.target.kind !== 'queue') return;
    const queue = ctx.entry.target.queue;
    const outcome = await queues.enqueue(ctx, { queue, data: {} });
    if (ctx.session.ended) return;
    if (outcome.kind === 'voicemail' && services.voicemail) {
      await services.voicemail.record(ctx, outcome.reason === 'caller_choice' ? 'caller-choice' : 'all-busy', queue);
      return;
    }
    // A caller who asked to be called back heard the confirmation: nothing more to say.
    if (outcome.kind === 'connected' || outcome.kind === 'abandoned' || (outcome.kind === 'ivr' && outcome.reason === 'callback_requested')) return;
    const ids = outcome.kind === 'unavailable' ? ['agent.off_hours', 'goodbye'] : ['agent.no_answer', 'goodbye'];
    try {
      await ctx.session.play(ctx.prompts.prompts(ids, ctx.session.lang));
    } catch {
      // no prompt files: hang up without them
    }
  };
}
