/** GatewayMetrics on prom-client: one registry, metrics created on first use. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { GatewayCounter, GatewayGauge, GatewayHistogram, GatewayMetrics, MetricLabels } from './metrics.js';

const labelNames: Record<GatewayCounter | GatewayHistogram | GatewayGauge, string[]> = {
  gateway_requests_total: ['operation', 'adapter', 'outcome', 'code'],
  gateway_retries_total: ['operation', 'adapter', 'code'],
  gateway_txlog_failures_total: ['adapter'],
  gateway_circuit_transitions_total: ['adapter', 'to'],
  gateway_request_duration_ms: ['operation', 'adapter', 'outcome'],
  gateway_circuit_state: ['adapter'],
  gateway_pool_connections: ['adapter'],
  gateway_pool_in_flight: ['adapter'],
};

const help: Record<GatewayCounter | GatewayHistogram | GatewayGauge, string> = {
  gateway_requests_total: 'Requests to the core banking system, by outcome and code',
  gateway_retries_total: 'Query retries after a transport failure',
  gateway_txlog_failures_total: 'Transaction-log entries the sink failed to write',
  gateway_circuit_transitions_total: 'Circuit breaker state changes',
  gateway_request_duration_ms: 'Core request latency in milliseconds, retries included',
  gateway_circuit_state: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
  gateway_pool_connections: 'Open connections to the core',
  gateway_pool_in_flight: 'Requests awaiting an answer from the core',
};

export function createPromGatewayMetrics(registry: Registry): GatewayMetrics {
  const counters = new Map<string, Counter>();
  const histograms = new Map<string, Histogram>();
  const gauges = new Map<string, Gauge>();

  const counter = (name: GatewayCounter) => {
    let metric = counters.get(name);
    if (!metric) {
      metric = new Counter({ name, help: help[name], labelNames: labelNames[name], registers: [registry] });
      counters.set(name, metric);
    }
    return metric;
  };
  const histogram = (name: GatewayHistogram) => {
    let metric = histograms.get(name);
    if (!metric) {
      metric = new Histogram({
        name,
        help: help[name],
        labelNames: labelNames[name],
        buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        registers: [registry],
      });
      histograms.set(name, metric);
    }
    return metric;
  };
  const gauge = (name: GatewayGauge) => {
    let metric = gauges.get(name);
    if (!metric) {
      metric = new Gauge({ name, help: help[name], labelNames: labelNames[name], registers: [registry] });
      gauges.set(name, metric);
    }
    return metric;
  };

  return {
    increment: (name, labels: MetricLabels, by = 1) => counter(name).inc({ ...labels }, by),
    observe: (name, labels: MetricLabels, value) => histogram(name).observe({ ...labels }, value),
    setGauge: (name, labels: MetricLabels, value) => gauge(name).set({ ...labels }, value),
  };
}
