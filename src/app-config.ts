/**
 * The product's configuration: the platform's sections plus those its modules own. Whatever
 * loads or validates a configuration for the whole product goes through here, so every
 * module's section is registered first.
 */
import './gateway/config-section.js';
import './fax/config-section.js';

export { configSchema, type Config, type ConfigInput } from './config/schema.js';
export { loadConfig, parseConfig, ConfigError, deepMerge, type LoadConfigOptions } from './config/load.js';
export { envKeys, configFromEnv, unknownEnvVariables, toUpperSnake, ENV_PREFIX, type EnvKey } from './config/env.js';
