/** The data gateway to the bank's core system: what the rest of Tellerline imports. */
export * from './core-banking.js';
export { businessCodes, businessCodeDescriptions, type BusinessCode } from './business-codes.js';
export { GatewayError, gatewayErrorCodes, isGatewayError, type GatewayErrorCode } from './gateway-error.js';
export { GatewayClient, type GatewayClientOptions, type RetryPolicy } from './gateway-client.js';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitSnapshot, type CircuitState } from './circuit-breaker.js';
export { ManualClock, systemClock, type Clock, type TimerHandle } from './clock.js';
export type { CoreTransport, TransportCallOptions } from './core-transport.js';
export {
  createCoreBanking,
  createHttpCoreBanking,
  createTcpCoreBanking,
  GatewayConfig,
  type GatewayDependencies,
} from './create-core-banking.js';
export { maskAccount, maskIdNumber, maskName, maskPhone, type NameMaskStyle } from './masking.js';
export { noopGatewayMetrics, type GatewayMetrics } from './metrics.js';
export { createPromGatewayMetrics } from './prom-metrics.js';
export {
  discardTransactionLog,
  MemoryTransactionLogSink,
  type TransactionLogEntry,
  type TransactionLogSink,
  type TransactionOutcome,
} from './transaction-log.js';
export { HttpTransport, type HttpTransportOptions } from './http/http-transport.js';
export { TcpTransport, type TcpTransportOptions } from './tcp/tcp-transport.js';
