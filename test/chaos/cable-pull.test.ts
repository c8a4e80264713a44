/**
 * The chaos run's cable injector, through the simulator's control API: the trunk span goes into
 * alarm and its D-channel down, then both come back.
 */
import test from 'ava';
import { filter, firstValueFrom } from 'rxjs';
import { cablePullFault, cableAction } from '../../bench/chaos/faults/cable-pull.js';
import { startTelephonyServer } from '../helpers/telephony.js';

test('a trunk cable is pulled and restored through the sim API', async (t) => {
  const server = await startTelephonyServer();
  t.teardown(() => server.close());
  const span = server.services.telephony!.trunks[0]!;
  t.true(span.dchannelUp);
  t.is(span.alarms, 0);
  const fault = cablePullFault(() => ({ url: server.simUrl, token: server.simToken }), 0);
  const down = firstValueFrom(span.dchannel$.pipe(filter((up) => !up)));
  await fault.inject();
  await down;
  t.not(span.alarms, 0);
  const up = firstValueFrom(span.dchannel$.pipe(filter(Boolean)));
  await fault.remove();
  await up;
  t.is(span.alarms, 0);
});

test('the sim API names a cable that does not exist', async (t) => {
  const server = await startTelephonyServer();
  t.teardown(() => server.close());
  const err = await t.throwsAsync(() => cableAction({ url: server.simUrl, token: server.simToken }, 9, 'pull'));
  t.regex(err!.message, /HTTP 400.*no cable 9 \(the card has 1\)/);
});
