import { useMemo, useState } from 'react';

/**
 * Search over a list the server returns whole (ACD configuration: tens of rows per tenant).
 */
export function useClientFilter<T>(rows: T[] | undefined, text: (row: T) => string) {
  const [search, setSearch] = useState('');
  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle ? (rows ?? []).filter((r) => text(r).toLowerCase().includes(needle)) : (rows ?? []);
  }, [rows, search, text]);
  return { search, setSearch, filtered };
}
