/** Test helper: the GatewayError a call failed with (fails the test if it resolved or threw something else). */
import { GatewayError } from '../../src/gateway/gateway-error.js';

export async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a GatewayError');
}
