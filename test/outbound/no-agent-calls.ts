/**
 * Dialler tests of calls no agent takes: a queue with no agents, a server whose callees answer
 * and stay on the line, the prompts the bank played, and one number dialled to its end. A
 * callee answered for such a queue hears the safe message and the call counts as abandoned.
 */
import { addQueue, attemptsOf, BEFORE_NINE, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';

/** The id of the queue `addQueueWithNoAgents` adds. */
export const NO_AGENT_QUEUE = 'empty';

/** Adds a queue no agent is in. */
export async function addQueueWithNoAgents(live: DiallerServer): Promise<void> {
  await addQueue(live, NO_AGENT_QUEUE);
}

/** A dialler server just inside the calling hours whose callees answer after 1 s and hang up after 8 s, with the queue no agent is in. */
export async function startNoAgentDialler(): Promise<DiallerServer> {
  const live = await startDialler({ epochMs: BEFORE_NINE + 60_000 });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 1000, hangupAfterMs: 8000 });
  await addQueueWithNoAgents(live);
  return live;
}

/** The ids of the prompts the bank's calls play from now on, in order, until `stop()`. */
export function promptsHeard(live: DiallerServer): { ids: string[]; stop(): void } {
  const ids: string[] = [];
  const sub = live.services.bus.events$.subscribe((e) => {
    const ev = e.type === 'session.event' ? (e.event as { type: string; prompts?: Array<{ id: string }> }) : undefined;
    if (ev?.type === 'prompt') ids.push(...(ev.prompts ?? []).map((p) => p.id));
  });
  return { ids, stop: () => sub.unsubscribe() };
}

/** Waits until a call of the campaign is over (no longer in flight). */
export async function untilFirstCallEnded(live: DiallerServer, campaignId: string): Promise<void> {
  await until(live, 'the call ended', async () => (await attemptsOf(live, campaignId)).some((a) => a.outcome !== 'in_flight') || undefined);
}

/** Imports one number into the campaign, starts it and waits until that call is over; its attempt. */
export async function dialOneNumber(live: DiallerServer, campaignId: string, phone: string): Promise<Awaited<ReturnType<typeof attemptsOf>>[number]> {
  await upload(live, campaignId, Buffer.from(`phone\n${phone}\n`), 'one.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaignId}/state`, { action: 'start' }));
  await untilFirstCallEnded(live, campaignId);
  const [attempt] = await attemptsOf(live, campaignId);
  return attempt!;
}
