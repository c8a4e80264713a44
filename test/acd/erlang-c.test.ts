import test from 'ava';
import { agentsNeeded, erlangB, erlangC, erlangCFigures } from '../../src/acd/erlang-c.js';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

test('reproduces the reference: 100 calls / 30 min, AHT 180 s, 14 agents, T = 20 s', (t) => {
  const r = erlangCFigures({ calls: 100, intervalS: 1800, ahtS: 180, agents: 14, thresholdS: 20 });
  t.is(r.trafficErlangs, 10);
  t.is(round(r.probabilityOfWaiting, 4), 0.1741);
  t.is(round(r.serviceLevel * 100, 2), 88.84);
  t.is(round(r.asaS, 2), 7.84);
  t.is(round(r.occupancy * 100, 1), 71.4);
});

test('agents needed for 80/20 with that traffic is 14 (13 falls short)', (t) => {
  const { agents, figures } = agentsNeeded({ calls: 100, intervalS: 1800, ahtS: 180, thresholdS: 20, serviceLevel: 0.8 });
  t.is(agents, 14);
  t.true(figures.serviceLevel >= 0.8);
  t.true(erlangCFigures({ calls: 100, intervalS: 1800, ahtS: 180, agents: 13, thresholdS: 20 }).serviceLevel < 0.8);
});

test('extra targets (ASA, occupancy) can only raise the agent count', (t) => {
  const base = { calls: 100, intervalS: 1800, ahtS: 180, thresholdS: 20, serviceLevel: 0.8 };
  t.true(agentsNeeded({ ...base, maxAsaS: 2 }).agents > 14);
  t.is(agentsNeeded({ ...base, maxOccupancy: 0.6 }).agents, 17); // ceil(10 / 0.6)
});

test('stable for large agent counts: finite, monotonic, in range', (t) => {
  const r = erlangCFigures({ calls: 100_000, intervalS: 1800, ahtS: 180, agents: 10_100, thresholdS: 20 });
  t.true(Number.isFinite(r.probabilityOfWaiting) && r.probabilityOfWaiting > 0 && r.probabilityOfWaiting < 1);
  t.true(r.serviceLevel > 0.99 && r.serviceLevel <= 1);
  const b = erlangB(5000, 4800);
  t.true(b > 0 && b < 1);
  t.true(erlangC(5000, 4800) < erlangC(4900, 4800));
});

test('an overloaded queue (agents ≤ traffic) waits forever', (t) => {
  const r = erlangCFigures({ calls: 100, intervalS: 1800, ahtS: 180, agents: 10, thresholdS: 20 });
  t.deepEqual([r.probabilityOfWaiting, r.serviceLevel, r.asaS, r.occupancy], [1, 0, Number.POSITIVE_INFINITY, 1]);
});

test('invalid figures are refused', (t) => {
  t.throws(() => erlangCFigures({ calls: -1, intervalS: 1800, ahtS: 180, agents: 14, thresholdS: 20 }), { code: 'acd_invalid_config' } as never);
  t.throws(() => agentsNeeded({ calls: 1, intervalS: 1, ahtS: 1, thresholdS: 1, serviceLevel: 1 }), { code: 'acd_invalid_config' } as never);
});
