/** Virtual cards with PRI on both ends of each cable: the bank's side (CPE) and the network's (NET). */
import { filter, firstValueFrom } from 'rxjs';
import { openCard, type Card, type Span } from '../../bindings/index.js';

export interface PriRig {
  card: Card;
  /** The bank's spans (CPE). */
  bank: Span[];
  /** The network's spans (NET), bank[i] is cabled to net[i]. */
  net: Span[];
}

export async function priRig(pairs = 1, extra: { dspThreads?: number } = {}): Promise<PriRig> {
  const spans = pairs * 2;
  const cables: Array<[number, number]> = [];
  const signaling: Array<'pri-cpe' | 'pri-net'> = [];
  for (let i = 0; i < pairs; i++) cables.push([i, i + pairs]);
  for (let i = 0; i < spans; i++) signaling.push(i < pairs ? 'pri-cpe' : 'pri-net');
  const card = openCard({ spans, cables, signaling, clock: 'freerun', ...extra });
  const bank = card.spans.slice(0, pairs);
  const net = card.spans.slice(pairs);
  await Promise.all(card.spans.map((s) => waitUp(s)));
  return { card, bank, net };
}

export function waitUp(span: Span, up = true): Promise<boolean> {
  return firstValueFrom(span.dchannel$.pipe(filter((u) => u === up)));
}
