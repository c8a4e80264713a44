/**
 * The `gateway` section of the configuration: which adapter reaches the core banking system.
 * Default: the TCP fixed-length adapter against the bundled core-banking simulator.
 */
import { z } from 'zod';
import { registerConfigSection } from '../config/sections.js';
import { GatewayConfig } from './create-core-banking.js';

export const gatewayConfigSection = z
  .preprocess((value) => {
    // Partial settings (from environment variables) mean the default adapter against the simulator.
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const v = value as Record<string, unknown>;
    const adapter = v['adapter'] ?? 'tcp';
    return { ...v, adapter, port: v['port'] ?? (adapter === 'tcp' ? 7702 : 7701) };
  }, GatewayConfig)
  .prefault({ adapter: 'tcp', host: '127.0.0.1', port: 7702 });

registerConfigSection('gateway', gatewayConfigSection);

declare module '../config/sections.js' {
  interface ModuleConfigSections {
    gateway: typeof gatewayConfigSection;
  }
}
