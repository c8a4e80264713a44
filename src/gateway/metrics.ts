/**
 * Metrics hooks, injected. The gateway reports through this small interface; the integrator
 * binds it to prom-client (see prom-metrics.ts) or anything else.
 *
 * Names and labels:
 * - counter   `gateway_requests_total`       {operation, adapter, outcome, code}
 * - counter   `gateway_retries_total`        {operation, adapter, code}
 * - counter   `gateway_txlog_failures_total` {adapter}
 * - histogram `gateway_request_duration_ms`  {operation, adapter, outcome}
 * - gauge     `gateway_circuit_state`        {adapter}  0 closed, 1 half-open, 2 open
 * - counter   `gateway_circuit_transitions_total` {adapter, to}
 * - gauge     `gateway_pool_connections`     {adapter}  open connections (TCP)
 * - gauge     `gateway_pool_in_flight`       {adapter}  requests awaiting an answer (TCP)
 */
export type GatewayCounter =
  | 'gateway_requests_total'
  | 'gateway_retries_total'
  | 'gateway_txlog_failures_total'
  | 'gateway_circuit_transitions_total';
export type GatewayHistogram = 'gateway_request_duration_ms';
export type GatewayGauge = 'gateway_circuit_state' | 'gateway_pool_connections' | 'gateway_pool_in_flight';
export type MetricLabels = Readonly<Record<string, string>>;

export interface GatewayMetrics {
  increment(name: GatewayCounter, labels: MetricLabels, by?: number): void;
  observe(name: GatewayHistogram, labels: MetricLabels, value: number): void;
  setGauge(name: GatewayGauge, labels: MetricLabels, value: number): void;
}

export const noopGatewayMetrics: GatewayMetrics = {
  increment() {},
  observe() {},
  setGauge() {},
};
