import { defineCommand, EXIT } from '../command.js';
import { coreSimOptions } from '../../coresim/options.js';

export default defineCommand({
  name: 'core-sim',
  summary: 'run the core-banking simulator (both gateway protocols, seeded demo data)',
  usage: `Runs the core-banking simulator on its own: the HTTP/JSON and TCP fixed-length protocols of
the data gateway, plus an admin port to inject faults (latency, error rate, down). Its data is
seeded and kept in memory (see docs/demo-customers.md). \`tellerline start\` runs one for you
when coreSim.enabled is true (the default). Prints one JSON line when listening; stops on
SIGINT/SIGTERM.

  --host <addr> --http-port <n> --tcp-port <n> --admin-port <n>   (defaults 127.0.0.1, 7701-7703)
  --encoding gb18030|utf8   --seed <n>   --today YYYY-MM-DD
  --latency-ms <n>   --error-rate <0..1>   --down no|refuse|hang`,
  options: coreSimOptions,
  optionHelp: {},
  async run({ values, io }) {
    const { runCoreSim } = await import('../../coresim/index.js');
    const argv: string[] = [];
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string' && key !== 'config') argv.push(`--${key}`, value);
    }
    try {
      await runCoreSim(argv);
      return EXIT.ok;
    } catch (err) {
      io.stderr.write(`tellerline core-sim: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT.usage;
    }
  },
});
