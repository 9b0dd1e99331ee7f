/**
 * What a container builds at start-up and keeps, without keeping a failure: a start-up that failed is tried again on
 * the next invocation (once the practice fills in the secret, say) instead of failing for the container's life.
 */

/**
 * A value loaded on first use and loaded again on the first use after it is `maxAgeMs` old (secrets: a rotated one
 * reaches warm containers within that time). A failed first load is forgotten. A failed reload keeps the value it
 * had (a Secrets Manager blip does not take the webhooks down), calls `onStale`, and is tried again `retryMs` later.
 */
export function refreshed<T>(
  load: () => Promise<T>,
  options: { maxAgeMs: number; retryMs: number; now?: () => number; onStale?: (error: unknown) => void },
): () => Promise<T> {
  const now = options.now ?? Date.now;
  let current: { value: T; loadedAt: number } | undefined;
  let loading: Promise<T> | undefined;
  return async () => {
    if (current && now() - current.loadedAt < options.maxAgeMs) return current.value;
    loading ??= load()
      .then(
        (value) => {
          current = { value, loadedAt: now() };
          return value;
        },
        (error: unknown) => {
          if (!current) throw error;
          current = { value: current.value, loadedAt: now() - options.maxAgeMs + options.retryMs };
          options.onStale?.(error);
          return current.value;
        },
      )
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
}

/**
 * What is built from a value (settings from a configuration, a container's dependencies from its configuration),
 * built once per value and built again for a new one. A build that throws is not kept.
 */
export const once = <C extends object, T>(build: (value: C) => T): ((value: C) => T) => {
  const built = new WeakMap<C, T>();
  return (value) => {
    if (!built.has(value)) built.set(value, build(value));
    return built.get(value) as T;
  };
};

/** Built on first use and kept (clients, templates on disk); a build that throws is tried again next time. */
export const lazy = <T>(build: () => T): (() => T) => {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
};
