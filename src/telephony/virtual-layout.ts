/**
 * How the product lays out a virtual card: the bank's own spans on one end
 * of each cable and the simulated world on the other.
 *
 *   bank trunks   (PRI, our side CPE)  <-cable->  simulated telephone network (PRI NET)
 *   bank stations (PRI, our side NET)  <-cable->  simulated agent phones       (PRI CPE)
 *
 * Station spans carry the agents' phones: the bank acts as the PBX, each
 * extension is one B-channel. On real hardware the same roles are filled by
 * E1 lines to the carrier and to the bank's PBX.
 */
import type { SpanSignalingOptions, VirtualCardOptions } from '../../bindings/index.js';

export interface VirtualLayout {
  options: VirtualCardOptions;
  /** Bank spans towards the public network. */
  trunkSpans: number[];
  /** Bank spans towards the agents' phones. */
  stationSpans: number[];
  /** Far ends of the trunks: the simulated network. */
  networkSpans: number[];
  /** Far ends of the stations: the simulated phones. */
  phoneSpans: number[];
}

export function virtualLayout(trunks: number, stations: number, base: Omit<VirtualCardOptions, 'spans' | 'cables' | 'signaling'> = {}): VirtualLayout {
  if (trunks < 1) throw new RangeError('a virtual card needs at least one trunk span');
  const trunkSpans = range(0, trunks);
  const stationSpans = range(trunks, stations);
  const networkSpans = range(trunks + stations, trunks);
  const phoneSpans = range(2 * trunks + stations, stations);
  const signaling: SpanSignalingOptions[] = [
    ...trunkSpans.map((): SpanSignalingOptions => ({ type: 'pri-cpe', huntOrder: 'ascending' })),
    ...stationSpans.map((): SpanSignalingOptions => ({ type: 'pri-net', huntOrder: 'ascending' })),
    ...networkSpans.map((): SpanSignalingOptions => ({ type: 'pri-net', huntOrder: 'descending' })),
    ...phoneSpans.map((): SpanSignalingOptions => ({ type: 'pri-cpe', huntOrder: 'ascending' })),
  ];
  const cables: Array<[number, number]> = [
    ...trunkSpans.map((s, i): [number, number] => [s, networkSpans[i]!]),
    ...stationSpans.map((s, i): [number, number] => [s, phoneSpans[i]!]),
  ];
  return {
    options: { ...base, spans: 2 * (trunks + stations), cables, signaling },
    trunkSpans,
    stationSpans,
    networkSpans,
    phoneSpans,
  };
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
