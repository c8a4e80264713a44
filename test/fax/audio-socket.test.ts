/**
 * `tellerline sim call ... --audio-socket`: an external program is the caller. Here it is a
 * spandsp fax machine of our test suite (native/test/fax_socket_peer.cpp) that calls the bank's
 * fax number through the CLI and sends a 3-page document; the bank receives and stores it.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { closeFaxDocuments, compareFaxImages, renderStatement } from '../../src/fax/documents/index.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { sampleStatement } from '../fax-documents/helpers/statement-sample.js';
import { REPO } from '../helpers/telephony.js';
import { simTokenFile } from '../../src/telephony/sim-api-access.js';
import { FAX_NUMBER, faxSocketPeer, lineQuiet, startFaxServer, type FaxTestServer } from './helpers.js';

let server: FaxTestServer;
let dir: string;

test.before(async () => {
  server = await startFaxServer();
  dir = await mkdtemp(join(tmpdir(), 'tl-fax-sock-'));
});
test.after.always(async () => {
  await server?.stop();
  await closeFaxDocuments();
  await rm(dir, { recursive: true, force: true });
});

interface Exited {
  code: number | null;
  lines: string[];
  stderr: string;
}

function run(cmd: string, args: string[], onLine?: (line: string) => void): { done: Promise<Exited>; kill(): void } {
  const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    onLine?.(line);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Exited>((resolve) => child.on('close', (code) => resolve({ code, lines, stderr })));
  return { done, kill: () => child.kill('SIGTERM') };
}

test('an external spandsp fax program on --audio-socket sends a fax to the bank', async (t) => {
  t.timeout(15 * 60_000, 'may build fax_socket_peer first');
  const peer = await faxSocketPeer();
  const document = join(dir, 'letter.tiff');
  await renderStatement(sampleStatement(90), { resolution: 'fine', outPath: document });
  const socket = join(server.simFiles, 'caller.sock');

  let peerRun: ReturnType<typeof run> | undefined;
  const cli = run(process.execPath, [join(REPO, 'bin', 'tellerline.js'), 'sim', 'call', FAX_NUMBER, '--from', '02166667777', '--audio-socket', socket, '--server', server.simUrl, '--token-file', simTokenFile(server.services.config)]);
  t.teardown(() => {
    cli.kill();
    peerRun?.kill();
  });
  // On a free-running card the engine waits (up to 30 s) for a program to connect as soon as
  // the socket listens -- before the CLI can even print that it does: connect when it appears.
  let ended = false;
  void cli.done.then(() => (ended = true));
  while (!existsSync(socket)) {
    if (ended) throw new Error(`sim call ended before the socket appeared: ${(await cli.done).lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  peerRun = run(peer, ['--socket', socket, '--send', document, '--calling', '--ident', 'EXTERNAL PEER']);
  const [fromPeer, fromCli] = await Promise.all([peerRun.done, cli.done]);

  t.is(fromPeer.code, 0, `${fromPeer.lines.join('\n')} ${fromPeer.stderr}`);
  const report = JSON.parse(fromPeer.lines.at(-1) ?? '{}') as { success: boolean; pages: number; remoteIdent: string };
  t.true(report.success);
  t.is(report.pages, 3);
  t.is(report.remoteIdent, server.fax.settings.ident);
  t.is(fromCli.code, 0, fromCli.stderr);
  const events = fromCli.lines.map((l) => JSON.parse(l) as { event: string; side: string; text?: string });
  t.true(events.some((e) => e.event === 'audio-socket'));
  t.true(events.some((e) => e.side === 'server' && e.event === 'note' && /fax: done, 3 page/.test(e.text ?? '')), 'the bank\'s side reports the fax on the call\'s event stream');

  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
  const [fax] = (await faxRepo.list(server.services.store.knex, DEFAULT_BANK_TENANT_ID, { direction: 'inbound' }, { limit: 1, offset: 0 })).items;
  t.is(fax?.status, 'ok');
  t.is(fax?.pages, 3);
  t.is(fax?.remoteIdent, 'EXTERNAL PEER');
  t.is(fax?.calling, '02166667777');
  t.true((await compareFaxImages(document, server.fax.files.abs(fax!.file!))).identical);
});
