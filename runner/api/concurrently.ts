/**
 * Awaits requests sent together and lets every one of them finish (so none is left in
 * flight when the journey moves on), then throws the first failure, if any.
 *
 * @example const [cancel, capture] = await concurrently([cancelOrder(), captureWebhook()]);
 */
export async function concurrently<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const values: T[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values;
}
