/**
 * A production install cannot talk to the demo bank by accident: with a DAHDI card the server
 * refuses to start the core-banking simulator unless coreSim.allowWithRealCard says so; and the
 * simulator's admin port (faults, resets, balances) listens on loopback whatever the host.
 */
import test from 'ava';
import { networkInterfaces } from 'node:os';
import { gatewayModule } from '../../src/gateway/module.js';
import { startCoreSim } from '../../src/coresim/core-sim.js';
import { startTestServer } from '../helpers/server.js';

test('a DAHDI card with the simulator enabled: the server refuses to start, naming the keys', async (t) => {
  const error = await t.throwsAsync(startTestServer({ config: { card: { kind: 'dahdi' }, coreSim: { enabled: true } }, modules: [gatewayModule()] }));
  t.regex(error!.message, /coreSim\.enabled.*coreSim\.allowWithRealCard/);
});

test('the admin port listens on loopback even when the data ports face the network', async (t) => {
  const sim = await startCoreSim({ host: '0.0.0.0' });
  try {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    const admin = await fetch(`http://127.0.0.1:${sim.adminPort}/`).then((r) => r.status, () => 0);
    t.not(admin, 0, 'reachable on loopback');
    if (external) {
      const outside = await fetch(`http://${external}:${sim.adminPort}/`).then((r) => r.status, () => 0);
      t.is(outside, 0, `not reachable at ${external}`);
      const data = await fetch(`http://${external}:${sim.httpPort}/`).then((r) => r.status, () => 0);
      t.not(data, 0, 'the data port is');
    } else t.log('no external interface here: only loopback checked');
  } finally {
    await sim.close();
  }
});
