export { configSchema, type Config, type ConfigInput } from './schema.js';
export { loadConfig, parseConfig, ConfigError, deepMerge, type LoadConfigOptions } from './load.js';
export { envKeys, configFromEnv, unknownEnvVariables, ENV_PREFIX, type EnvKey } from './env.js';
