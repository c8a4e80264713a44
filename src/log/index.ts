export { createLogger, silentLogger, type Logger, type CreateLoggerOptions } from './logger.js';
export { maskCardNumber, maskDigits, maskCardNumbersInText, passesLuhn } from './mask.js';
export { redactSecrets, isSecretKey, isCardKey, REDACTED } from './redact.js';
export { resolveLogFormat, prettyDestination, stdoutDestination, type LogFormat } from './log-destination.js';
