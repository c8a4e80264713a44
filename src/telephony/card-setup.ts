/**
 * From configuration to an open card and the roles of its spans: which are
 * trunks to the public network, which carry the agents' phones, and -- on the
 * virtual card -- which are the simulated world on the far end of the cables.
 */
import { openCard, type Card, type CardOptions } from '../../bindings/index.js';
import type { Config } from '../config/schema.js';
import { virtualLayout } from './virtual-layout.js';

export interface CardRoles {
  trunkSpans: number[];
  stationSpans: number[];
  /** Virtual card only. */
  networkSpans: number[];
  phoneSpans: number[];
}

export interface CardSetup {
  options: CardOptions;
  roles: CardRoles;
}

/** Expands "1,2,5-7" into [1, 2, 5, 6, 7]. */
export function parseSpanList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new RangeError(`"${part}" is not a span number or range`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let s = from; s <= to; s++) out.push(s);
  }
  return out;
}

export function cardSetup(config: Config, overrides: { epochMs?: number } = {}): CardSetup {
  const c = config.card;
  const common = {
    tickMs: c.tickMs,
    dspThreads: c.dspThreads,
    toneZone: c.toneZone,
    dtmfReceiver: c.dtmfReceiver,
    realtimePriority: c.realtimePriority,
    ...(c.overloadMs !== undefined ? { overloadMs: c.overloadMs } : {}),
    ...(overrides.epochMs !== undefined ? { epochMs: overrides.epochMs } : {}),
  };
  if (c.kind === 'virtual') {
    const layout = virtualLayout(c.trunks, c.stations, { ...common, clock: c.clock, speed: c.speed });
    return { options: layout.options, roles: layout };
  }
  const trunks = parseSpanList(c.dahdiTrunkSpans);
  const stations = parseSpanList(c.dahdiStationSpans);
  if (trunks.length === 0) throw new RangeError('card.dahdiTrunkSpans names no span');
  const all = [...trunks, ...stations];
  return {
    options: {
      kind: 'dahdi',
      dahdiSpans: all.join(','),
      ...common,
      signaling: [...trunks.map(() => 'pri-cpe' as const), ...stations.map(() => 'pri-net' as const)],
    },
    roles: {
      trunkSpans: trunks.map((_, i) => i),
      stationSpans: stations.map((_, i) => trunks.length + i),
      networkSpans: [],
      phoneSpans: [],
    },
  };
}

export function openConfiguredCard(setup: CardSetup): Card {
  return openCard(setup.options);
}
