/**
 * What the native side holds, as the C allocator counts it, once JavaScript's garbage is gone:
 * a full collection first, so buffers V8 allocated with malloc and no longer reaches are freed
 * (their finalizers run), then glibc's in-use count over every arena.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mallocStats } from '../../bindings/index.js';

let gc: (() => void) | undefined;

function fullGc(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Bytes in use in the C allocator after full collections and a turn of the event loop. */
export async function nativeInUse(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    fullGc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return mallocStats().inUseBytes;
}
