/** Q.850 cause values the product uses, with their standard names. */
export const Cause = {
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_TO_DESTINATION: 3,
  CHANNEL_UNACCEPTABLE: 6,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  NORMAL_UNSPECIFIED: 31,
  NO_CIRCUIT_AVAILABLE: 34,
  NETWORK_OUT_OF_ORDER: 38,
  TEMPORARY_FAILURE: 41,
  SWITCHING_EQUIPMENT_CONGESTION: 42,
  REQUESTED_CHANNEL_UNAVAILABLE: 44,
  RESOURCE_UNAVAILABLE: 47,
  INCOMPATIBLE_DESTINATION: 88,
  INVALID_MESSAGE: 95,
  MANDATORY_IE_MISSING: 96,
  RECOVERY_ON_TIMER_EXPIRY: 102,
  PROTOCOL_ERROR: 111,
  INTERWORKING: 127,
} as const;

const names: Record<number, string> = Object.fromEntries(
  Object.entries(Cause).map(([name, value]) => [value, name.toLowerCase().replace(/_/g, ' ')]),
);

/** "user busy (17)" */
export function describeCause(cause: number): string {
  return `${names[cause] ?? 'cause'} (${cause})`;
}
