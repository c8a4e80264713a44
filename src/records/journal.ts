/**
 * The local journal: an append-only file of record operations, one JSON line each, fsync'd
 * before an append is acknowledged. It holds what could not reach the database, in order, until
 * it is replayed; then it is truncated.
 *
 * A line cut short by a crash (no trailing newline, or not JSON) was never acknowledged to its
 * writer; it is set aside in `<name>.torn` rather than silently dropped.
 */
import { open, readFile, mkdir, appendFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordOp } from './ops.js';

export class Journal {
  readonly file: string;
  private handle: FileHandle | undefined;
  private count = 0;
  /** Bytes of complete entries in the file: where a failed append is cut back to. */
  private bytes = 0;

  constructor(
    readonly dir: string,
    readonly name = 'records.jsonl',
  ) {
    this.file = join(dir, name);
  }

  /** Entries waiting to be replayed (valid after open()). */
  get backlog(): number {
    return this.count;
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.cutTornTail();
    this.handle = await open(this.file, 'a');
    this.count = (await this.readAll()).length;
    this.bytes = (await this.handle.stat()).size;
  }

  /** A crash mid-append leaves a partial last line; new appends must not be glued to it. */
  private async cutTornTail(): Promise<void> {
    let data: Buffer;
    try {
      data = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (data.length === 0 || data[data.length - 1] === 0x0a) return;
    const keep = data.lastIndexOf(0x0a) + 1;
    await this.setAside(data.subarray(keep).toString('utf8'));
    const handle = await open(this.file, 'r+');
    try {
      await handle.truncate(keep);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Appends one entry and syncs it. If that fails (a full or failing disk), whatever part of the
   * line reached the file is cut off again, so the next append does not glue onto it, and the
   * error is thrown: the entry is not in the journal.
   */
  async append(op: RecordOp): Promise<void> {
    if (!this.handle) throw new Error('journal is not open');
    const line = Buffer.from(`${JSON.stringify(op)}\n`);
    try {
      await this.writeDurably(this.handle, line);
    } catch (err) {
      // Truncating frees space, so it works on a full disk; if even that fails, open() cuts the torn line.
      await this.handle.truncate(this.bytes).catch(() => undefined);
      throw err;
    }
    this.bytes += line.length;
    this.count++;
  }

  /** Writes the line at the end of the file and syncs it (a test can make this fail as a full disk would). */
  protected async writeDurably(handle: FileHandle, line: Buffer): Promise<void> {
    // A nearly full disk may take part of the line: write the rest, which then fails with ENOSPC.
    for (let done = 0; done < line.length; ) {
      const { bytesWritten } = await handle.write(line, done, line.length - done);
      if (bytesWritten === 0) throw Object.assign(new Error(`no byte of the journal entry could be written to ${this.file}`), { code: 'ENOSPC' });
      done += bytesWritten;
    }
    await handle.datasync();
  }

  /** Every complete entry, in the order written. */
  async readAll(): Promise<RecordOp[]> {
    return (await this.readFrom(0)).ops;
  }

  /**
   * The complete entries written at or after byte `offset`, and the offset after them (for the
   * next call). Appends and reads are serialised by the writer, so the tail is never half written.
   */
  async readFrom(offset: number): Promise<{ ops: RecordOp[]; end: number }> {
    let data: Buffer;
    try {
      const handle = await open(this.file, 'r');
      try {
        const { size } = await handle.stat();
        data = Buffer.alloc(Math.max(0, size - offset));
        if (data.length > 0) await handle.read(data, 0, data.length, offset);
      } finally {
        await handle.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ops: [], end: 0 };
      throw err;
    }
    const whole = data.lastIndexOf(0x0a) + 1;
    if (whole === 0) return { ops: [], end: offset };
    const ops: RecordOp[] = [];
    const end = offset + whole;
    for (const line of data.subarray(0, whole).toString('utf8').split('\n')) {
      if (line === '') continue;
      try {
        ops.push(JSON.parse(line) as RecordOp);
      } catch {
        await this.setAside(line);
      }
    }
    return { ops, end };
  }

  /** Empty the journal once everything in it is in the database. */
  async clear(): Promise<void> {
    if (!this.handle) throw new Error('journal is not open');
    await this.handle.truncate(0);
    await this.handle.sync();
    this.count = 0;
    this.bytes = 0;
  }

  async size(): Promise<number> {
    try {
      return (await stat(this.file)).size;
    } catch {
      return 0;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async setAside(line: string): Promise<void> {
    await appendFile(join(this.dir, `${this.name}.torn`), `${line}\n`);
  }
}
