/** The command-line options of `tellerline core-sim` (all strings, checked in runCoreSim). */
export const coreSimOptions = {
  host: { type: 'string' },
  'http-port': { type: 'string' },
  'tcp-port': { type: 'string' },
  'admin-port': { type: 'string' },
  encoding: { type: 'string' },
  seed: { type: 'string' },
  today: { type: 'string' },
  'latency-ms': { type: 'string' },
  'error-rate': { type: 'string' },
  down: { type: 'string' },
  'parent-pid': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-client-ca': { type: 'string' },
  'pin-block-format': { type: 'string' },
  'pin-block-key': { type: 'string' },
} as const;
