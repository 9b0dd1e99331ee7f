/**
 * A start-up done once per container and kept for its life. One that failed is forgotten, so that the next
 * invocation tries again (once the practice fills in the secret, say) instead of failing for good.
 */
export function memoise<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () =>
    (started ??= start().catch((error: unknown) => {
      started = undefined;
      throw error;
    }));
}
