/** One fault the chaos run can put on the system and take away again. */
export interface Fault {
  name: string;
  /** What the fault does, in a few words (printed with its figures). */
  what: string;
  inject(): Promise<void>;
  remove(): Promise<void>;
}
