// The values inside a JSON column (metadata, changes, raw) as the drawer lists them, each with the keys that reach
// it, so that every one can be filtered for or out as a dotted field (`raw.userIdentity.arn:…`). Pure.
import { MAX_PATH_KEYS } from '@shared/domain/query-ast';

export interface JsonLeaf {
  keys: string[];
  /** As json_extract_string reads it: a string as it is, anything else as JSON text; null for a JSON null. */
  value: string | null;
}

/**
 * The leaves of a JSON value, depth first in key order: strings, numbers, booleans, nulls, and empty objects and
 * arrays. Below MAX_PATH_KEYS keys (as deep as the query language reads) a subtree is one leaf, as JSON text. Only
 * the first `limit` are returned; `total` counts all, so the drawer can say how many it left out.
 */
export function jsonLeaves(root: unknown, limit: number): { leaves: JsonLeaf[]; total: number } {
  const leaves: JsonLeaf[] = [];
  let total = 0;
  const visit = (node: unknown, keys: string[]) => {
    const children =
      node !== null && typeof node === 'object' && keys.length < MAX_PATH_KEYS
        ? Array.isArray(node)
          ? node.map((child, i) => [String(i), child] as const)
          : Object.entries(node as Record<string, unknown>)
        : [];
    if (children.length > 0) {
      for (const [key, child] of children) visit(child, [...keys, key]);
      return;
    }
    if (keys.length === 0) return; // a scalar column has no keys to filter by
    total++;
    if (leaves.length < limit)
      leaves.push({ keys, value: node === null ? null : typeof node === 'string' ? node : JSON.stringify(node) });
  };
  visit(root, []);
  return { leaves, total };
}
