/** Shared by the two-server lease test and its child process. */
/** Long enough for the second server to start while the killed first one's lease still runs. */
export const LEASE_MS = 10_000;
export const LEASE_NUMBERS = Array.from({ length: 8 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
