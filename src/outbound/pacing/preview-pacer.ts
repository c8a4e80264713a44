import type { Pacer } from './pacer.js';

/** Preview: the agent sees the record and dials it through the desk, so the dialler places nothing. */
export class PreviewPacer implements Pacer {
  callsToPlace(): number {
    return 0;
  }
}
