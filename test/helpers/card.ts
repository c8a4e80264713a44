/** Opening virtual cards for tests. */
import { openCard, type Card, type Channel, type VirtualCardOptions } from '../../bindings/index.js';

/** A free-running virtual card with spans joined in pairs (0-1, 2-3, ...). */
export function testCard(options: VirtualCardOptions = {}): Card {
  const spans = options.spans ?? 2;
  const cables: Array<[number, number]> = [];
  for (let i = 0; i + 1 < spans; i += 2) cables.push([i, i + 1]);
  return openCard({ clock: 'freerun', cables, ...options, spans });
}

/** Opens the same timeslot on both ends of cable 0 (spans 0 and 1). */
export async function openPair(card: Card, timeslot: number, spans: [number, number] = [0, 1]): Promise<[Channel, Channel]> {
  const near = card.channel(spans[0], timeslot);
  const far = card.channel(spans[1], timeslot);
  await Promise.all([near.open(), far.open()]);
  return [near, far];
}
