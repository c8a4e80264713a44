/**
 * Prometheus metrics. One prom-client Registry per server (so tests can run several servers in
 * one process); everything the product measures hangs off it.
 *
 * Other layers add metrics in one of two ways:
 * - create prom-client metrics with `registers: [metrics.registry]` (counters they increment);
 * - `metrics.registerCollector(name, fn)`: fn runs just before each scrape of /metrics, to copy
 *   a snapshot (engine counters, channel states, queue lengths) into gauges it owns.
 */
import { Registry, collectDefaultMetrics, Counter, Histogram } from 'prom-client';

export type Collector = () => void | Promise<void>;

export interface Metrics {
  readonly registry: Registry;
  /** Add a pre-scrape hook; returns a function that removes it. Names must be unique. */
  registerCollector(name: string, collect: Collector): () => void;
  /** Prometheus text exposition, after running every collector. */
  scrape(): Promise<string>;
  readonly contentType: string;
  readonly http: {
    requests: Counter<'method' | 'route' | 'status'>;
    duration: Histogram<'method' | 'route'>;
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'tellerline_' });
  const collectors = new Map<string, Collector>();
  const http = {
    requests: new Counter({
      name: 'tellerline_http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'tellerline_http_request_duration_seconds',
      help: 'HTTP request duration by method and route template',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
  return {
    registry,
    http,
    contentType: registry.contentType,
    registerCollector(name, collect) {
      if (collectors.has(name)) throw new Error(`metrics collector '${name}' is already registered`);
      collectors.set(name, collect);
      return () => {
        collectors.delete(name);
      };
    },
    async scrape() {
      // A failing collector must not take /metrics down with it: its gauges keep old values.
      await Promise.allSettled([...collectors.values()].map(async (c) => c()));
      return registry.metrics();
    },
  };
}
