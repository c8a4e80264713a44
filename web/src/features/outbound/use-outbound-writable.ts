import { useSession } from '../../lib/session.js';

/**
 * Whether this operator may change campaigns here: the outbound write routes act in the
 * operator's own tenant, so a platform administrator looking into another tenant only reads.
 */
export function useOutboundWritable(): boolean {
  const { can, tenantId } = useSession();
  return can('outbound:write') && !tenantId;
}
