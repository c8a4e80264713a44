/** What a flow node's step returns: the id of the next node, or the end of the call. */
export const END: unique symbol = Symbol('end');
export type Next = string | typeof END;
