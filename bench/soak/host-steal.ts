/**
 * Time the hypervisor took the machine's virtual CPUs away ("steal" in /proc/stat), so a soak
 * on a virtual machine can tell a stall the host caused from one the engine caused: a thread
 * at real-time priority still wakes late when its CPU is not running at all.
 */
import { readFileSync } from 'node:fs';

/** Linux reports /proc/stat in USER_HZ ticks, fixed at 100 per second for user space. */
const MS_PER_TICK = 10;

/** Steal summed over all CPUs since boot (ms); 0 where the kernel does not report it. */
export function stealMsSinceBoot(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    // cpu user nice system idle iowait irq softirq steal ...
    return Number(cpu[8] ?? 0) * MS_PER_TICK;
  } catch {
    return 0;
  }
}

/** Steal since the previous call (ms), for one sampling interval. */
export class StealMeter {
  private last = stealMsSinceBoot();

  take(): number {
    const now = stealMsSinceBoot();
    const since = now - this.last;
    this.last = now;
    return since;
  }

  /** Steal since the previous take() without resetting it (for a stall report mid-interval). */
  peek(): number {
    return stealMsSinceBoot() - this.last;
  }
}
