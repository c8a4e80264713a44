/**
 * The C allocator's view of the process's native memory (glibc, every arena): what the native
 * code holds, and what the allocator keeps free without giving it back to the system. Resident
 * memory that grows while `inUseBytes` stays flat is the allocator's, not a leak.
 */
import { nativeAddon, type MallocStats } from './native.js';

export type { MallocStats };

export function mallocStats(): MallocStats {
  return nativeAddon().mallocStats();
}

/** Gives the free pages the allocator holds back to the system (glibc malloc_trim); true if any were. */
export function mallocTrim(): boolean {
  return nativeAddon().mallocTrim();
}
