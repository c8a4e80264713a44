import test from 'ava';
import { startLive } from './harness.js';

test('the OpenAPI document describes the ACD and recording routes', async (t) => {
  const live = await startLive();
  try {
    const res = await fetch(`${live.url}/api/v1/openapi.json`);
    t.is(res.status, 200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const id of ['acdQueues.create', 'acdAgents.transfer', 'acdAgents.monitor', 'acdStaffing.erlangC', 'recordings.audio', 'acdDesk.events']) t.true(ids.includes(id), id);
    t.truthy(doc.paths['/api/v1/acd/agents/{id}/consult/complete']);
  } finally {
    await live.close();
  }
});
