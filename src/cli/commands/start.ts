import { defineCommand, EXIT } from '../command.js';
import { configFrom, reportFailure } from '../common.js';
import { envKeys, unknownEnvVariables } from '../../app-config.js';

function envTable(): string {
  return envKeys()
    .map((k) => `  ${k.variable.padEnd(44)} ${k.path.join('.')}${k.description ? ` — ${k.description}` : ''}`)
    .join('\n');
}

export default defineCommand({
  name: 'start',
  summary: 'run the server (HTTP API, records, and the layers plugged into it)',
  get usage() {
    return `Starts the server. Configuration comes from the JSON file given by --config (or
$TELLERLINE_CONFIG), with environment variables on top. On SIGTERM or SIGINT it stops taking
calls, lets calls in progress finish up to server.shutdownGraceMs, closes the card, flushes
records and exits 0. A second signal exits at once.

Exit codes: 0 stopped cleanly, 3 invalid configuration, 4 database unreachable (the message
names the database and the error), 5 stale migration lock, 1 anything else.

Environment variables (TELLERLINE_CONFIG names the file):
${envTable()}`;
  },
  options: {
    'no-migrate': { type: 'boolean' },
  },
  optionHelp: {
    'no-migrate': 'refuse to start if migrations are pending instead of applying them',
  },
  async run({ values, io }) {
    let config;
    try {
      config = configFrom(values, io);
    } catch (err) {
      return reportFailure(err, io, 'cannot start');
    }
    for (const variable of unknownEnvVariables(io.env)) io.stderr.write(`tellerline: warning: ${variable} names no configuration key\n`);
    // Loaded here, not at the top: `tellerline --help` should not load the whole server.
    const { createLogger } = await import('../../log/logger.js');
    const { createServer } = await import('../../server.js');
    const { productModules } = await import('../../modules.js');
    const logger = createLogger({ level: config.log.level, format: config.log.format });
    const { checkFilePermissions, SERVER_UMASK } = await import('../../config/file-permissions.js');
    // Everything the server creates (database, recordings, voicemail, faxes, journal, keys) is
    // closed to other users of the machine.
    process.umask(SERVER_UMASK);
    const permissions = checkFilePermissions(config);
    for (const warning of permissions.warnings) logger.warn(warning);
    if (permissions.problems.length > 0) {
      io.stderr.write(`tellerline: cannot start: files open to other users:\n${permissions.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return EXIT.config;
    }
    let server;
    try {
      server = await createServer({ config, logger, migrate: values['no-migrate'] ? 'require' : 'apply', modules: productModules() });
      await server.listen();
    } catch (err) {
      const code = reportFailure(err, io, 'cannot start');
      await server?.stop(1000).catch(() => undefined);
      return code;
    }
    const running = server;
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        logger.warn({ signal }, 'second signal: exiting at once');
        process.exit(130);
      }
      logger.info({ signal, graceMs: config.server.shutdownGraceMs }, 'shutting down');
      running
        .stop()
        .then(() => {
          logger.info('stopped');
          logger.flush(() => process.exit(EXIT.ok));
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          logger.flush(() => process.exit(EXIT.failure));
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    return -1;
  },
});
