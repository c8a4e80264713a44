// Helpers for the ava wrappers around the native test programs (and the DSP
// benchmark): build them with cmake, run one, read its TAP-like output, and
// make speech with espeak-ng + sox for the talk-off tests.
//
// The native programs print "ok N - name" / "not ok N - name # detail",
// comment lines "# ...", and a plan "1..N"; they exit non-zero on failure.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { ExecutionContext } from 'ava';

const execFileAsync = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const buildDir = path.join(repoRoot, 'build-native-tests');
const lockDir = path.join(buildDir, '.build-lock');

// Generous: a first build from scratch on a busy 2-core machine.
export const nativeTestTimeoutMs = 15 * 60_000;

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

// Several ava workers may get here at once, and every test that builds in
// build-native-tests must hold this lock (a directory: mkdir is atomic): two
// cmake builds in one tree race on the shared libtl_core.a. The others wait
// and then find the build up to date.
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + nativeTestTimeoutMs;
  await mkdir(buildDir, { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock left behind by a killed run is stale after 20 minutes.
      const since = await stat(lockDir).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (since > 20 * 60_000) await rm(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function run(cmd: string, args: string[]): Promise<void> {
  try {
    await execFileAsync(cmd, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

// Configures (always: it picks up new test programs) and builds the native
// test programs, two jobs at most.
export async function buildNativeTests(): Promise<void> {
  await withBuildLock(async () => {
    await run('cmake', ['-S', '.', '-B', buildDir, '-DTL_BUILD_ADDON=OFF', '-DTL_BUILD_TESTS=ON']);
    await run('cmake', ['--build', buildDir, '-j2']);
  });
}

export interface TapLine {
  number: number;
  ok: boolean;
  name: string;
  detail: string;
}

export interface TapRun {
  program: string;
  exitCode: number | null;
  lines: TapLine[];
  comments: string[];
  planned: number | null;
  stdout: string;
  stderr: string;
}

export function parseTap(stdout: string): Pick<TapRun, 'lines' | 'comments' | 'planned'> {
  const lines: TapLine[] = [];
  const comments: string[] = [];
  let planned: number | null = null;
  for (const raw of stdout.split('\n')) {
    const result = /^(not ok|ok) (\d+) - (.*?)(?: # (.*))?$/.exec(raw);
    if (result) {
      lines.push({
        number: Number(result[2]),
        ok: result[1] === 'ok',
        name: result[3] ?? '',
        detail: result[4] ?? '',
      });
      continue;
    }
    const plan = /^1\.\.(\d+)$/.exec(raw);
    if (plan) {
      planned = Number(plan[1]);
    } else if (raw.startsWith('# ')) {
      comments.push(raw.slice(2));
    }
  }
  return { lines, comments, planned };
}

// Runs a built program and collects its output (it may take a while: the
// speech sweeps run a few hundred seconds of audio).
export async function runNativeProgram(program: string, args: string[] = []): Promise<TapRun> {
  const exe = path.join(buildDir, program);
  return await new Promise<TapRun>((resolve, reject) => {
    const child = spawn(exe, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ program, exitCode, stdout, stderr, ...parseTap(stdout) }));
  });
}

// Every TAP line becomes an assertion; a "not ok" fails with its detail.
// The program must also have exited 0 and printed its whole plan.
export function assertTap(t: ExecutionContext, r: TapRun): void {
  // Figures and comparisons go to the log; the program's own summary line
  // does not (a runner could take "N passed, N failed" for ava's).
  for (const c of r.comments) {
    if (!/^\d+ passed, \d+ failed$/.test(c)) t.log(c);
  }
  for (const line of r.lines) {
    if (line.ok) {
      t.pass(line.name);
    } else {
      t.log(`not ok ${line.number} - ${line.name} # ${line.detail}`);
      t.fail(`${line.name}${line.detail ? ` # ${line.detail}` : ''}`);
    }
  }
  t.true(r.lines.length > 0, `${r.program} printed no results:\n${r.stdout}\n${r.stderr}`);
  t.is(r.planned, r.lines.length, `${r.program} stopped before its plan (crash?):\n${r.stderr}`);
  t.is(r.exitCode, 0, `${r.program} exited ${String(r.exitCode)}:\n${r.stderr}`);
}

// Our own texts (bank IVR style), long enough for a minute per language and
// pitch. Mandarin is written in characters, numbers included: espeak-ng's
// cmn-latn-pinyin voice misreads Arabic numerals.
const speechTexts: Record<string, { voice: string; text: string }> = {
  zh: {
    voice: 'cmn-latn-pinyin',
    text:
      '您好，欢迎致电本行客户服务热线。查询账户余额请按一，查询最近交易明细请按二，挂失银行卡请按三，' +
      '修改查询密码请按四，转接人工服务请按零。为了保障您的资金安全，请不要向任何人透露您的密码和验证码。' +
      '本行工作人员不会以任何理由要求您转账到所谓的安全账户。如果您接到可疑电话，请立即挂断，并拨打本行客服热线核实。' +
      '您的账户当前可用余额为一万二千三百四十五元六角七分。最近一笔交易发生在三月十五日，金额为二百元，' +
      '交易类型为自动柜员机取款。如需传真对账单，请输入您的传真号码，并以井号键结束。' +
      '本行营业网点的营业时间为每周一至周五上午九点到下午五点，节假日另行通知。感谢您的来电，祝您生活愉快，再见。',
  },
  en: {
    voice: 'en-us',
    text:
      'Thank you for calling the customer service line of your bank. To hear your account balance, press one. ' +
      'For your most recent transactions, press two. To report a lost or stolen card, press three. ' +
      'To change your telephone banking password, press four. To speak with one of our representatives, ' +
      'press zero at any time. Please have your account number and your identity document ready. ' +
      'For your security, never share your password or a verification code with anyone, including our staff. ' +
      'We will never ask you to move money into a so called safe account. Your available balance is twelve ' +
      'thousand three hundred and forty five dollars and sixty seven cents. Your last transaction was a cash ' +
      'withdrawal of two hundred dollars on the fifteenth of March. If you would like a statement sent to your ' +
      'fax machine, please enter the fax number followed by the hash key. Our branches are open from nine in ' +
      'the morning until five in the afternoon, Monday to Friday. Thank you for calling, and goodbye.',
  },
};

// Renders the texts with espeak-ng at three pitches (a low, a middle and a
// high voice: high voices are the harder case for DTMF talk-off) and
// converts them with sox to 8 kHz mono A-law WAV, as an E1 channel carries
// speech. Returns the directory; remove it with removeSpeech().
export async function makeSpeech(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tl-speech-'));
  for (const [lang, { voice, text }] of Object.entries(speechTexts)) {
    const textFile = path.join(dir, `${lang}.txt`);
    await writeFile(textFile, text, 'utf8');
    for (const pitch of [30, 70, 95]) {
      const raw = path.join(dir, `${lang}-p${pitch}-raw.wav`);
      await run('espeak-ng', ['-v', voice, '-p', String(pitch), '-s', '160', '-f', textFile, '-w', raw]);
      await run('sox', ['-G', raw, '-r', '8000', '-c', '1', '-e', 'a-law', '-b', '8', path.join(dir, `${lang}-p${pitch}.wav`)]);
      await rm(raw);
    }
    await rm(textFile);
  }
  return dir;
}

export async function removeSpeech(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
