/**
 * What a transition changes, attribute by attribute: the stores write only these, so a concurrent writer's change to
 * another attribute (a hold flag set while a sender records its outcome) is kept. Maps one level down are compared
 * key by key (`notify.sms`, `channels.email`), so two channels recorded at once do not overwrite each other.
 */
export interface Change {
  path: [string] | [string, string];
  /** undefined: remove. */
  value: unknown;
}

type Row = Record<string, unknown>;

const isMap = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function changes(from: Row, next: Row): Change[] {
  const found: Change[] = [];
  for (const key of new Set([...Object.keys(from), ...Object.keys(next)])) {
    const before = from[key];
    const after = next[key];
    if (same(before, after)) continue;
    if (isMap(before) && isMap(after)) {
      for (const inner of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (!same(before[inner], after[inner])) found.push({ path: [key, inner], value: after[inner] });
      }
    } else {
      found.push({ path: [key], value: after });
    }
  }
  return found;
}

/** Applies changes to a copy of a stored row (the in-memory stores; DynamoDB does the same with SET and REMOVE). */
export function applyChanges<T extends object>(stored: T, list: Change[]): T {
  const copy = structuredClone(stored) as Row;
  for (const { path, value } of list) {
    const [key, inner] = path;
    if (inner === undefined) {
      if (value === undefined) delete copy[key];
      else copy[key] = structuredClone(value);
      continue;
    }
    const map = isMap(copy[key]) ? (copy[key] as Row) : (copy[key] = {});
    if (value === undefined) delete (map as Row)[inner];
    else (map as Row)[inner] = structuredClone(value);
  }
  return copy as T;
}
